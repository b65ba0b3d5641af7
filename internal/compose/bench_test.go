package compose

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"gopkg.in/yaml.v3"

	"github.com/stevedore-dev/stevedore/internal/testenv"
)

// BenchmarkLoadCorpus loads every Compose file of the shared corpus from
// memory (no disk in the loop) and reports files/s: by default, strict,
// without the fast path (compose-go's full loader, for comparison) and with
// the documents parsed beforehand (Options.Parsed, as the engine does).
func BenchmarkLoadCorpus(b *testing.B) {
	b.Run("default", func(b *testing.B) { benchLoad(b, Options{}, false) })
	b.Run("strict", func(b *testing.B) { benchLoad(b, Options{Strict: true}, false) })
	b.Run("full", func(b *testing.B) { benchLoad(b, Options{fullPath: true}, false) })
	b.Run("preparsed", func(b *testing.B) { benchLoad(b, Options{}, true) })
}

func benchLoad(b *testing.B, opts Options, preparse bool) {
	shared := testenv.Shared(b)
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
		if preparse {
			if opts.Parsed == nil {
				opts.Parsed = map[string][]*yaml.Node{}
			}
			opts.Parsed[f] = parseDocuments(b, data)
		}
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

// parseDocuments parses every YAML document of data (nil on a syntax error).
func parseDocuments(tb testing.TB, data []byte) []*yaml.Node {
	tb.Helper()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var docs []*yaml.Node
	for {
		doc := new(yaml.Node)
		if err := dec.Decode(doc); err != nil {
			if errors.Is(err, io.EOF) {
				return docs
			}
			return nil
		}
		docs = append(docs, doc)
	}
}
