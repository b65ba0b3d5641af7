package compose

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// BenchmarkLoadCorpus loads every Compose file of the shared corpus from
// memory (no disk in the loop) and reports files/s.
func BenchmarkLoadCorpus(b *testing.B) {
	for _, strict := range []bool{false, true} {
		name := "default"
		if strict {
			name = "strict"
		}
		b.Run(name, func(b *testing.B) { benchLoad(b, Options{Strict: strict}) })
	}
}

func benchLoad(b *testing.B, opts Options) {
	shared := sharedDir(b)
	fsys := fstest.MapFS{}
	var files []string
	for _, f := range corpusFiles(b, shared, "corpus/compose") {
		data, err := os.ReadFile(filepath.Join(shared, f))
		if err != nil {
			b.Fatal(err)
		}
		if strings.HasSuffix(f, ".json") && !LooksLikeCompose(data) {
			continue
		}
		fsys[f] = &fstest.MapFile{Data: data}
		files = append(files, f)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, f := range files {
			_, _ = Load(fsys, filepath.Dir(f), []string{f}, opts)
		}
	}
	b.ReportMetric(float64(b.N*len(files))/b.Elapsed().Seconds(), "files/s")
}
