package gitsource

import (
	"context"
	"fmt"
	"io/fs"
	"testing"
)

// benchTree reads every file of a 300-file revision, file by file through
// the lazy cat-file process or after one Preload.
func benchTree(b *testing.B, preload bool) {
	g := newGitRepo(b)
	files := map[string]string{}
	for i := range 300 {
		files[fmt.Sprintf("svc%03d/Dockerfile", i)] = fmt.Sprintf("FROM alpine:3.20\nRUN echo %d\nUSER app\n", i)
	}
	g.write(files)
	rev := g.commit("bench")
	ctx := context.Background()
	repo, err := Open(ctx, g.dir)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		tree, err := repo.TreeFS(ctx, rev)
		if err != nil {
			b.Fatal(err)
		}
		if preload {
			if err := tree.Preload(tree.Paths()); err != nil {
				b.Fatal(err)
			}
		}
		for _, p := range tree.Paths() {
			if _, err := fs.ReadFile(tree, p); err != nil {
				b.Fatal(err)
			}
		}
		tree.Close()
	}
	b.ReportMetric(float64(300*b.N)/b.Elapsed().Seconds(), "files/s")
}

func BenchmarkTreeLazy(b *testing.B)    { benchTree(b, false) }
func BenchmarkTreePreload(b *testing.B) { benchTree(b, true) }
