package githubtest

import (
	"fmt"
	"net/http"
	"time"
	"unicode/utf8"

	"github.com/google/go-github/v60/github"
)

func init() {
	handlers["issues/create-comment"] = (*Server).createIssueComment
	handlers["issues/update-comment"] = (*Server).updateIssueComment
	handlers["issues/list-comments"] = (*Server).listIssueComments
	handlers["issues/delete-comment"] = (*Server).deleteIssueComment
	handlers["checks/create"] = (*Server).createCheckRun
	handlers["checks/update"] = (*Server).updateCheckRun
	handlers["checks/get"] = (*Server).getCheckRun
	handlers["checks/list-for-ref"] = (*Server).listCheckRuns
	handlers["checks/list-annotations"] = (*Server).listAnnotations
	bodyRules["checks/create"] = func(b map[string]any) []string { return checkRunRules(b, true) }
	bodyRules["checks/update"] = func(b map[string]any) []string { return checkRunRules(b, false) }
}

func (s *Server) issueCommentJSON(c *call, ic *IssueComment) *github.IssueComment {
	return &github.IssueComment{
		ID:        github.Int64(ic.ID),
		NodeID:    github.String(fmt.Sprintf("IC_%d", ic.ID)),
		Body:      github.String(ic.Body),
		User:      userOf(ic.User),
		CreatedAt: ts(ic.CreatedAt),
		UpdatedAt: ts(ic.UpdatedAt),
		URL:       github.String(fmt.Sprintf("%s/repos/%s/issues/comments/%d", s.apiBase(c), c.repo.fullName, ic.ID)),
		HTMLURL:   github.String(fmt.Sprintf("%s/%s/pull/%d#issuecomment-%d", s.htmlBase(c), c.repo.fullName, ic.Issue, ic.ID)),
		IssueURL:  github.String(fmt.Sprintf("%s/repos/%s/issues/%d", s.apiBase(c), c.repo.fullName, ic.Issue)),
	}
}

func (s *Server) createIssueComment(w http.ResponseWriter, c *call) {
	n := int(pathInt(c, "issue_number"))
	if c.repo.prs[n] == nil {
		writeError(w, http.StatusNotFound, "Not Found", docURL(c.op))
		return
	}
	now := s.now()
	ic := &IssueComment{ID: s.newID("issuecomment"), Issue: n, Body: str(c.body, "body"), User: c.login, CreatedAt: now, UpdatedAt: now}
	c.repo.issueComments = append(c.repo.issueComments, ic)
	writeJSON(w, http.StatusCreated, s.issueCommentJSON(c, ic))
}

func (s *Server) findIssueComment(w http.ResponseWriter, c *call) (int, *IssueComment) {
	id := pathInt(c, "comment_id")
	for i, ic := range c.repo.issueComments {
		if ic.ID == id {
			return i, ic
		}
	}
	writeError(w, http.StatusNotFound, "Not Found", docURL(c.op))
	return -1, nil
}

func (s *Server) updateIssueComment(w http.ResponseWriter, c *call) {
	if _, ic := s.findIssueComment(w, c); ic != nil {
		ic.Body = str(c.body, "body")
		ic.UpdatedAt = s.now()
		writeJSON(w, http.StatusOK, s.issueCommentJSON(c, ic))
	}
}

func (s *Server) deleteIssueComment(w http.ResponseWriter, c *call) {
	if i, ic := s.findIssueComment(w, c); ic != nil {
		c.repo.issueComments = append(c.repo.issueComments[:i], c.repo.issueComments[i+1:]...)
		w.WriteHeader(http.StatusNoContent)
	}
}

func (s *Server) listIssueComments(w http.ResponseWriter, c *call) {
	n := int(pathInt(c, "issue_number"))
	if c.repo.prs[n] == nil {
		writeError(w, http.StatusNotFound, "Not Found", docURL(c.op))
		return
	}
	var since time.Time
	if v := c.query.Get("since"); v != "" {
		since, _ = time.Parse(time.RFC3339, v)
	}
	var out []*github.IssueComment
	for _, ic := range c.repo.issueComments {
		if ic.Issue == n && !ic.UpdatedAt.Before(since) {
			out = append(out, s.issueCommentJSON(c, ic))
		}
	}
	writePage(w, c, out)
}

// checkRunRules are GitHub's check-run rules the schema does not express.
func checkRunRules(b map[string]any, create bool) []string {
	var errs []string
	if name, ok := b["name"]; ok && name == "" {
		errs = append(errs, `name is empty (go-github v60 sends "name":"" when UpdateCheckRunOptions.Name is unset: always send the name)`)
	}
	if create && str(b, "status") == "completed" && !has(b, "conclusion") {
		errs = append(errs, `conclusion is required when status is "completed"`)
	}
	if has(b, "completed_at") && !has(b, "conclusion") {
		errs = append(errs, "conclusion is required when completed_at is given")
	}
	out, _ := b["output"].(map[string]any)
	if out == nil {
		return errs
	}
	if !has(out, "title") {
		errs = append(errs, `output: "title" wasn't supplied`)
	}
	anns, _ := out["annotations"].([]any)
	for i, raw := range anns {
		a, _ := raw.(map[string]any)
		at := fmt.Sprintf("output.annotations[%d]", i)
		if num(a, "start_line") < 1 {
			errs = append(errs, at+": start_line must be at least 1")
		}
		if num(a, "end_line") < num(a, "start_line") {
			errs = append(errs, at+": end_line must not precede start_line")
		}
		if (has(a, "start_column") || has(a, "end_column")) && num(a, "start_line") != num(a, "end_line") {
			errs = append(errs, at+": start_column and end_column are only allowed when start_line equals end_line")
		}
		if n := utf8.RuneCountInString(str(a, "title")); n > 255 {
			errs = append(errs, fmt.Sprintf("%s.title: only 255 characters are allowed; %d were supplied", at, n))
		}
		for _, f := range []string{"message", "raw_details"} {
			if n := len(str(a, f)); n > 64*1024 {
				errs = append(errs, fmt.Sprintf("%s.%s: at most 64 KB is allowed; %d bytes were supplied", at, f, n))
			}
		}
	}
	return errs
}

func (s *Server) createCheckRun(w http.ResponseWriter, c *call) {
	sha := str(c.body, "head_sha")
	if c.repo.hasCommits() && !c.repo.knownCommit(sha) {
		writeError(w, http.StatusUnprocessableEntity, "No commit found for SHA: "+sha, docURL(c.op))
		return
	}
	cr := &CheckRun{ID: s.newID("checkrun"), Name: str(c.body, "name"), HeadSHA: sha, Status: "queued", App: c.login}
	if cr.App == "" {
		cr.App = s.app.Slug + "[bot]"
	}
	s.applyCheckRun(cr, c.body)
	if cr.StartedAt.IsZero() {
		cr.StartedAt = s.now()
	}
	c.repo.checkRuns = append(c.repo.checkRuns, cr)
	writeJSON(w, http.StatusCreated, s.checkRunJSON(c, cr))
}

// applyCheckRun copies body fields into cr; annotations are appended.
func (s *Server) applyCheckRun(cr *CheckRun, b map[string]any) {
	if v := str(b, "name"); v != "" {
		cr.Name = v
	}
	for field, dst := range map[string]*string{"status": &cr.Status, "external_id": &cr.ExternalID, "details_url": &cr.DetailsURL} {
		if has(b, field) {
			*dst = str(b, field)
		}
	}
	if has(b, "started_at") {
		cr.StartedAt, _ = time.Parse(time.RFC3339, str(b, "started_at"))
	}
	if has(b, "conclusion") {
		cr.Conclusion = str(b, "conclusion")
		cr.Status = "completed"
	}
	if cr.Status == "completed" {
		cr.CompletedAt = s.now()
		if has(b, "completed_at") {
			cr.CompletedAt, _ = time.Parse(time.RFC3339, str(b, "completed_at"))
		}
	}
	out, _ := b["output"].(map[string]any)
	if out == nil {
		return
	}
	for field, dst := range map[string]*string{"title": &cr.Title, "summary": &cr.Summary, "text": &cr.Text} {
		if has(out, field) {
			*dst = str(out, field)
		}
	}
	anns, _ := out["annotations"].([]any)
	for _, raw := range anns {
		a, _ := raw.(map[string]any)
		cr.Annotations = append(cr.Annotations, Annotation{
			Path: str(a, "path"), StartLine: int(num(a, "start_line")), EndLine: int(num(a, "end_line")),
			StartColumn: int(num(a, "start_column")), EndColumn: int(num(a, "end_column")),
			Level: str(a, "annotation_level"), Message: str(a, "message"), Title: str(a, "title"), RawDetails: str(a, "raw_details"),
		})
	}
}

func (s *Server) checkRunJSON(c *call, cr *CheckRun) *github.CheckRun {
	out := &github.CheckRun{
		ID:          github.Int64(cr.ID),
		NodeID:      github.String(fmt.Sprintf("CR_%d", cr.ID)),
		Name:        github.String(cr.Name),
		HeadSHA:     github.String(cr.HeadSHA),
		Status:      github.String(cr.Status),
		StartedAt:   ts(cr.StartedAt),
		CompletedAt: ts(cr.CompletedAt),
		URL:         github.String(fmt.Sprintf("%s/repos/%s/check-runs/%d", s.apiBase(c), c.repo.fullName, cr.ID)),
		HTMLURL:     github.String(fmt.Sprintf("%s/%s/runs/%d", s.htmlBase(c), c.repo.fullName, cr.ID)),
		App:         &github.App{ID: github.Int64(s.app.ID), Slug: github.String(s.app.Slug)},
		Output: &github.CheckRunOutput{
			Title:            github.String(cr.Title),
			Summary:          github.String(cr.Summary),
			Text:             github.String(cr.Text),
			AnnotationsCount: github.Int(len(cr.Annotations)),
			AnnotationsURL:   github.String(fmt.Sprintf("%s/repos/%s/check-runs/%d/annotations", s.apiBase(c), c.repo.fullName, cr.ID)),
		},
	}
	if cr.Conclusion != "" {
		out.Conclusion = github.String(cr.Conclusion)
	}
	if cr.ExternalID != "" {
		out.ExternalID = github.String(cr.ExternalID)
	}
	if cr.DetailsURL != "" {
		out.DetailsURL = github.String(cr.DetailsURL)
	}
	return out
}

func (s *Server) checkRun(w http.ResponseWriter, c *call) *CheckRun {
	id := pathInt(c, "check_run_id")
	for _, cr := range c.repo.checkRuns {
		if cr.ID == id {
			return cr
		}
	}
	writeError(w, http.StatusNotFound, "Not Found", docURL(c.op))
	return nil
}

func (s *Server) updateCheckRun(w http.ResponseWriter, c *call) {
	if cr := s.checkRun(w, c); cr != nil {
		s.applyCheckRun(cr, c.body)
		cr.Updates++
		writeJSON(w, http.StatusOK, s.checkRunJSON(c, cr))
	}
}

func (s *Server) getCheckRun(w http.ResponseWriter, c *call) {
	if cr := s.checkRun(w, c); cr != nil {
		writeJSON(w, http.StatusOK, s.checkRunJSON(c, cr))
	}
}

func (s *Server) listCheckRuns(w http.ResponseWriter, c *call) {
	ref := c.params["ref"]
	sha := ref
	for _, p := range c.repo.prs {
		if ref == p.HeadRef || ref == "refs/heads/"+p.HeadRef {
			sha = p.HeadSHA
		}
	}
	name, status := c.query.Get("check_name"), c.query.Get("status")
	latestOnly := c.query.Get("filter") != "all"
	var runs []*CheckRun
	seen := map[string]bool{}
	for i := len(c.repo.checkRuns) - 1; i >= 0; i-- { // newest first, as GitHub lists
		cr := c.repo.checkRuns[i]
		if cr.HeadSHA != sha || (name != "" && cr.Name != name) || (status != "" && cr.Status != status) {
			continue
		}
		if latestOnly && seen[cr.Name] {
			continue
		}
		seen[cr.Name] = true
		runs = append(runs, cr)
	}
	lo, hi := paginate(w, c, len(runs))
	out := &github.ListCheckRunsResults{Total: github.Int(len(runs)), CheckRuns: []*github.CheckRun{}}
	for _, cr := range runs[lo:hi] {
		out.CheckRuns = append(out.CheckRuns, s.checkRunJSON(c, cr))
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) listAnnotations(w http.ResponseWriter, c *call) {
	cr := s.checkRun(w, c)
	if cr == nil {
		return
	}
	lo, hi := paginate(w, c, len(cr.Annotations))
	out := []*github.CheckRunAnnotation{}
	for _, a := range cr.Annotations[lo:hi] {
		ga := &github.CheckRunAnnotation{
			Path: github.String(a.Path), StartLine: github.Int(a.StartLine), EndLine: github.Int(a.EndLine),
			AnnotationLevel: github.String(a.Level), Message: github.String(a.Message),
		}
		if a.StartColumn > 0 {
			ga.StartColumn = github.Int(a.StartColumn)
		}
		if a.EndColumn > 0 {
			ga.EndColumn = github.Int(a.EndColumn)
		}
		if a.Title != "" {
			ga.Title = github.String(a.Title)
		}
		if a.RawDetails != "" {
			ga.RawDetails = github.String(a.RawDetails)
		}
		out = append(out, ga)
	}
	writeJSON(w, http.StatusOK, out)
}
