package githubtest

import (
	"encoding/base64"
	"fmt"
	"maps"
	"net/http"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/google/go-github/v60/github"
)

// maxContentSize is the size above which repos/get-content returns
// encoding "none" unless the raw media type is requested.
const maxContentSize = 1 << 20

func init() {
	handlers["repos/get-content"] = (*Server).getContent
	handlers["git/get-tree"] = (*Server).getTree
	handlers["git/get-blob"] = (*Server).getBlob
	handlers["repos/compare-commits"] = (*Server).compare
	handlers["repos/compare-commits-with-basehead"] = (*Server).compare
	handlers["apps/create-installation-access-token"] = (*Server).createInstallationToken
	handlers["apps/get-repo-installation"] = (*Server).getRepoInstallation
	handlers["apps/get-installation"] = (*Server).getInstallation
	handlers["apps/get-authenticated"] = (*Server).getApp
	handlers["rate-limit/get"] = (*Server).getRateLimit
}

func wantsRaw(r *http.Request) bool {
	return strings.Contains(r.Header.Get("Accept"), ".raw")
}

func (s *Server) getContent(w http.ResponseWriter, c *call) {
	ref, ok := c.repo.resolveRef(c.query.Get("ref"))
	if !ok {
		writeError(w, http.StatusNotFound, "No commit found for the ref "+c.query.Get("ref"), docURL(c.op))
		return
	}
	files := c.repo.contents[ref]
	p := strings.Trim(c.params["path"], "/")
	if content, ok := files[p]; ok {
		if wantsRaw(c.r) {
			w.Header().Set("Content-Type", "application/vnd.github.raw; charset=utf-8")
			w.WriteHeader(http.StatusOK)
			_, _ = w.Write([]byte(content))
			return
		}
		writeJSON(w, http.StatusOK, s.fileContent(c, ref, p, content))
		return
	}
	var entries []*github.RepositoryContent
	seen := map[string]bool{}
	for _, f := range slices.Sorted(maps.Keys(files)) {
		rest, ok := strings.CutPrefix(f, p+"/")
		if !ok {
			continue
		}
		name, _, isDir := strings.Cut(rest, "/")
		if seen[name] {
			continue
		}
		seen[name] = true
		full := p + "/" + name
		if isDir {
			entries = append(entries, &github.RepositoryContent{Type: github.String("dir"), Name: github.String(name), Path: github.String(full), SHA: github.String(gitTreeSHA(ref, full))})
		} else {
			e := s.fileContent(c, ref, full, files[full])
			e.Content, e.Encoding = nil, nil
			entries = append(entries, e)
		}
	}
	if len(entries) == 0 {
		writeError(w, http.StatusNotFound, "Not Found", docURL(c.op))
		return
	}
	writeJSON(w, http.StatusOK, entries)
}

func (s *Server) fileContent(c *call, ref, p, content string) *github.RepositoryContent {
	sha := gitBlobSHA(content)
	rc := &github.RepositoryContent{
		Type:        github.String("file"),
		Name:        github.String(path.Base(p)),
		Path:        github.String(p),
		Size:        github.Int(len(content)),
		SHA:         github.String(sha),
		Encoding:    github.String("base64"),
		Content:     github.String(wrap60(base64.StdEncoding.EncodeToString([]byte(content)))),
		URL:         github.String(fmt.Sprintf("%s/repos/%s/contents/%s?ref=%s", s.apiBase(c), c.repo.fullName, p, ref)),
		GitURL:      github.String(fmt.Sprintf("%s/repos/%s/git/blobs/%s", s.apiBase(c), c.repo.fullName, sha)),
		HTMLURL:     github.String(fmt.Sprintf("%s/%s/blob/%s/%s", s.htmlBase(c), c.repo.fullName, ref, p)),
		DownloadURL: github.String(fmt.Sprintf("%s/%s/raw/%s/%s", s.htmlBase(c), c.repo.fullName, ref, p)),
	}
	if len(content) > maxContentSize {
		rc.Encoding, rc.Content = github.String("none"), github.String("")
	}
	return rc
}

// wrap60 breaks base64 text into 60-character lines, as GitHub does.
func wrap60(s string) string {
	var b strings.Builder
	for len(s) > 60 {
		b.WriteString(s[:60])
		b.WriteByte('\n')
		s = s[60:]
	}
	b.WriteString(s)
	b.WriteByte('\n')
	return b.String()
}

func (s *Server) getTree(w http.ResponseWriter, c *call) {
	treeSHA := c.params["tree_sha"]
	ref, dir := treeSHA, ""
	if tr, ok := c.repo.trees[treeSHA]; ok {
		ref, dir = tr.ref, tr.dir
	} else if resolved, ok := c.repo.resolveRef(treeSHA); ok {
		ref = resolved
	} else {
		writeError(w, http.StatusNotFound, "Not Found", docURL(c.op))
		return
	}
	recursive := c.query.Get("recursive") != "" && c.query.Get("recursive") != "0" && c.query.Get("recursive") != "false"
	files := c.repo.contents[ref]
	entries := []*github.TreeEntry{}
	dirs := map[string]bool{}
	prefix := ""
	if dir != "" {
		prefix = dir + "/"
	}
	addDir := func(rel string) {
		if dirs[rel] {
			return
		}
		dirs[rel] = true
		sha := gitTreeSHA(ref, prefix+rel)
		c.repo.trees[sha] = treeRef{ref: ref, dir: prefix + rel}
		entries = append(entries, &github.TreeEntry{Path: github.String(rel), Mode: github.String("040000"), Type: github.String("tree"), SHA: github.String(sha)})
	}
	for _, f := range slices.Sorted(maps.Keys(files)) {
		rel, ok := strings.CutPrefix(f, prefix)
		if !ok {
			continue
		}
		parts := strings.Split(rel, "/")
		if !recursive && len(parts) > 1 {
			addDir(parts[0])
			continue
		}
		for i := 1; i < len(parts); i++ {
			addDir(strings.Join(parts[:i], "/"))
		}
		content := files[f]
		entries = append(entries, &github.TreeEntry{
			Path: github.String(rel), Mode: github.String("100644"), Type: github.String("blob"),
			SHA: github.String(gitBlobSHA(content)), Size: github.Int(len(content)),
		})
	}
	sort.SliceStable(entries, func(i, j int) bool { return entries[i].GetPath() < entries[j].GetPath() })
	writeJSON(w, http.StatusOK, &github.Tree{SHA: github.String(treeSHA), Entries: entries, Truncated: github.Bool(false)})
}

func (s *Server) getBlob(w http.ResponseWriter, c *call) {
	sha := c.params["file_sha"]
	content, ok := c.repo.blobs[sha]
	if !ok {
		writeError(w, http.StatusNotFound, "Not Found", docURL(c.op))
		return
	}
	if wantsRaw(c.r) {
		w.Header().Set("Content-Type", "application/vnd.github.raw; charset=utf-8")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte(content))
		return
	}
	writeJSON(w, http.StatusOK, &github.Blob{
		SHA: github.String(sha), Size: github.Int(len(content)), Encoding: github.String("base64"),
		Content: github.String(wrap60(base64.StdEncoding.EncodeToString([]byte(content)))),
		URL:     github.String(fmt.Sprintf("%s/repos/%s/git/blobs/%s", s.apiBase(c), c.repo.fullName, sha)),
		NodeID:  github.String("B_" + sha[:8]),
	})
}

func (s *Server) compare(w http.ResponseWriter, c *call) {
	base, head := c.params["base"], c.params["head"]
	if bh, ok := c.params["basehead"]; ok {
		var found bool
		base, head, found = strings.Cut(bh, "...")
		if !found {
			base, head, found = strings.Cut(bh, "..")
		}
		if !found {
			writeError(w, http.StatusNotFound, "Not Found", docURL(c.op))
			return
		}
	}
	mergeBase, ok := c.repo.compares[base+"..."+head]
	var files []*github.CommitFile
	for _, p := range c.repo.prs {
		if (head == p.HeadSHA || head == p.HeadRef) && (base == p.BaseSHA || base == p.BaseRef || base == p.MergeBaseSHA) {
			if !ok {
				mergeBase, ok = p.MergeBaseSHA, true
			}
			files = s.commitFiles(c, p)
			break
		}
	}
	if !ok {
		writeError(w, http.StatusNotFound, "Not Found", docURL(c.op))
		return
	}
	lo, hi := paginate(w, c, 1) // one synthetic commit
	commits := []*github.RepositoryCommit{}
	if lo < hi {
		commits = append(commits, &github.RepositoryCommit{SHA: github.String(head)})
	}
	if len(files) > 300 {
		files = files[:300]
	}
	writeJSON(w, http.StatusOK, &github.CommitsComparison{
		BaseCommit:      &github.RepositoryCommit{SHA: github.String(base)},
		MergeBaseCommit: &github.RepositoryCommit{SHA: github.String(mergeBase)},
		Status:          github.String("ahead"),
		AheadBy:         github.Int(1),
		BehindBy:        github.Int(0),
		TotalCommits:    github.Int(1),
		Commits:         commits,
		Files:           nonNil(files),
		HTMLURL:         github.String(fmt.Sprintf("%s/%s/compare/%s...%s", s.htmlBase(c), c.repo.fullName, base, head)),
	})
}

func (s *Server) createInstallationToken(w http.ResponseWriter, c *call) {
	inst := s.installations[pathInt(c, "installation_id")]
	if inst == nil {
		writeError(w, http.StatusNotFound, "Not Found", docURL(c.op))
		return
	}
	repos := inst.repos
	if list, ok := c.body["repositories"].([]any); ok && len(list) > 0 {
		repos = nil
		for _, raw := range list {
			name, _ := raw.(string)
			full := ""
			for _, r := range inst.repos {
				if strings.EqualFold(r, name) || strings.EqualFold(r, inst.account+"/"+name) {
					full = r
				}
			}
			if full == "" {
				writeError(w, http.StatusUnprocessableEntity, "There is at least one repository that does not exist or is not accessible to the parent installation.", docURL(c.op))
				return
			}
			repos = append(repos, full)
		}
	}
	perms := inst.permissions
	if req, ok := c.body["permissions"].(map[string]any); ok && len(req) > 0 {
		perms = map[string]string{}
		for k, raw := range req {
			v, _ := raw.(string)
			if level(v) > level(inst.permissions[k]) {
				writeError(w, http.StatusUnprocessableEntity, "The permissions requested are not granted to this installation.", docURL(c.op))
				return
			}
			perms[k] = v
		}
	}
	s.nextIDs["token"]++
	tok := fmt.Sprintf("ghs_%06d%s", s.nextIDs["token"], strings.Repeat("x", 30))
	expires := s.clock().Add(s.tokenTTL).UTC().Truncate(time.Second)
	s.tokens[tok] = &Token{Login: s.app.Slug + "[bot]", Permissions: perms, Repos: repos, ExpiresAt: expires, InstallationID: inst.id}
	var repoList []*github.Repository
	for _, r := range repos {
		if st := s.repos[strings.ToLower(r)]; st != nil {
			repoList = append(repoList, s.repoJSON(c, st))
		}
	}
	writeJSON(w, http.StatusCreated, map[string]any{
		"token":                tok,
		"expires_at":           expires.Format(time.RFC3339),
		"permissions":          perms,
		"repository_selection": "selected",
		"repositories":         nonNil(repoList),
	})
}

func (s *Server) installationJSON(c *call, inst *installation) map[string]any {
	return map[string]any{
		"id":                   inst.id,
		"app_id":               s.app.ID,
		"app_slug":             s.app.Slug,
		"target_type":          "Organization",
		"account":              userOf(inst.account),
		"permissions":          inst.permissions,
		"events":               []string{"check_run", "check_suite", "pull_request"},
		"repository_selection": "selected",
		"access_tokens_url":    fmt.Sprintf("%s/app/installations/%d/access_tokens", s.apiBase(c), inst.id),
		"created_at":           "2024-01-01T00:00:00Z",
		"updated_at":           "2024-01-01T00:00:00Z",
	}
}

func (s *Server) getRepoInstallation(w http.ResponseWriter, c *call) {
	for _, id := range slices.Sorted(maps.Keys(s.installations)) {
		if inst := s.installations[id]; containsFold(inst.repos, c.repo.fullName) {
			writeJSON(w, http.StatusOK, s.installationJSON(c, inst))
			return
		}
	}
	writeError(w, http.StatusNotFound, "Not Found", docURL(c.op))
}

func (s *Server) getInstallation(w http.ResponseWriter, c *call) {
	inst := s.installations[pathInt(c, "installation_id")]
	if inst == nil {
		writeError(w, http.StatusNotFound, "Not Found", docURL(c.op))
		return
	}
	writeJSON(w, http.StatusOK, s.installationJSON(c, inst))
}

func (s *Server) getApp(w http.ResponseWriter, c *call) {
	writeJSON(w, http.StatusOK, map[string]any{
		"id": s.app.ID, "slug": s.app.Slug, "name": s.app.Slug, "client_id": s.app.ClientID,
		"owner": userOf("octo-org"), "permissions": defaultInstallationPermissions,
		"events": []string{"check_run", "check_suite", "pull_request"},
	})
}

func (s *Server) getRateLimit(w http.ResponseWriter, c *call) {
	h := w.Header()
	limit, _ := strconv.Atoi(h.Get("X-RateLimit-Limit"))
	remaining, _ := strconv.Atoi(h.Get("X-RateLimit-Remaining"))
	reset, _ := strconv.ParseInt(h.Get("X-RateLimit-Reset"), 10, 64)
	core := map[string]any{"limit": limit, "remaining": remaining, "used": limit - remaining, "reset": reset, "resource": "core"}
	writeJSON(w, http.StatusOK, map[string]any{"resources": map[string]any{"core": core}, "rate": core})
}
