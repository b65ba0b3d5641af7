// Package gitsource reads a git repository through the git command line
// without touching the working tree: a revision as an fs.FS (from
// `git ls-tree` and one `git cat-file --batch` process), the merge base of
// two revisions (with the exact `git fetch` that fixes a shallow clone that
// lacks it), and the diff between two revisions parsed with internal/diff.
package gitsource

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"slices"
	"strings"

	"github.com/stevedore-dev/stevedore/internal/diff"
)

// Repo is a git repository on disk, driven through the git binary.
type Repo struct {
	// Dir is the repository's top-level folder.
	Dir string
	// Git is the git binary ("git" from PATH by default).
	Git string
}

// Open finds the repository that contains dir.
func Open(ctx context.Context, dir string) (*Repo, error) {
	r := &Repo{Dir: dir, Git: "git"}
	top, err := r.output(ctx, "rev-parse", "--show-toplevel")
	if err != nil {
		return nil, fmt.Errorf("open git repository at %s: %w", dir, err)
	}
	r.Dir = strings.TrimSpace(string(top))
	return r, nil
}

// command builds a git command run in the repository, with settings that
// keep the output machine-readable whatever the user's config says.
func (r *Repo) command(ctx context.Context, args ...string) *exec.Cmd {
	base := []string{"-c", "core.quotePath=true", "-c", "diff.noprefix=false", "-c", "color.ui=false"}
	cmd := exec.CommandContext(ctx, r.gitBinary(), append(base, args...)...)
	cmd.Dir = r.Dir
	cmd.Env = append(cmd.Environ(), "GIT_TERMINAL_PROMPT=0", "GIT_OPTIONAL_LOCKS=0", "LC_ALL=C")
	return cmd
}

func (r *Repo) gitBinary() string {
	if r.Git == "" {
		return "git"
	}
	return r.Git
}

// output runs git and returns its standard output; a failure carries git's
// standard error.
func (r *Repo) output(ctx context.Context, args ...string) ([]byte, error) {
	cmd := r.command(ctx, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return out, &Error{Args: args, Msg: msg, Err: err}
	}
	return out, nil
}

// Error is a failed git command.
type Error struct {
	Args []string
	Msg  string
	Err  error
}

func (e *Error) Error() string { return fmt.Sprintf("git %s: %s", strings.Join(e.Args, " "), e.Msg) }

func (e *Error) Unwrap() error { return e.Err }

// exitCode returns the exit status of a failed git command, or -1.
func exitCode(err error) int {
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode()
	}
	return -1
}

// ResolveCommit turns a revision (branch, tag, SHA, HEAD~2) into a commit
// SHA. A missing revision in a shallow or partial clone gets a hint that
// names the fetch that brings it.
func (r *Repo) ResolveCommit(ctx context.Context, rev string) (string, error) {
	if strings.HasPrefix(rev, "-") {
		return "", fmt.Errorf("revision %q: must not start with '-'", rev)
	}
	out, err := r.output(ctx, "rev-parse", "--verify", "--quiet", "--end-of-options", rev+"^{commit}")
	if err != nil {
		hint := fmt.Sprintf("fetch it first: git fetch origin %s", strings.TrimPrefix(rev, "origin/"))
		return "", fmt.Errorf("revision %q is not a commit in %s (%s)", rev, r.Dir, hint)
	}
	return strings.TrimSpace(string(out)), nil
}

// Shallow reports whether the repository is a shallow clone.
func (r *Repo) Shallow(ctx context.Context) (bool, error) {
	out, err := r.output(ctx, "rev-parse", "--is-shallow-repository")
	if err != nil {
		return false, err
	}
	return strings.TrimSpace(string(out)) == "true", nil
}

// NoMergeBaseError says that two revisions share no history in this clone,
// and which command fetches enough of it.
type NoMergeBaseError struct {
	Base, Head string
	Shallow    bool
	// Fix is the command that fetches the missing history.
	Fix string
}

func (e *NoMergeBaseError) Error() string {
	if e.Shallow {
		return fmt.Sprintf("no merge base of %s and %s in this shallow clone: fetch more history with `%s` (or `git fetch --unshallow`), or check out with fetch-depth: 0", e.Base, e.Head, e.Fix)
	}
	return fmt.Sprintf("%s and %s have no common history (no merge base)", e.Base, e.Head)
}

// MergeBase returns the best common ancestor of base and head: the commit
// a pull request is compared against.
func (r *Repo) MergeBase(ctx context.Context, base, head string) (string, error) {
	b, err := r.ResolveCommit(ctx, base)
	if err != nil {
		return "", err
	}
	h, err := r.ResolveCommit(ctx, head)
	if err != nil {
		return "", err
	}
	out, err := r.output(ctx, "merge-base", b, h)
	if err == nil {
		return strings.TrimSpace(string(out)), nil
	}
	if exitCode(err) != 1 {
		return "", fmt.Errorf("merge base of %s and %s: %w", base, head, err)
	}
	shallow, _ := r.Shallow(ctx)
	return "", &NoMergeBaseError{Base: base, Head: head, Shallow: shallow, Fix: r.deepenCommand(ctx, base)}
}

// deepenCommand names the fetch that deepens the history of base's remote.
func (r *Repo) deepenCommand(ctx context.Context, base string) string {
	remote := "origin"
	if out, err := r.output(ctx, "remote"); err == nil {
		names := strings.Fields(string(out))
		if len(names) > 0 && !slices.Contains(names, "origin") {
			remote = names[0]
		}
	}
	branch := strings.TrimPrefix(base, remote+"/")
	return fmt.Sprintf("git fetch --deepen=200 %s %s", remote, branch)
}

// Diff returns the changes from base to head with renames and copies
// detected, parsed with internal/diff.
func (r *Repo) Diff(ctx context.Context, base, head string) ([]*diff.FileDiff, error) {
	out, err := r.output(ctx, "diff", "--no-ext-diff", "--no-textconv", "--no-color", "-M", "-C",
		"--src-prefix=a/", "--dst-prefix=b/", "-U3", base, head, "--")
	if err != nil {
		return nil, fmt.Errorf("diff %s..%s: %w", base, head, err)
	}
	files, err := diff.Parse(bytes.NewReader(out))
	if err != nil {
		return nil, fmt.Errorf("diff %s..%s: %w", base, head, err)
	}
	return files, nil
}
