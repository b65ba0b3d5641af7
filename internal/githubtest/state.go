package githubtest

import (
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"
)

// PR describes a pull request to serve. Zero fields get defaults: State
// "open", BaseRef "main", HeadRef "pr-<n>", Author "octocat", MergeBaseSHA =
// BaseSHA, HeadRepo = the repository itself (or "<forker>/<name>" when Fork).
type PR struct {
	Number       int
	Title, Body  string
	Author       string
	State        string
	Draft        bool
	HeadSHA      string
	HeadRef      string
	HeadRepo     string // full name of the head repository
	Fork         bool   // head repository is a fork of the base repository
	BaseSHA      string
	BaseRef      string
	MergeBaseSHA string // merge base reported by compare(base...head)
	Files        []PRFile
}

// PRFile is one changed file of a PR, as pulls/list-files reports it. Status
// defaults to "modified"; Additions and Deletions are counted from Patch when
// both are zero; SHA defaults to the git blob SHA of the file's content at the
// PR head (if SetContent stored one).
type PRFile struct {
	Filename         string
	PreviousFilename string
	Status           string
	Patch            string
	SHA              string
	Additions        int
	Deletions        int
}

// ReviewComment is a pull-request review comment as stored by the fake.
type ReviewComment struct {
	ID          int64
	PR          int
	ReviewID    int64
	InReplyTo   int64
	Path        string
	Line        int
	StartLine   int
	Side        string
	StartSide   string
	Position    int
	SubjectType string
	Body        string
	CommitID    string
	User        string
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Review is a pull-request review as stored by the fake. State is one of
// PENDING, COMMENTED, APPROVED, CHANGES_REQUESTED, DISMISSED.
type Review struct {
	ID          int64
	PR          int
	State       string
	Body        string
	CommitID    string
	User        string
	SubmittedAt time.Time
}

// IssueComment is a PR conversation comment as stored by the fake.
type IssueComment struct {
	ID        int64
	Issue     int
	Body      string
	User      string
	CreatedAt time.Time
	UpdatedAt time.Time
}

// CheckRun is a check run as stored by the fake. Annotations accumulate over
// the create call and every update, as on GitHub; Updates counts PATCHes.
type CheckRun struct {
	ID          int64
	Name        string
	HeadSHA     string
	Status      string
	Conclusion  string
	ExternalID  string
	DetailsURL  string
	Title       string
	Summary     string
	Text        string
	Annotations []Annotation
	Updates     int
	StartedAt   time.Time
	CompletedAt time.Time
	App         string
}

// Annotation is one check-run annotation.
type Annotation struct {
	Path        string
	StartLine   int
	EndLine     int
	StartColumn int
	EndColumn   int
	Level       string
	Message     string
	Title       string
	RawDetails  string
}

// repoState is everything the fake knows about one repository.
type repoState struct {
	fullName      string
	id            int64
	defaultBranch string
	prs           map[int]*PR
	headHistory   map[int][]string             // every head SHA a PR has had
	contents      map[string]map[string]string // ref → path → content
	blobs         map[string]string            // blob SHA → content
	trees         map[string]treeRef           // tree SHA → (ref, dir)
	compares      map[string]string            // "base...head" → merge base
	reviews       []*Review
	comments      []*ReviewComment
	issueComments []*IssueComment
	checkRuns     []*CheckRun
}

type treeRef struct{ ref, dir string }

func (r *repoState) owner() string { o, _, _ := strings.Cut(r.fullName, "/"); return o }

// resolveRef maps a branch name to a SHA when contents were stored by SHA.
func (r *repoState) resolveRef(ref string) (string, bool) {
	if ref == "" {
		ref = r.defaultBranch
	}
	if _, ok := r.contents[ref]; ok {
		return ref, true
	}
	for _, pr := range r.prs {
		switch ref {
		case pr.HeadRef, "refs/heads/" + pr.HeadRef:
			if _, ok := r.contents[pr.HeadSHA]; ok {
				return pr.HeadSHA, true
			}
		case pr.BaseRef, "refs/heads/" + pr.BaseRef:
			if _, ok := r.contents[pr.BaseSHA]; ok {
				return pr.BaseSHA, true
			}
		}
	}
	return "", false
}

// knownCommit reports whether sha names a commit the fake knows of: a PR's
// head (current or past), base or merge base, or a ref with stored contents.
func (r *repoState) knownCommit(sha string) bool {
	if _, ok := r.contents[sha]; ok {
		return true
	}
	for n, pr := range r.prs {
		if sha == pr.BaseSHA || sha == pr.MergeBaseSHA || sha == pr.HeadRef || sha == pr.BaseRef || slices.Contains(r.headHistory[n], sha) {
			return true
		}
	}
	return false
}

func (r *repoState) hasCommits() bool { return len(r.prs) > 0 || len(r.contents) > 0 }

// gitBlobSHA is the SHA git gives a blob with this content.
func gitBlobSHA(content string) string {
	h := sha1.New()
	fmt.Fprintf(h, "blob %d\x00", len(content))
	h.Write([]byte(content))
	return hex.EncodeToString(h.Sum(nil))
}

func gitTreeSHA(ref, dir string) string {
	h := sha1.Sum([]byte("tree\x00" + ref + "\x00" + dir))
	return hex.EncodeToString(h[:])
}

// normalizePR fills PR defaults for repository fullName.
func normalizePR(fullName string, pr PR) PR {
	if pr.State == "" {
		pr.State = "open"
	}
	if pr.BaseRef == "" {
		pr.BaseRef = "main"
	}
	if pr.HeadRef == "" {
		pr.HeadRef = fmt.Sprintf("pr-%d", pr.Number)
	}
	if pr.Author == "" {
		pr.Author = "octocat"
	}
	if pr.Title == "" {
		pr.Title = fmt.Sprintf("PR #%d", pr.Number)
	}
	if pr.MergeBaseSHA == "" {
		pr.MergeBaseSHA = pr.BaseSHA
	}
	if pr.HeadRepo == "" {
		pr.HeadRepo = fullName
		if pr.Fork {
			_, name, _ := strings.Cut(fullName, "/")
			pr.HeadRepo = pr.Author + "/" + name
		}
	}
	if pr.HeadRepo != fullName {
		pr.Fork = true
	}
	files := make([]PRFile, len(pr.Files))
	for i, f := range pr.Files {
		if f.Status == "" {
			f.Status = "modified"
		}
		if f.Additions == 0 && f.Deletions == 0 {
			f.Additions, f.Deletions = countPatch(f.Patch)
		}
		files[i] = f
	}
	pr.Files = files
	return pr
}
