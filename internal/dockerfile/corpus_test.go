package dockerfile

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"sync/atomic"
	"testing"

	"github.com/moby/buildkit/frontend/dockerfile/parser"

	"github.com/stevedore-dev/stevedore/internal/testenv"
)

type corpusFile struct {
	path    string
	content []byte
}

func loadCorpus(tb testing.TB) []corpusFile {
	root := testenv.Shared(tb, "corpus", "dockerfile")
	var files []corpusFile
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		files = append(files, corpusFile{path: rel, content: b})
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return files
}

// TestCorpusParses parses every corpus file: none may panic or return an
// error other than *ParseError. Parse errors are logged with their reason.
func TestCorpusParses(t *testing.T) {
	files := loadCorpus(t)
	reasons := map[string]int{}
	var failed, shellErrs, runs int
	for _, cf := range files {
		f, err := Parse(cf.path, cf.content, Options{})
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Errorf("%s: error is %T, want *ParseError: %v", cf.path, err, err)
				continue
			}
			failed++
			reasons[pe.Msg]++
			t.Logf("parse error: %v", pe)
			continue
		}
		for _, st := range f.Stages {
			for _, in := range st.Instructions {
				if in.Cmd == "RUN" {
					runs++
					if in.Shell() == nil {
						t.Errorf("%s:%d: RUN without Script", cf.path, in.Range.StartLine)
					} else if in.Shell().Err != nil {
						shellErrs++
						t.Logf("%s: shell: %v", cf.path, in.Shell().Err)
					}
				}
			}
		}
	}
	keys := make([]string, 0, len(reasons))
	for k := range reasons {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		t.Logf("%4d × %s", reasons[k], k)
	}
	t.Logf("%d files, %d parse errors; %d RUNs, %d with shell errors", len(files), failed, runs, shellErrs)
}

func BenchmarkParseCorpus(b *testing.B) {
	files := loadCorpus(b)
	var bytes int64
	for _, cf := range files {
		bytes += int64(len(cf.content))
	}
	b.SetBytes(bytes / int64(len(files)))
	b.ReportAllocs()
	b.ResetTimer()
	n := 0
	for b.Loop() {
		cf := files[n%len(files)]
		n++
		_, _ = Parse(cf.path, cf.content, Options{})
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "files/s")
}

// BenchmarkParseCorpusWithShell also parses every RUN's shell, as a rule set
// that looks at all RUN commands would.
func BenchmarkParseCorpusWithShell(b *testing.B) {
	benchCorpus(b, func(cf corpusFile) { parseWithShell(cf) })
}

// BenchmarkParseCorpusParallel parses the corpus on all Ps (GOMAXPROCS),
// shell included, to show the throughput of a parallel scan.
func BenchmarkParseCorpusParallel(b *testing.B) {
	files := loadCorpus(b)
	b.ReportAllocs()
	b.ResetTimer()
	var total atomic.Int64
	b.RunParallel(func(pb *testing.PB) {
		n := 0
		for pb.Next() {
			cf := files[n%len(files)]
			n++
			parseWithShell(cf)
		}
		total.Add(int64(n))
	})
	b.ReportMetric(float64(total.Load())/b.Elapsed().Seconds(), "files/s")
}

// BenchmarkBuildKitParserOnly measures BuildKit's own parser.Parse alone
// over the corpus: the ceiling any model built on it can reach per core.
func BenchmarkBuildKitParserOnly(b *testing.B) {
	benchCorpus(b, func(cf corpusFile) { parser.Parse(bytes.NewReader(cf.content)) })
}

// BenchmarkParseBuildKit measures parseBuildKit (BuildKit's parser after
// continued lines are joined) over the corpus; compare with
// BenchmarkBuildKitParserOnly.
func BenchmarkParseBuildKit(b *testing.B) {
	benchCorpus(b, func(cf corpusFile) { parseBuildKit(cf.content) })
}

// benchCorpus runs parse over the corpus files in turn, one per iteration,
// and reports files/s.
func benchCorpus(b *testing.B, parse func(cf corpusFile)) {
	files := loadCorpus(b)
	b.ReportAllocs()
	b.ResetTimer()
	n := 0
	for b.Loop() {
		parse(files[n%len(files)])
		n++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "files/s")
}

// parseWithShell parses one corpus file and every RUN's shell, as a rule
// set that looks at all RUN commands would.
func parseWithShell(cf corpusFile) {
	f, err := Parse(cf.path, cf.content, Options{})
	if err != nil {
		return
	}
	for _, st := range f.Stages {
		for _, in := range st.Instructions {
			in.Shell()
		}
	}
}
