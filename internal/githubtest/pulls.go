package githubtest

import (
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/go-github/v60/github"
)

// maxBody is GitHub's limit for comment and review bodies.
const maxBody = 65536

func init() {
	handlers["pulls/get"] = (*Server).getPR
	handlers["pulls/list-files"] = (*Server).listFiles
	handlers["pulls/create-review"] = (*Server).createReview
	handlers["pulls/list-reviews"] = (*Server).listReviews
	handlers["pulls/get-review"] = (*Server).getReview
	handlers["pulls/update-review"] = (*Server).updateReview
	handlers["pulls/dismiss-review"] = (*Server).dismissReview
	handlers["pulls/submit-review"] = (*Server).submitReview
	handlers["pulls/delete-pending-review"] = (*Server).deletePendingReview
	handlers["pulls/list-comments-for-review"] = (*Server).listCommentsForReview
	handlers["pulls/list-review-comments"] = (*Server).listReviewComments
	handlers["pulls/create-review-comment"] = (*Server).createReviewComment
	handlers["pulls/create-reply-for-review-comment"] = (*Server).createReply
	handlers["pulls/update-review-comment"] = (*Server).updateReviewComment
	handlers["pulls/delete-review-comment"] = (*Server).deleteReviewComment

	bodyRules["pulls/create-review"] = createReviewRules
	bodyRules["pulls/create-review-comment"] = createReviewCommentRules
	for _, op := range []string{"pulls/update-review-comment", "pulls/create-reply-for-review-comment", "pulls/update-review", "issues/create-comment", "issues/update-comment"} {
		bodyRules[op] = func(b map[string]any) []string { return bodyLength("body", str(b, "body")) }
	}
}

func bodyLength(field, body string) []string {
	if n := utf8.RuneCountInString(body); n > maxBody {
		return []string{fmt.Sprintf("%s is too long (maximum is %d characters, got %d)", field, maxBody, n)}
	}
	return nil
}

func checkSide(at, field, v string) []string {
	if v != "" && v != "LEFT" && v != "RIGHT" {
		return []string{fmt.Sprintf("%s.%s: %q is not one of LEFT, RIGHT", at, field, v)}
	}
	return nil
}

// lineStyleRules checks one comment's location fields.
func lineStyleRules(at string, c map[string]any, allowFile bool) []string {
	var errs []string
	errs = append(errs, bodyLength(at+".body", str(c, "body"))...)
	errs = append(errs, checkSide(at, "side", str(c, "side"))...)
	errs = append(errs, checkSide(at, "start_side", str(c, "start_side"))...)
	hasLine, hasPos := has(c, "line"), has(c, "position")
	isFile := allowFile && str(c, "subject_type") == "file"
	switch {
	case hasLine && hasPos:
		errs = append(errs, at+": position and line cannot be used together")
	case !hasLine && !hasPos && !isFile:
		errs = append(errs, at+`: "line" wasn't supplied (or "position", deprecated)`)
	}
	if has(c, "start_line") {
		if !hasLine {
			errs = append(errs, at+": start_line needs line")
		} else if num(c, "start_line") >= num(c, "line") {
			errs = append(errs, fmt.Sprintf("%s: start_line (%d) must precede line (%d)", at, num(c, "start_line"), num(c, "line")))
		}
	}
	if hasLine && num(c, "line") < 1 {
		errs = append(errs, at+": line must be at least 1")
	}
	return errs
}

func createReviewRules(b map[string]any) []string {
	errs := bodyLength("body", str(b, "body"))
	comments, _ := b["comments"].([]any)
	for i, raw := range comments {
		if c, ok := raw.(map[string]any); ok {
			errs = append(errs, lineStyleRules(fmt.Sprintf("comments[%d]", i), c, false)...)
		}
	}
	ev := str(b, "event")
	if (ev == "COMMENT" || ev == "REQUEST_CHANGES") && str(b, "body") == "" && len(comments) == 0 {
		errs = append(errs, "body is required when event is "+ev+" and there are no comments")
	}
	return errs
}

func createReviewCommentRules(b map[string]any) []string {
	if has(b, "in_reply_to") {
		return bodyLength("body", str(b, "body"))
	}
	return lineStyleRules("comment", b, true)
}

func (s *Server) pr(w http.ResponseWriter, c *call) *PR {
	p := c.repo.prs[int(pathInt(c, "pull_number"))]
	if p == nil {
		writeError(w, http.StatusNotFound, "Not Found", docURL(c.op))
	}
	return p
}

func (s *Server) getPR(w http.ResponseWriter, c *call) {
	p := s.pr(w, c)
	if p == nil {
		return
	}
	accept := c.r.Header.Get("Accept")
	if strings.Contains(accept, "diff") || strings.Contains(accept, "patch") {
		s.writeDiff(w, c, p)
		return
	}
	add, del := 0, 0
	for _, f := range p.Files {
		add += f.Additions
		del += f.Deletions
	}
	headRepo := repoJSONFor(s.apiBase(c), s.htmlBase(c), p.HeadRepo, c.repo.id+1_000_000, p.Fork, p.HeadRef)
	if !p.Fork {
		headRepo = s.repoJSON(c, c.repo)
	}
	headOwner, _, _ := strings.Cut(p.HeadRepo, "/")
	out := &github.PullRequest{
		ID:           github.Int64(int64(p.Number) + c.repo.id*1000),
		Number:       github.Int(p.Number),
		State:        github.String(p.State),
		Title:        github.String(p.Title),
		Body:         github.String(p.Body),
		Draft:        github.Bool(p.Draft),
		Merged:       github.Bool(false),
		User:         userOf(p.Author),
		ChangedFiles: github.Int(len(p.Files)),
		Additions:    github.Int(add),
		Deletions:    github.Int(del),
		URL:          github.String(fmt.Sprintf("%s/repos/%s/pulls/%d", s.apiBase(c), c.repo.fullName, p.Number)),
		HTMLURL:      github.String(fmt.Sprintf("%s/%s/pull/%d", s.htmlBase(c), c.repo.fullName, p.Number)),
		Head: &github.PullRequestBranch{
			Label: github.String(headOwner + ":" + p.HeadRef),
			Ref:   github.String(p.HeadRef),
			SHA:   github.String(p.HeadSHA),
			Repo:  headRepo,
			User:  userOf(headOwner),
		},
		Base: &github.PullRequestBranch{
			Label: github.String(c.repo.owner() + ":" + p.BaseRef),
			Ref:   github.String(p.BaseRef),
			SHA:   github.String(p.BaseSHA),
			Repo:  s.repoJSON(c, c.repo),
			User:  userOf(c.repo.owner()),
		},
	}
	writeJSON(w, http.StatusOK, out)
}

// writeDiff serves the PR as a unified diff, refusing above GitHub's limits
// (300 files or 20,000 lines) with 406 too_large.
func (s *Server) writeDiff(w http.ResponseWriter, c *call, p *PR) {
	var b strings.Builder
	lines := 0
	for _, f := range p.Files {
		old := f.Filename
		if f.PreviousFilename != "" {
			old = f.PreviousFilename
		}
		fmt.Fprintf(&b, "diff --git a/%s b/%s\n", old, f.Filename)
		switch f.Status {
		case "added":
			fmt.Fprintf(&b, "new file mode 100644\n--- /dev/null\n+++ b/%s\n", f.Filename)
		case "removed":
			fmt.Fprintf(&b, "deleted file mode 100644\n--- a/%s\n+++ /dev/null\n", old)
		default:
			if f.PreviousFilename != "" {
				fmt.Fprintf(&b, "rename from %s\nrename to %s\n", old, f.Filename)
			}
			fmt.Fprintf(&b, "--- a/%s\n+++ b/%s\n", old, f.Filename)
		}
		if f.Patch != "" {
			b.WriteString(strings.TrimSuffix(f.Patch, "\n"))
			b.WriteString("\n")
			lines += strings.Count(f.Patch, "\n") + 1
		}
	}
	if len(p.Files) > 300 || lines > 20000 {
		writeError(w, http.StatusNotAcceptable, "Sorry, the diff exceeded the maximum number of files (300). Consider using 'List pull requests files' API or locally cloning the repository instead.",
			docURL(c.op), map[string]any{"resource": "PullRequest", "field": "diff", "code": "too_large"})
		return
	}
	w.Header().Set("Content-Type", "application/vnd.github.v3.diff; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write([]byte(b.String()))
}

func (s *Server) listFiles(w http.ResponseWriter, c *call) {
	p := s.pr(w, c)
	if p == nil {
		return
	}
	files := s.commitFiles(c, p)
	writePage(w, c, files)
}

func (s *Server) commitFiles(c *call, p *PR) []*github.CommitFile {
	files := make([]*github.CommitFile, 0, len(p.Files))
	for _, f := range p.Files {
		sha := f.SHA
		if sha == "" && f.Status != "removed" {
			if content, ok := c.repo.contents[p.HeadSHA][f.Filename]; ok {
				sha = gitBlobSHA(content)
			}
		}
		cf := &github.CommitFile{
			Filename:    github.String(f.Filename),
			Status:      github.String(f.Status),
			Additions:   github.Int(f.Additions),
			Deletions:   github.Int(f.Deletions),
			Changes:     github.Int(f.Additions + f.Deletions),
			BlobURL:     github.String(fmt.Sprintf("%s/%s/blob/%s/%s", s.htmlBase(c), c.repo.fullName, p.HeadSHA, f.Filename)),
			RawURL:      github.String(fmt.Sprintf("%s/%s/raw/%s/%s", s.htmlBase(c), c.repo.fullName, p.HeadSHA, f.Filename)),
			ContentsURL: github.String(fmt.Sprintf("%s/repos/%s/contents/%s?ref=%s", s.apiBase(c), c.repo.fullName, f.Filename, p.HeadSHA)),
		}
		if sha != "" {
			cf.SHA = github.String(sha)
		}
		if f.Patch != "" {
			cf.Patch = github.String(f.Patch)
		}
		if f.PreviousFilename != "" {
			cf.PreviousFilename = github.String(f.PreviousFilename)
		}
		files = append(files, cf)
	}
	return files
}

// placementErrors applies RejectCommentsOutsideDiff to one comment.
func placementErrors(p *PR, cm map[string]any) []string {
	path := str(cm, "path")
	var file *PRFile
	for i := range p.Files {
		if p.Files[i].Filename == path {
			file = &p.Files[i]
		}
	}
	if file == nil {
		return []string{"Path could not be resolved"}
	}
	if str(cm, "subject_type") == "file" {
		return nil
	}
	if file.Patch == "" {
		return []string{"Pull request review thread diff hunk can't be blank"}
	}
	h := parsePatch(file.Patch)
	if has(cm, "position") {
		if pos := int(num(cm, "position")); pos < 1 || pos > h.patchLen {
			return []string{"Pull request review thread position is invalid"}
		}
		return nil
	}
	if msg := h.diffProblem(int(num(cm, "line")), int(num(cm, "start_line")), str(cm, "side"), str(cm, "start_side")); msg != "" {
		return []string{msg}
	}
	return nil
}

func rejectPlacement(w http.ResponseWriter, c *call, errs []string) {
	list := make([]any, len(errs))
	for i, e := range errs {
		list[i] = e
	}
	writeError(w, http.StatusUnprocessableEntity, "Unprocessable Entity", docURL(c.op), list...)
}

func reviewState(event string) string {
	switch event {
	case "APPROVE":
		return "APPROVED"
	case "REQUEST_CHANGES":
		return "CHANGES_REQUESTED"
	case "COMMENT":
		return "COMMENTED"
	}
	return "PENDING"
}

func (s *Server) createReview(w http.ResponseWriter, c *call) {
	p := s.pr(w, c)
	if p == nil {
		return
	}
	b := c.body
	if b == nil {
		b = map[string]any{}
	}
	comments, _ := b["comments"].([]any)
	if s.rejectOutsideDiff {
		var errs []string
		for _, raw := range comments {
			errs = append(errs, placementErrors(p, raw.(map[string]any))...)
		}
		if len(errs) > 0 {
			rejectPlacement(w, c, errs)
			return
		}
	}
	state := reviewState(str(b, "event"))
	if state == "PENDING" {
		for _, rv := range c.repo.reviews {
			if rv.PR == p.Number && rv.User == c.login && rv.State == "PENDING" {
				rejectPlacement(w, c, []string{"User can only have one pending review per pull request"})
				return
			}
		}
	}
	commit := str(b, "commit_id")
	if commit == "" {
		commit = p.HeadSHA
	}
	rv := &Review{ID: s.newID("review"), PR: p.Number, State: state, Body: str(b, "body"), CommitID: commit, User: c.login}
	if state != "PENDING" {
		rv.SubmittedAt = s.now()
	}
	c.repo.reviews = append(c.repo.reviews, rv)
	for _, raw := range comments {
		cm := raw.(map[string]any)
		s.storeComment(c, p, rv.ID, commit, cm)
	}
	writeJSON(w, http.StatusOK, s.reviewJSON(c, rv))
}

func (s *Server) storeComment(c *call, p *PR, reviewID int64, commit string, cm map[string]any) *ReviewComment {
	now := s.now()
	rc := &ReviewComment{
		ID: s.newID("comment"), PR: p.Number, ReviewID: reviewID,
		Path: str(cm, "path"), Line: int(num(cm, "line")), StartLine: int(num(cm, "start_line")),
		Side: str(cm, "side"), StartSide: str(cm, "start_side"), Position: int(num(cm, "position")),
		SubjectType: str(cm, "subject_type"), Body: str(cm, "body"), CommitID: commit, User: c.login,
		CreatedAt: now, UpdatedAt: now,
	}
	if rc.SubjectType == "" {
		rc.SubjectType = "line"
	}
	if rc.Side == "" && rc.SubjectType == "line" {
		rc.Side = "RIGHT"
	}
	if rc.StartLine > 0 && rc.StartSide == "" {
		rc.StartSide = rc.Side
	}
	if rc.SubjectType == "file" {
		rc.Line = 1 // GitHub reports line 1 for file comments
	}
	c.repo.comments = append(c.repo.comments, rc)
	return rc
}

func (s *Server) reviewJSON(c *call, rv *Review) *github.PullRequestReview {
	return &github.PullRequestReview{
		ID:             github.Int64(rv.ID),
		NodeID:         github.String(fmt.Sprintf("PRR_%d", rv.ID)),
		User:           userOf(rv.User),
		Body:           github.String(rv.Body),
		State:          github.String(rv.State),
		CommitID:       github.String(rv.CommitID),
		SubmittedAt:    ts(rv.SubmittedAt),
		HTMLURL:        github.String(fmt.Sprintf("%s/%s/pull/%d#pullrequestreview-%d", s.htmlBase(c), c.repo.fullName, rv.PR, rv.ID)),
		PullRequestURL: github.String(fmt.Sprintf("%s/repos/%s/pulls/%d", s.apiBase(c), c.repo.fullName, rv.PR)),
	}
}

func (s *Server) commentJSON(c *call, rc *ReviewComment) *github.PullRequestComment {
	out := &github.PullRequestComment{
		ID:                  github.Int64(rc.ID),
		NodeID:              github.String(fmt.Sprintf("PRRC_%d", rc.ID)),
		Body:                github.String(rc.Body),
		Path:                github.String(rc.Path),
		CommitID:            github.String(rc.CommitID),
		OriginalCommitID:    github.String(rc.CommitID),
		User:                userOf(rc.User),
		SubjectType:         github.String(rc.SubjectType),
		CreatedAt:           ts(rc.CreatedAt),
		UpdatedAt:           ts(rc.UpdatedAt),
		URL:                 github.String(fmt.Sprintf("%s/repos/%s/pulls/comments/%d", s.apiBase(c), c.repo.fullName, rc.ID)),
		HTMLURL:             github.String(fmt.Sprintf("%s/%s/pull/%d#discussion_r%d", s.htmlBase(c), c.repo.fullName, rc.PR, rc.ID)),
		PullRequestURL:      github.String(fmt.Sprintf("%s/repos/%s/pulls/%d", s.apiBase(c), c.repo.fullName, rc.PR)),
		PullRequestReviewID: github.Int64(rc.ReviewID),
	}
	if rc.Line > 0 {
		out.Line, out.OriginalLine = github.Int(rc.Line), github.Int(rc.Line)
	}
	if rc.StartLine > 0 {
		out.StartLine, out.OriginalStartLine = github.Int(rc.StartLine), github.Int(rc.StartLine)
		out.StartSide = github.String(rc.StartSide)
	}
	if rc.Side != "" {
		out.Side = github.String(rc.Side)
	}
	if rc.Position > 0 {
		out.Position, out.OriginalPosition = github.Int(rc.Position), github.Int(rc.Position)
	}
	if rc.InReplyTo != 0 {
		out.InReplyTo = github.Int64(rc.InReplyTo)
	}
	return out
}

func (s *Server) listReviews(w http.ResponseWriter, c *call) {
	p := s.pr(w, c)
	if p == nil {
		return
	}
	var out []*github.PullRequestReview
	for _, rv := range c.repo.reviews {
		if rv.PR == p.Number {
			out = append(out, s.reviewJSON(c, rv))
		}
	}
	writePage(w, c, out)
}

// review finds the review of the path, answering 404 when absent.
func (s *Server) review(w http.ResponseWriter, c *call) *Review {
	id, pr := pathInt(c, "review_id"), int(pathInt(c, "pull_number"))
	for _, rv := range c.repo.reviews {
		if rv.ID == id && rv.PR == pr {
			return rv
		}
	}
	writeError(w, http.StatusNotFound, "Not Found", docURL(c.op))
	return nil
}

func (s *Server) getReview(w http.ResponseWriter, c *call) {
	if rv := s.review(w, c); rv != nil {
		writeJSON(w, http.StatusOK, s.reviewJSON(c, rv))
	}
}

func (s *Server) updateReview(w http.ResponseWriter, c *call) {
	if rv := s.review(w, c); rv != nil {
		rv.Body = str(c.body, "body")
		writeJSON(w, http.StatusOK, s.reviewJSON(c, rv))
	}
}

func (s *Server) dismissReview(w http.ResponseWriter, c *call) {
	rv := s.review(w, c)
	if rv == nil {
		return
	}
	switch rv.State {
	case "APPROVED", "CHANGES_REQUESTED":
		rv.State = "DISMISSED"
		writeJSON(w, http.StatusOK, s.reviewJSON(c, rv))
	default:
		writeError(w, http.StatusUnprocessableEntity, "Can not dismiss a "+strings.ToLower(rv.State)+" pull request review", docURL(c.op))
	}
}

// pendingReview finds the review of the path like review, answering 422
// when it is no longer pending (GitHub's wording names the verb).
func (s *Server) pendingReview(w http.ResponseWriter, c *call, verb string) *Review {
	rv := s.review(w, c)
	if rv != nil && rv.State != "PENDING" {
		writeError(w, http.StatusUnprocessableEntity, "Can not "+verb+" a non-pending pull request review", docURL(c.op))
		return nil
	}
	return rv
}

func (s *Server) submitReview(w http.ResponseWriter, c *call) {
	rv := s.pendingReview(w, c, "submit")
	if rv == nil {
		return
	}
	rv.State = reviewState(str(c.body, "event"))
	if b := str(c.body, "body"); b != "" {
		rv.Body = b
	}
	rv.SubmittedAt = s.now()
	writeJSON(w, http.StatusOK, s.reviewJSON(c, rv))
}

func (s *Server) deletePendingReview(w http.ResponseWriter, c *call) {
	rv := s.pendingReview(w, c, "delete")
	if rv == nil {
		return
	}
	out := s.reviewJSON(c, rv)
	c.repo.reviews = slices.DeleteFunc(c.repo.reviews, func(x *Review) bool { return x == rv })
	c.repo.comments = slices.DeleteFunc(c.repo.comments, func(x *ReviewComment) bool { return x.ReviewID == rv.ID })
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) listCommentsForReview(w http.ResponseWriter, c *call) {
	rv := s.review(w, c)
	if rv == nil {
		return
	}
	var out []*github.PullRequestComment
	for _, rc := range c.repo.comments {
		if rc.ReviewID == rv.ID {
			out = append(out, s.commentJSON(c, rc))
		}
	}
	writePage(w, c, out)
}

func (s *Server) listReviewComments(w http.ResponseWriter, c *call) {
	p := s.pr(w, c)
	if p == nil {
		return
	}
	var since time.Time
	if v := c.query.Get("since"); v != "" {
		since, _ = time.Parse(time.RFC3339, v)
	}
	var list []*ReviewComment
	for _, rc := range c.repo.comments {
		if rc.PR == p.Number && !rc.UpdatedAt.Before(since) {
			list = append(list, rc)
		}
	}
	if c.query.Get("sort") != "" {
		key := func(rc *ReviewComment) time.Time { return rc.CreatedAt }
		if c.query.Get("sort") == "updated" {
			key = func(rc *ReviewComment) time.Time { return rc.UpdatedAt }
		}
		desc := c.query.Get("direction") == "desc"
		sort.SliceStable(list, func(i, j int) bool {
			if desc {
				return key(list[i]).After(key(list[j]))
			}
			return key(list[i]).Before(key(list[j]))
		})
	}
	lo, hi := paginate(w, c, len(list))
	out := make([]*github.PullRequestComment, 0, hi-lo)
	for _, rc := range list[lo:hi] {
		out = append(out, s.commentJSON(c, rc))
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) createReviewComment(w http.ResponseWriter, c *call) {
	p := s.pr(w, c)
	if p == nil {
		return
	}
	if parentID := num(c.body, "in_reply_to"); parentID != 0 {
		s.reply(w, c, p, parentID)
		return
	}
	if s.rejectOutsideDiff {
		if errs := placementErrors(p, c.body); len(errs) > 0 {
			rejectPlacement(w, c, errs)
			return
		}
	}
	rc := s.storeComment(c, p, s.soloReview(c, p, str(c.body, "commit_id")), str(c.body, "commit_id"), c.body)
	writeJSON(w, http.StatusCreated, s.commentJSON(c, rc))
}

// soloReview records the single-comment review GitHub creates around a
// stand-alone review comment.
func (s *Server) soloReview(c *call, p *PR, commit string) int64 {
	rv := &Review{ID: s.newID("review"), PR: p.Number, State: "COMMENTED", CommitID: commit, User: c.login, SubmittedAt: s.now()}
	c.repo.reviews = append(c.repo.reviews, rv)
	return rv.ID
}

func (s *Server) createReply(w http.ResponseWriter, c *call) {
	p := s.pr(w, c)
	if p == nil {
		return
	}
	s.reply(w, c, p, pathInt(c, "comment_id"))
}

func (s *Server) reply(w http.ResponseWriter, c *call, p *PR, parentID int64) {
	parent := findComment(c.repo, parentID)
	if parent == nil || parent.PR != p.Number {
		writeError(w, http.StatusNotFound, "Not Found", docURL(c.op))
		return
	}
	now := s.now()
	rc := &ReviewComment{
		ID: s.newID("comment"), PR: p.Number, InReplyTo: parent.ID,
		Path: parent.Path, Line: parent.Line, StartLine: parent.StartLine, Side: parent.Side, StartSide: parent.StartSide,
		SubjectType: parent.SubjectType, Body: str(c.body, "body"), CommitID: parent.CommitID, User: c.login,
		CreatedAt: now, UpdatedAt: now,
	}
	rc.ReviewID = s.soloReview(c, p, parent.CommitID)
	c.repo.comments = append(c.repo.comments, rc)
	writeJSON(w, http.StatusCreated, s.commentJSON(c, rc))
}

func (s *Server) updateReviewComment(w http.ResponseWriter, c *call) {
	rc := findComment(c.repo, pathInt(c, "comment_id"))
	if rc == nil {
		writeError(w, http.StatusNotFound, "Not Found", docURL(c.op))
		return
	}
	rc.Body = str(c.body, "body")
	rc.UpdatedAt = s.now()
	writeJSON(w, http.StatusOK, s.commentJSON(c, rc))
}

func (s *Server) deleteReviewComment(w http.ResponseWriter, c *call) {
	id := pathInt(c, "comment_id")
	for i, rc := range c.repo.comments {
		if rc.ID == id {
			c.repo.comments = append(c.repo.comments[:i], c.repo.comments[i+1:]...)
			w.WriteHeader(http.StatusNoContent)
			return
		}
	}
	writeError(w, http.StatusNotFound, "Not Found", docURL(c.op))
}

// nonNil makes empty lists encode as [] rather than null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
