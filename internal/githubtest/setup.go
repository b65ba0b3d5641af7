package githubtest

import (
	"sort"
	"strings"
)

// AddRepo registers repository fullName ("owner/name") with default branch
// "main". Setters that name a repository create it too.
func (s *Server) AddRepo(fullName string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.repoLocked(fullName)
}

// AddPR adds pull request pr to repo, or replaces the one with the same
// number: call it again with a new HeadSHA and Files to simulate a push or a
// force-push (reviews and comments are kept, as on GitHub).
func (s *Server) AddPR(repo string, pr PR) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.repoLocked(repo)
	if pr.Number <= 0 {
		s.t.Fatalf("githubtest: AddPR %s: PR number must be positive", repo)
	}
	n := normalizePR(r.fullName, pr)
	r.prs[pr.Number] = &n
	hist := r.headHistory[pr.Number]
	if len(hist) == 0 || hist[len(hist)-1] != n.HeadSHA {
		r.headHistory[pr.Number] = append(hist, n.HeadSHA)
	}
}

// SetContent stores content for path at ref (a SHA or branch name) for
// repos/get-content, git/get-tree and git/get-blob.
func (s *Server) SetContent(repo, ref, path, content string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.repoLocked(repo)
	files := r.contents[ref]
	if files == nil {
		files = map[string]string{}
		r.contents[ref] = files
	}
	files[strings.TrimPrefix(path, "/")] = content
	r.blobs[gitBlobSHA(content)] = content
}

// SetMergeBase makes compare(base...head) report mergeBase, overriding what
// the PRs imply.
func (s *Server) SetMergeBase(repo, base, head, mergeBase string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.repoLocked(repo).compares[base+"..."+head] = mergeBase
}

// AddReviewComment stores a review comment written by someone else (e.g. a
// human reply with InReplyTo) and returns its ID. User defaults to "octocat",
// Side to RIGHT, CommitID to the PR head.
func (s *Server) AddReviewComment(repo string, pr int, c ReviewComment) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.repoLocked(repo)
	c.ID = s.newID("comment")
	c.PR = pr
	if c.User == "" {
		c.User = "octocat"
	}
	if c.Side == "" && c.SubjectType != "file" {
		c.Side = "RIGHT"
	}
	if p := r.prs[pr]; p != nil && c.CommitID == "" {
		c.CommitID = p.HeadSHA
	}
	if parent := findComment(r, c.InReplyTo); parent != nil {
		c.Path, c.Line, c.Side, c.StartLine, c.StartSide = parent.Path, parent.Line, parent.Side, parent.StartLine, parent.StartSide
	}
	if c.CreatedAt.IsZero() {
		c.CreatedAt = s.now()
	}
	c.UpdatedAt = c.CreatedAt
	r.comments = append(r.comments, &c)
	return c.ID
}

// AddIssueComment stores a conversation comment by user on PR (or issue) pr
// and returns its ID.
func (s *Server) AddIssueComment(repo string, pr int, user, body string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.repoLocked(repo)
	now := s.now()
	c := &IssueComment{ID: s.newID("issuecomment"), Issue: pr, Body: body, User: user, CreatedAt: now, UpdatedAt: now}
	r.issueComments = append(r.issueComments, c)
	return c.ID
}

// Reviews returns the reviews on repo's PR pr in creation order.
func (s *Server) Reviews(repo string, pr int) []Review {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Review
	if r := s.repos[strings.ToLower(repo)]; r != nil {
		for _, rv := range r.reviews {
			if rv.PR == pr {
				out = append(out, *rv)
			}
		}
	}
	return out
}

// ReviewComments returns the review comments on repo's PR pr in ID order.
func (s *Server) ReviewComments(repo string, pr int) []ReviewComment {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []ReviewComment
	if r := s.repos[strings.ToLower(repo)]; r != nil {
		for _, c := range r.comments {
			if c.PR == pr {
				out = append(out, *c)
			}
		}
	}
	return out
}

// IssueComments returns the conversation comments on repo's PR pr in ID order.
func (s *Server) IssueComments(repo string, pr int) []IssueComment {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []IssueComment
	if r := s.repos[strings.ToLower(repo)]; r != nil {
		for _, c := range r.issueComments {
			if c.Issue == pr {
				out = append(out, *c)
			}
		}
	}
	return out
}

// CheckRuns returns the check runs for head SHA sha in creation order.
func (s *Server) CheckRuns(repo, sha string) []CheckRun {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []CheckRun
	if r := s.repos[strings.ToLower(repo)]; r != nil {
		for _, c := range r.checkRuns {
			if c.HeadSHA == sha {
				cp := *c
				cp.Annotations = append([]Annotation(nil), c.Annotations...)
				out = append(out, cp)
			}
		}
	}
	return out
}

func findComment(r *repoState, id int64) *ReviewComment {
	if id == 0 {
		return nil
	}
	for _, c := range r.comments {
		if c.ID == id {
			return c
		}
	}
	return nil
}

func sortTokens(t []string) { sort.Strings(t) }
