package gitsource

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os/exec"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Tree is one revision of a repository as a read-only fs.FS. The file list
// comes from `git ls-tree -r` when the Tree is made; contents are read on
// first use through one long-lived `git cat-file --batch` process (Preload
// fetches many in one round trip). Symbolic links and submodules are left
// out. Close ends the process; a Tree is safe for concurrent use.
type Tree struct {
	repo  *Repo
	rev   string
	files map[string]*blob
	dirs  map[string][]string // folder → sorted child names

	mu    sync.Mutex // guards the batch process and blob contents
	batch *batchProc
	ctx   context.Context
}

type blob struct {
	oid    string
	size   int64
	exec   bool
	data   []byte
	loaded bool
}

// TreeFS lists revision rev (a commit, branch or tag) and returns it as a Tree.
func (r *Repo) TreeFS(ctx context.Context, rev string) (*Tree, error) {
	out, err := r.output(ctx, "ls-tree", "-r", "-z", "-l", "--full-tree", rev)
	if err != nil {
		return nil, fmt.Errorf("list tree of %s: %w", rev, err)
	}
	t := &Tree{repo: r, rev: rev, files: map[string]*blob{}, dirs: map[string][]string{".": nil}, ctx: ctx}
	for len(out) > 0 {
		i := bytes.IndexByte(out, 0)
		var rec []byte
		if i < 0 {
			rec, out = out, nil
		} else {
			rec, out = out[:i], out[i+1:]
		}
		if err := t.add(string(rec)); err != nil {
			return nil, fmt.Errorf("list tree of %s: %w", rev, err)
		}
	}
	for d := range t.dirs {
		slices.Sort(t.dirs[d])
		t.dirs[d] = slices.Compact(t.dirs[d])
	}
	return t, nil
}

// add records one ls-tree line: "<mode> <type> <oid> <size>\t<path>".
func (t *Tree) add(rec string) error {
	meta, p, ok := strings.Cut(rec, "\t")
	if !ok {
		return fmt.Errorf("unexpected ls-tree record %q", rec)
	}
	f := strings.Fields(meta)
	if len(f) != 4 {
		return fmt.Errorf("unexpected ls-tree record %q", rec)
	}
	if f[1] != "blob" || f[0] == "120000" || !fs.ValidPath(p) {
		return nil // submodule, symbolic link, or a name fs.FS cannot carry
	}
	size, err := strconv.ParseInt(f[3], 10, 64)
	if err != nil {
		return fmt.Errorf("size of %s: %w", p, err)
	}
	t.files[p] = &blob{oid: f[2], size: size, exec: f[0] == "100755"}
	for child := p; child != "."; {
		dir := path.Dir(child)
		_, existed := t.dirs[dir]
		t.dirs[dir] = append(t.dirs[dir], path.Base(child))
		if existed {
			break // the rest of the chain is already recorded
		}
		child = dir
	}
	return nil
}

// Rev returns the revision the tree was read from.
func (t *Tree) Rev() string { return t.rev }

// Paths returns every file path of the tree, sorted.
func (t *Tree) Paths() []string {
	return slices.Sorted(maps.Keys(t.files))
}

// ObjectID returns the blob ID of the file at p, or "".
func (t *Tree) ObjectID(p string) string {
	if b := t.files[p]; b != nil {
		return b.oid
	}
	return ""
}

// Close ends the cat-file process, if one was started.
func (t *Tree) Close() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.batch == nil {
		return nil
	}
	err := t.batch.close()
	t.batch = nil
	return err
}

// Preload reads the contents of paths (files of the tree; others are
// ignored) in one round trip to the cat-file process.
func (t *Tree) Preload(paths []string) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	var want []*blob
	for _, p := range paths {
		if b := t.files[p]; b != nil && !b.loaded && !slices.Contains(want, b) {
			want = append(want, b)
		}
	}
	if len(want) == 0 {
		return nil
	}
	bp, err := t.proc()
	if err != nil {
		return err
	}
	return bp.fetch(want)
}

// content returns the bytes of b, loading them when needed.
func (t *Tree) content(b *blob) ([]byte, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if b.loaded {
		return b.data, nil
	}
	bp, err := t.proc()
	if err != nil {
		return nil, err
	}
	if err := bp.fetch([]*blob{b}); err != nil {
		return nil, err
	}
	return b.data, nil
}

func (t *Tree) proc() (*batchProc, error) {
	if t.batch != nil {
		return t.batch, nil
	}
	bp, err := startBatch(t.ctx, t.repo)
	if err != nil {
		return nil, err
	}
	t.batch = bp
	return bp, nil
}

// batchProc is a running `git cat-file --batch`.
type batchProc struct {
	cmd *exec.Cmd
	in  io.WriteCloser
	out *bufio.Reader
}

func startBatch(ctx context.Context, r *Repo) (*batchProc, error) {
	cmd := r.command(context.WithoutCancel(ctx), "cat-file", "--batch")
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, fmt.Errorf("git cat-file: %w", err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("git cat-file: %w", err)
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("git cat-file: %w", err)
	}
	return &batchProc{cmd: cmd, in: in, out: bufio.NewReaderSize(out, 64<<10)}, nil
}

// fetch writes every object ID, then reads the answers in order. Writing
// runs beside reading so that neither pipe can fill up and block.
func (bp *batchProc) fetch(blobs []*blob) error {
	werr := make(chan error, 1)
	go func() {
		var buf bytes.Buffer
		for _, b := range blobs {
			buf.WriteString(b.oid)
			buf.WriteByte('\n')
		}
		_, err := bp.in.Write(buf.Bytes())
		werr <- err
	}()
	for _, b := range blobs {
		header, err := bp.out.ReadString('\n')
		if err != nil {
			return fmt.Errorf("git cat-file: read header: %w", err)
		}
		f := strings.Fields(header)
		if len(f) != 3 || f[1] != "blob" {
			return fmt.Errorf("git cat-file: object %s: unexpected answer %q", b.oid, strings.TrimSpace(header))
		}
		n, err := strconv.Atoi(f[2])
		if err != nil {
			return fmt.Errorf("git cat-file: object %s: size: %w", b.oid, err)
		}
		data := make([]byte, n+1) // content and the trailing newline
		if _, err := io.ReadFull(bp.out, data); err != nil {
			return fmt.Errorf("git cat-file: object %s: %w", b.oid, err)
		}
		b.data, b.loaded = data[:n:n], true
	}
	if err := <-werr; err != nil {
		return fmt.Errorf("git cat-file: write: %w", err)
	}
	return nil
}

func (bp *batchProc) close() error {
	bp.in.Close()
	done := make(chan error, 1)
	go func() { done <- bp.cmd.Wait() }()
	select {
	case err := <-done:
		return err
	case <-time.After(5 * time.Second):
		_ = bp.cmd.Process.Kill()
		return <-done
	}
}

// Open opens a file or folder of the tree.
func (t *Tree) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	if b := t.files[name]; b != nil {
		data, err := t.content(b)
		if err != nil {
			return nil, &fs.PathError{Op: "open", Path: name, Err: err}
		}
		return &openFile{info: fileInfo{name: path.Base(name), size: int64(len(data)), exec: b.exec}, r: bytes.NewReader(data)}, nil
	}
	if _, ok := t.dirs[name]; ok {
		entries, _ := t.ReadDir(name)
		return &openDir{info: fileInfo{name: path.Base(name), dir: true}, entries: entries}, nil
	}
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}

// ReadFile returns the content of a file of the tree.
func (t *Tree) ReadFile(name string) ([]byte, error) {
	b := t.files[name]
	if b == nil {
		return nil, &fs.PathError{Op: "read", Path: name, Err: fs.ErrNotExist}
	}
	data, err := t.content(b)
	if err != nil {
		return nil, &fs.PathError{Op: "read", Path: name, Err: err}
	}
	return bytes.Clone(data), nil
}

// Stat describes a file or folder without reading its content.
func (t *Tree) Stat(name string) (fs.FileInfo, error) {
	if b := t.files[name]; b != nil {
		return fileInfo{name: path.Base(name), size: b.size, exec: b.exec}, nil
	}
	if _, ok := t.dirs[name]; ok {
		return fileInfo{name: path.Base(name), dir: true}, nil
	}
	return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrNotExist}
}

// ReadDir lists a folder of the tree, sorted by name.
func (t *Tree) ReadDir(name string) ([]fs.DirEntry, error) {
	names, ok := t.dirs[name]
	if !ok {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
	}
	out := make([]fs.DirEntry, 0, len(names))
	for _, n := range names {
		child := n
		if name != "." {
			child = name + "/" + n
		}
		info, err := t.Stat(child)
		if err != nil {
			continue
		}
		out = append(out, fs.FileInfoToDirEntry(info))
	}
	return out, nil
}

type fileInfo struct {
	name      string
	size      int64
	dir, exec bool
}

func (fi fileInfo) Name() string { return fi.name }
func (fi fileInfo) Size() int64  { return fi.size }
func (fi fileInfo) Mode() fs.FileMode {
	switch {
	case fi.dir:
		return fs.ModeDir | 0o555
	case fi.exec:
		return 0o555
	}
	return 0o444
}
func (fi fileInfo) ModTime() time.Time { return time.Time{} }
func (fi fileInfo) IsDir() bool        { return fi.dir }
func (fi fileInfo) Sys() any           { return nil }

type openFile struct {
	info fileInfo
	r    *bytes.Reader
}

func (f *openFile) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *openFile) Read(p []byte) (int, error) { return f.r.Read(p) }
func (f *openFile) Close() error               { return nil }

type openDir struct {
	info    fileInfo
	entries []fs.DirEntry
	pos     int
}

func (d *openDir) Stat() (fs.FileInfo, error) { return d.info, nil }
func (d *openDir) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.info.name, Err: fs.ErrInvalid}
}
func (d *openDir) Close() error { return nil }

// ReadDir implements fs.ReadDirFile.
func (d *openDir) ReadDir(n int) ([]fs.DirEntry, error) {
	rest := d.entries[d.pos:]
	if n <= 0 {
		d.pos = len(d.entries)
		return rest, nil
	}
	if len(rest) == 0 {
		return nil, io.EOF
	}
	if n > len(rest) {
		n = len(rest)
	}
	d.pos += n
	return rest[:n], nil
}
