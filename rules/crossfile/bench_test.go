package crossfile_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/stevedore-dev/stevedore/internal/engine"
	"github.com/stevedore-dev/stevedore/internal/rule"
	"github.com/stevedore-dev/stevedore/rules/crossfile"
	enginerules "github.com/stevedore-dev/stevedore/rules/engine"
)

// repoFS builds a repository of n files holding d Dockerfiles that each
// `COPY . .` their own folder; every tenth folder has a .env file.
func repoFS(n, d int) fstest.MapFS {
	fsys := fstest.MapFS{}
	for i := 0; i < d; i++ {
		dir := fmt.Sprintf("svc%02d", i)
		fsys[dir+"/Dockerfile"] = &fstest.MapFile{Data: []byte("FROM alpine:3.22\nWORKDIR /app\nCOPY . .\nUSER 10001\n")}
		fsys[dir+"/.dockerignore"] = &fstest.MapFile{Data: []byte(".git\n*.md\n")}
		if i%10 == 0 {
			fsys[dir+"/.env"] = &fstest.MapFile{Data: []byte("X=1\n")}
		}
	}
	for i := 0; len(fsys) < n; i++ {
		fsys[fmt.Sprintf("svc%02d/src/pkg%d/file%d.go", i%d, i%37, i)] = &fstest.MapFile{Data: []byte("package x\n")}
	}
	return fsys
}

// BenchmarkBuildContext measures what the cross-file rules add to a scan of
// a repository of 10,000 files with 50 Dockerfiles: the scan with XF001 and
// XF002 minus the scan without them is the build-context analysis, and
// adding XF005 (which shares it) should cost next to nothing.
func BenchmarkBuildContext(b *testing.B) {
	dir := b.TempDir()
	for name, f := range repoFS(10_000, 50) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	fsys := os.DirFS(dir)
	for _, tc := range []struct {
		name  string
		rules []*rule.Rule
	}{
		{"without-crossfile", nil},
		{"with-crossfile", []*rule.Rule{crossfile.XF001, crossfile.XF002}},
		{"with-crossfile-and-xf005", []*rule.Rule{crossfile.XF001, crossfile.XF002, crossfile.XF005}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			catalogue := append(append([]*rule.Rule{}, tc.rules...), enginerules.Rules()...)
			s, err := engine.New(catalogue, nil, engine.Options{})
			if err != nil {
				b.Fatal(err)
			}
			for i := 0; i < b.N; i++ {
				res, err := s.Scan(context.Background(), fsys)
				if err != nil {
					b.Fatal(err)
				}
				if tc.rules != nil && len(res.Findings) != 5 {
					b.Fatalf("findings = %d, want 5 (.env in every tenth folder)", len(res.Findings))
				}
			}
		})
	}
}
