package github

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"path"
	"slices"
	"strings"
	"testing/fstest"

	gh "github.com/google/go-github/v60/github"

	"github.com/stevedore-dev/stevedore/internal/config"
	"github.com/stevedore-dev/stevedore/internal/diff"
	"github.com/stevedore-dev/stevedore/internal/source"
)

// Fetcher reads a pull request's container files at base and head through
// the API, for runs without local history (and for the App). It spends few
// reads: the patch of an added or removed file already holds the whole file,
// and the base side of a modified file is the head blob with the patch
// applied in reverse (checked against the hunks' context; on a mismatch, or
// without a patch, the base file is read at the merge base).
//
// Reads: 1 (list files, per 100 files) + 1 per modified container file + 1
// per .dockerignore beside a Dockerfile that the PR did not change + 1 for
// the base branch's .stevedore.yml; plus 1 for the PR itself with Trees.
type Fetcher struct {
	Client *gh.Client
	Logger *slog.Logger
	// MaxFileSize skips larger files (default source.MaxFileSize).
	MaxFileSize int64
	// ConfigPath is the config file read from the base side (default
	// .stevedore.yml; one read, so .stevedore.yaml must be named here).
	ConfigPath string
	// Reads counts the API calls made.
	Reads int
}

// Refs are the commits a PR compares; they come from the event payload or
// from the PR itself.
type Refs struct {
	BaseSHA string
	HeadSHA string
	// MergeBaseSHA, when known, is where base files are read on fallback
	// (default BaseSHA).
	MergeBaseSHA string
}

// Trees reads the PR and then its files (see TreesAt).
func (f *Fetcher) Trees(ctx context.Context, owner, repo string, pr int) (base, head fs.FS, diffs []*diff.FileDiff, err error) {
	f.Reads++
	p, _, err := f.Client.PullRequests.Get(ctx, owner, repo, pr)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("get %s/%s#%d: %w", owner, repo, pr, err)
	}
	return f.TreesAt(ctx, owner, repo, pr, Refs{BaseSHA: p.GetBase().GetSHA(), HeadSHA: p.GetHead().GetSHA()})
}

// TreesAt returns the container files a PR changes at base and head (plus
// the .dockerignore files beside changed Dockerfiles and the base branch's
// config, which is put in both trees), and every file's diff. Files that are
// not container files, too large, or whose path contains ".." are left out
// of the trees (their diffs stay).
func (f *Fetcher) TreesAt(ctx context.Context, owner, repo string, pr int, refs Refs) (base, head fs.FS, diffs []*diff.FileDiff, err error) {
	if refs.HeadSHA == "" || refs.BaseSHA == "" {
		return nil, nil, nil, errors.New("fetch trees: base and head SHAs are required")
	}
	if refs.MergeBaseSHA == "" {
		refs.MergeBaseSHA = refs.BaseSHA
	}
	files, err := f.listFiles(ctx, owner, repo, pr)
	if err != nil {
		return nil, nil, nil, err
	}
	bfs, hfs := fstest.MapFS{}, fstest.MapFS{}
	changed := map[string]bool{}
	dockerDirs := map[string]bool{}
	for _, cf := range files {
		d, err := fileDiff(cf)
		if err != nil {
			f.logger().Debug("stevedore: unreadable patch", "path", cf.GetFilename(), "error", err)
		}
		diffs = append(diffs, d)
		changed[d.OldPath], changed[d.NewPath] = true, true
		if !f.wanted(cf) {
			continue
		}
		if err := f.fetchPair(ctx, owner, repo, refs, cf, d, bfs, hfs); err != nil {
			return nil, nil, nil, err
		}
		if d.NewPath != "" && source.ClassifyName(path.Base(d.NewPath)) == source.KindDockerfile {
			dockerDirs[path.Dir(d.NewPath)] = true
		}
	}
	// Drop YAML files that turned out not to be Compose or Kubernetes.
	for _, m := range []fstest.MapFS{bfs, hfs} {
		for p, file := range m {
			if source.ClassifyName(path.Base(p)) == "" && !isConfigName(p) && source.Sniff(file.Data) == "" {
				delete(m, p)
			}
		}
	}
	for dir := range dockerDirs {
		p := path.Join(dir, ".dockerignore")
		if changed[p] {
			continue
		}
		data, ok, err := f.content(ctx, owner, repo, p, refs.HeadSHA)
		if err != nil {
			return nil, nil, nil, err
		}
		if ok { // unchanged by the PR: the same at base
			hfs[p] = &fstest.MapFile{Data: data, Mode: 0o644}
			bfs[p] = &fstest.MapFile{Data: data, Mode: 0o644}
		}
	}
	cfgName := f.ConfigPath
	if cfgName == "" {
		cfgName = config.FileName
	}
	data, ok, err := f.content(ctx, owner, repo, strings.TrimPrefix(path.Clean(cfgName), "/"), refs.MergeBaseSHA)
	if err != nil {
		return nil, nil, nil, err
	}
	if ok {
		p := strings.TrimPrefix(path.Clean(cfgName), "/")
		bfs[p] = &fstest.MapFile{Data: data, Mode: 0o644}
		hfs[p] = &fstest.MapFile{Data: data, Mode: 0o644} // the base config governs both sides
	}
	return bfs, hfs, diffs, nil
}

func (f *Fetcher) logger() *slog.Logger {
	if f.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return f.Logger
}

func (f *Fetcher) maxSize() int64 {
	if f.MaxFileSize > 0 {
		return f.MaxFileSize
	}
	return source.MaxFileSize
}

func (f *Fetcher) listFiles(ctx context.Context, owner, repo string, pr int) ([]*gh.CommitFile, error) {
	opts := &gh.ListOptions{PerPage: 100}
	var all []*gh.CommitFile
	for {
		f.Reads++
		page, resp, err := f.Client.PullRequests.ListFiles(ctx, owner, repo, pr, opts)
		if err != nil {
			return nil, fmt.Errorf("list files of %s/%s#%d: %w", owner, repo, pr, err)
		}
		all = append(all, page...)
		if resp.NextPage == 0 {
			return all, nil
		}
		opts.Page = resp.NextPage
	}
}

// fileDiff parses a changed file's patch.
func fileDiff(cf *gh.CommitFile) (*diff.FileDiff, error) {
	oldPath, newPath := cf.GetFilename(), cf.GetFilename()
	switch cf.GetStatus() {
	case "added":
		oldPath = ""
	case "removed":
		newPath = ""
	case "renamed", "copied":
		if prev := cf.GetPreviousFilename(); prev != "" {
			oldPath = prev
		}
	}
	d, err := diff.ParsePatch(oldPath, newPath, cf.GetPatch())
	if d == nil {
		d = &diff.FileDiff{OldPath: oldPath, NewPath: newPath, Status: diff.StatusModified}
	}
	if cf.GetStatus() == "copied" {
		d.Status = diff.StatusCopied
	}
	if cf.Patch == nil && cf.GetChanges() > 0 {
		d.Binary = true // GitHub leaves out the patch of binary and huge files
	}
	return d, err
}

// wanted reports whether a changed file may be a container file.
func (f *Fetcher) wanted(cf *gh.CommitFile) bool {
	for _, p := range []string{cf.GetFilename(), cf.GetPreviousFilename()} {
		if p == "" {
			continue
		}
		if !safePath(p) {
			f.logger().Warn("stevedore: skipping a path GitHub's contents API refuses", "path", p)
			return false
		}
		if source.ClassifyName(path.Base(p)) != "" || isConfigName(p) || source.Sniffed(p) {
			return true
		}
	}
	return false
}

func isConfigName(p string) bool { return slices.Contains(config.Names, p) }

// safePath rejects what the contents API refuses (any ".." in the path) and
// what fs.FS cannot hold.
func safePath(p string) bool {
	return !strings.Contains(p, "..") && fs.ValidPath(p)
}

// fetchPair fills in one changed file at head and base.
func (f *Fetcher) fetchPair(ctx context.Context, owner, repo string, refs Refs, cf *gh.CommitFile, d *diff.FileDiff, bfs, hfs fstest.MapFS) error {
	var headData []byte
	if d.NewPath != "" {
		if data, ok := wholeFromPatch(d, '+'); ok {
			headData = data
		} else {
			data, ok, err := f.blobOrContent(ctx, owner, repo, cf.GetSHA(), d.NewPath, refs.HeadSHA)
			if err != nil {
				return err
			}
			if !ok {
				return nil
			}
			headData = data
		}
		if int64(len(headData)) <= f.maxSize() {
			hfs[d.NewPath] = &fstest.MapFile{Data: headData, Mode: 0o644}
		}
	}
	if d.OldPath == "" {
		return nil
	}
	var baseData []byte
	switch {
	case d.NewPath == "":
		if data, ok := wholeFromPatch(d, '-'); ok {
			baseData = data
		}
	case len(d.Hunks) == 0 && !d.Binary && headData != nil:
		baseData = headData // a pure rename
	case headData != nil && !d.Binary:
		if data, ok := reverseApply(headData, d); ok {
			baseData = data
		}
	}
	if baseData == nil {
		data, ok, err := f.content(ctx, owner, repo, d.OldPath, refs.MergeBaseSHA)
		if err != nil || !ok {
			return err
		}
		baseData = data
	}
	if int64(len(baseData)) <= f.maxSize() {
		bfs[d.OldPath] = &fstest.MapFile{Data: baseData, Mode: 0o644}
	}
	return nil
}

// blobOrContent reads a head file by blob SHA (no path involved), or by
// path when GitHub gave no SHA.
func (f *Fetcher) blobOrContent(ctx context.Context, owner, repo, sha, p, ref string) ([]byte, bool, error) {
	if sha == "" {
		return f.content(ctx, owner, repo, p, ref)
	}
	f.Reads++
	data, _, err := f.Client.Git.GetBlobRaw(ctx, owner, repo, sha)
	if err != nil {
		if statusOf(err) == http.StatusNotFound {
			return nil, false, nil
		}
		return nil, false, fmt.Errorf("read blob %s (%s): %w", sha, p, err)
	}
	return data, true, nil
}

// content reads file p at ref with the contents API; ok is false when it
// does not exist there (or is a directory, or too large).
func (f *Fetcher) content(ctx context.Context, owner, repo, p, ref string) ([]byte, bool, error) {
	if !safePath(p) {
		return nil, false, nil
	}
	f.Reads++
	file, _, _, err := f.Client.Repositories.GetContents(ctx, owner, repo, p, &gh.RepositoryContentGetOptions{Ref: ref})
	if err != nil {
		if statusOf(err) == http.StatusNotFound {
			return nil, false, nil
		}
		return nil, false, fmt.Errorf("read %s at %s: %w", p, ref, err)
	}
	if file == nil || int64(file.GetSize()) > f.maxSize() {
		return nil, false, nil
	}
	text, err := file.GetContent()
	if err != nil {
		f.logger().Debug("stevedore: content not readable via the contents API", "path", p, "error", err)
		return nil, false, nil
	}
	return []byte(text), true, nil
}

// wholeFromPatch rebuilds a file that the patch adds ('+') or removes ('-')
// entirely: one hunk starting at line 1 whose lines are all of that kind.
func wholeFromPatch(d *diff.FileDiff, kind byte) ([]byte, bool) {
	if d.Binary || len(d.Hunks) != 1 {
		return nil, false
	}
	h := d.Hunks[0]
	if (kind == '+' && (h.OldLines != 0 || h.NewStart > 1)) || (kind == '-' && (h.NewLines != 0 || h.OldStart > 1)) {
		return nil, false
	}
	var b strings.Builder
	for _, l := range h.Lines {
		if l.Kind != kind {
			return nil, false
		}
		b.WriteString(l.Text + "\n")
	}
	return []byte(b.String()), true
}

// reverseApply rebuilds the base file from the head file and the patch. It
// fails (ok false) when the head lines do not match the hunks' new side.
func reverseApply(head []byte, d *diff.FileDiff) ([]byte, bool) {
	text := string(head)
	trailingNL := strings.HasSuffix(text, "\n")
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	if text == "" {
		lines = nil
	}
	var out []string
	next := 1 // next head line to copy
	for _, h := range d.Hunks {
		start := h.NewStart
		if h.NewLines == 0 {
			start = h.NewStart + 1
		}
		if start < next || start-1 > len(lines) {
			return nil, false
		}
		out = append(out, lines[next-1:start-1]...)
		next = start
		for _, l := range h.Lines {
			switch l.Kind {
			case ' ', '+':
				if next > len(lines) || lines[next-1] != l.Text {
					return nil, false
				}
				if l.Kind == ' ' {
					out = append(out, l.Text)
				}
				next++
			case '-':
				out = append(out, l.Text)
			}
		}
	}
	if next-1 > len(lines) {
		return nil, false
	}
	out = append(out, lines[next-1:]...)
	res := strings.Join(out, "\n")
	if len(out) > 0 && (trailingNL || len(lines) == 0) {
		res += "\n"
	}
	return []byte(res), true
}
