package gitsource

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// gitRepo makes a repository in a temporary folder with a fixed identity.
type gitRepo struct {
	t   testing.TB
	dir string
}

func newGitRepo(t testing.TB) *gitRepo {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	g := &gitRepo{t: t, dir: t.TempDir()}
	g.run("init", "-q", "-b", "main")
	return g
}

func (g *gitRepo) run(args ...string) string {
	g.t.Helper()
	return runGit(g.t, g.dir, args...)
}

func runGit(t testing.TB, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_SYSTEM=/dev/null")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

func (g *gitRepo) write(files map[string]string) {
	g.t.Helper()
	for p, content := range files {
		full := filepath.Join(g.dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			g.t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
			g.t.Fatal(err)
		}
	}
}

func (g *gitRepo) commit(msg string) string {
	g.run("add", "-A")
	g.run("commit", "-q", "-m", msg)
	return g.run("rev-parse", "HEAD")
}

func TestTreeFS(t *testing.T) {
	g := newGitRepo(t)
	g.write(map[string]string{
		"Dockerfile":          "FROM alpine:3.20\nUSER app\n",
		"deploy/app.yaml":     "apiVersion: v1\nkind: Pod\n",
		"deploy/sub/x.yaml":   "a: 1\n",
		"docs/with space.txt": "hello\n",
	})
	first := g.commit("one")
	g.write(map[string]string{"Dockerfile": "FROM alpine:3.21\n"})
	g.commit("two")

	repo, err := Open(context.Background(), g.dir)
	if err != nil {
		t.Fatal(err)
	}
	tree, err := repo.TreeFS(context.Background(), first)
	if err != nil {
		t.Fatal(err)
	}
	defer tree.Close()
	if err := fstest.TestFS(tree, "Dockerfile", "deploy/app.yaml", "deploy/sub/x.yaml", "docs/with space.txt"); err != nil {
		t.Fatal(err)
	}
	got, err := fs.ReadFile(tree, "Dockerfile")
	if err != nil || string(got) != "FROM alpine:3.20\nUSER app\n" {
		t.Fatalf("Dockerfile at first commit = %q, %v", got, err)
	}
	if err := tree.Preload(tree.Paths()); err != nil {
		t.Fatal(err)
	}
	if _, err := fs.ReadFile(tree, "missing"); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("missing file: %v", err)
	}
}

func TestDiffAndMergeBase(t *testing.T) {
	g := newGitRepo(t)
	g.write(map[string]string{
		"app/Dockerfile": "FROM alpine:3.20\nRUN apk add curl\nUSER app\nCMD [\"app\"]\n",
		"old/compose.yaml": "services:\n  web:\n    image: nginx:1.27\n    ports:\n      - \"8080:80\"\n" +
			strings.Repeat("# padding line\n", 10),
	})
	base := g.commit("base")
	g.run("checkout", "-q", "-b", "feature")
	if err := os.MkdirAll(filepath.Join(g.dir, "new"), 0o755); err != nil {
		t.Fatal(err)
	}
	g.run("mv", "old/compose.yaml", "new/compose.yaml")
	g.write(map[string]string{"app/Dockerfile": "FROM alpine:3.20\nRUN apk add curl\nCMD [\"app\"]\n"})
	g.commit("feature")
	g.run("checkout", "-q", "main")
	g.write(map[string]string{"README": "main moved on\n"})
	g.commit("main")

	ctx := context.Background()
	repo, err := Open(ctx, g.dir)
	if err != nil {
		t.Fatal(err)
	}
	mb, err := repo.MergeBase(ctx, "main", "feature")
	if err != nil {
		t.Fatal(err)
	}
	if mb != base {
		t.Fatalf("merge base = %s, want %s", mb, base)
	}
	files, err := repo.Diff(ctx, mb, "feature")
	if err != nil {
		t.Fatal(err)
	}
	var summary []string
	for _, f := range files {
		summary = append(summary, fmt.Sprintf("%s %s→%s deleted=%v", f.Status, f.OldPath, f.NewPath, f.Deleted()))
	}
	want := []string{
		"modified app/Dockerfile→app/Dockerfile deleted=map[3:true]",
		"renamed old/compose.yaml→new/compose.yaml deleted=map[]",
	}
	if strings.Join(summary, "\n") != strings.Join(want, "\n") {
		t.Fatalf("diff:\n%s\nwant:\n%s", strings.Join(summary, "\n"), strings.Join(want, "\n"))
	}
}

func TestMergeBaseShallow(t *testing.T) {
	origin := newGitRepo(t)
	origin.write(map[string]string{"a": "1\n"})
	origin.commit("1")
	origin.write(map[string]string{"a": "2\n"})
	origin.commit("2")
	origin.run("checkout", "-q", "-b", "feature")
	origin.write(map[string]string{"b": "1\n"})
	origin.commit("3")
	origin.run("checkout", "-q", "main")
	origin.write(map[string]string{"a": "3\n"})
	origin.commit("4")

	clone := t.TempDir()
	runGit(t, clone, "clone", "-q", "--depth=1", "--no-single-branch", "file://"+origin.dir, ".")
	ctx := context.Background()
	repo, err := Open(ctx, clone)
	if err != nil {
		t.Fatal(err)
	}
	_, err = repo.MergeBase(ctx, "origin/main", "origin/feature")
	var nmb *NoMergeBaseError
	if !errors.As(err, &nmb) || !nmb.Shallow {
		t.Fatalf("MergeBase in shallow clone: %v", err)
	}
	if !strings.Contains(err.Error(), "git fetch --deepen=200 origin main") || !strings.Contains(err.Error(), "--unshallow") {
		t.Fatalf("error does not name the fetch that fixes it: %v", err)
	}
	if _, err := repo.ResolveCommit(ctx, "no-such-branch"); err == nil || !strings.Contains(err.Error(), "git fetch origin no-such-branch") {
		t.Fatalf("ResolveCommit of a missing branch: %v", err)
	}
}
