package cli

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/review"
	"github.com/stevedore-dev/stevedore/internal/testenv"
	"github.com/stevedore-dev/stevedore/rules"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/review")

// TestReviewCases runs every pull-request scenario of testdata/review:
// base/ and head/ trees, optional args (one flag per line) and requires
// (rule IDs the case needs; it is skipped while one is missing), compared
// with expected.json (the Review document) and expected.md (the markdown a
// PR would show). Run with -update to rewrite the goldens.
func TestReviewCases(t *testing.T) {
	root := filepath.Join(testenv.RepoRoot(t), "testdata", "review")
	entries, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		n++
		dir := filepath.Join(root, e.Name())
		t.Run(e.Name(), func(t *testing.T) {
			if req, err := os.ReadFile(filepath.Join(dir, "requires")); err == nil {
				for _, id := range strings.Fields(string(req)) {
					if rules.Lookup(id) == nil {
						t.Skipf("pending: rule %s is not in the catalogue yet", id)
					}
				}
			}
			args := []string{"--base-dir", filepath.Join(dir, "base"), "--head-dir", filepath.Join(dir, "head"), "--today", "2026-11-26"}
			if extra, err := os.ReadFile(filepath.Join(dir, "args")); err == nil {
				args = append(args, strings.Fields(string(extra))...)
			}
			jsonOut, code := runCLI(t, append([]string{"review", "--format", "json"}, args...))
			var rv review.Review
			if err := json.Unmarshal([]byte(jsonOut), &rv); err != nil {
				t.Fatalf("review json: %v\n%s", err, jsonOut)
			}
			wantCode := ExitOK
			if rv.Verdict.Fail {
				wantCode = ExitFindings
			}
			if code != wantCode {
				t.Errorf("exit status %d, want %d (verdict %+v)", code, wantCode, rv.Verdict)
			}
			mdOut, _ := runCLI(t, append([]string{"review", "--format", "markdown"}, args...))
			golden(t, filepath.Join(dir, "expected.json"), jsonOut)
			golden(t, filepath.Join(dir, "expected.md"), mdOut)
			checkInvariants(t, &rv)
		})
	}
	if n < 25 {
		t.Errorf("%d review cases, want at least 25", n)
	}
}

// checkInvariants holds for every review: comments are on the right side
// with a marker, bodies fit GitHub, no inline comment for existing findings.
func checkInvariants(t *testing.T, rv *review.Review) {
	t.Helper()
	newFP := map[string]bool{}
	for _, it := range rv.New {
		newFP[it.Fingerprint] = true
	}
	for _, c := range rv.Comments {
		if c.Side != "RIGHT" || c.Line < 1 || !strings.Contains(c.Body, finding.Marker(c.Fingerprint)) || len(c.Body) > review.MaxBodyChars {
			t.Errorf("bad comment %+v", c)
		}
		if !newFP[c.Fingerprint] {
			t.Errorf("comment for a finding that is not new: %+v", c)
		}
	}
	if len(rv.Summary) > review.MaxBodyChars {
		t.Errorf("summary is %d characters", len(rv.Summary))
	}
	if len(rv.Annotations) != len(rv.New)+len(rv.Existing) {
		t.Errorf("%d annotations for %d head findings", len(rv.Annotations), len(rv.New)+len(rv.Existing))
	}
}

func runCLI(t *testing.T, args []string) (string, int) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := Main(args, IO{Stdout: &stdout, Stderr: &stderr})
	if code == ExitError {
		t.Fatalf("stevedore %s: exit 2: %s", strings.Join(args, " "), stderr.String())
	}
	return stdout.String(), code
}

func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs (run with -update after checking):\n--- got ---\n%s", filepath.Base(path), got)
	}
}

// TestReviewGit runs review --base/--head in a real repository.
func TestReviewGit(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"}, args...)...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_SYSTEM=/dev/null")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	write := func(name, content string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	git("init", "-q", "-b", "main")
	write("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n")
	git("add", "-A")
	git("commit", "-q", "-m", "base")
	git("checkout", "-q", "-b", "feature")
	write("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n    privileged: true\n    network_mode: host\n")
	git("commit", "-q", "-am", "feature")
	out, code := runCLI(t, []string{"review", "--repo", dir, "--base", "main", "--head", "feature", "--format", "json", "--today", "2026-11-26"})
	var rv review.Review
	if err := json.Unmarshal([]byte(out), &rv); err != nil {
		t.Fatal(err)
	}
	if len(rv.Files) != 1 || rv.Files[0].Path != "compose.yaml" || rv.Files[0].Change != "modified" {
		t.Fatalf("files = %+v", rv.Files)
	}
	var worse int
	for _, c := range rv.Posture {
		if c.Verdict == "worse" {
			worse++
		}
	}
	if worse != 2 {
		t.Errorf("posture = %+v, want privileged and host network worse", rv.Posture)
	}
	if (code == ExitFindings) != rv.Verdict.Fail {
		t.Errorf("exit %d with verdict %+v", code, rv.Verdict)
	}
	sarif, _ := runCLI(t, []string{"review", "--repo", dir, "--base", "main", "--head", "feature", "--format", "sarif", "--today", "2026-11-26"})
	if !strings.Contains(sarif, `"version": "2.1.0"`) {
		t.Errorf("sarif output:\n%s", sarif)
	}
	if len(rv.New) > 0 && !strings.Contains(sarif, `"baselineState": "new"`) {
		t.Errorf("sarif lacks baselineState new:\n%s", sarif)
	}
}
