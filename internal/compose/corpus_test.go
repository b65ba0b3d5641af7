package compose

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stevedore-dev/stevedore/internal/testenv"
)

// corpusFiles lists the YAML/JSON files under root/sub as slash paths in os.DirFS(root).
func corpusFiles(tb testing.TB, root, sub string) []string {
	tb.Helper()
	var out []string
	err := fs.WalkDir(os.DirFS(root), sub, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == sub {
				return fs.SkipAll
			}
			return err
		}
		if d.IsDir() {
			return nil
		}
		switch strings.ToLower(filepath.Ext(p)) {
		case ".yml", ".yaml", ".json":
			out = append(out, p)
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

// TestCorpusLoads loads every Compose file of the shared corpus and of the
// KICS samples on its own: none may panic; failures are logged with reasons.
func TestCorpusLoads(t *testing.T) {
	shared := testenv.Shared(t)
	fsys := os.DirFS(shared)
	for _, sub := range []string{"corpus/compose", "conformance/kics/dockerCompose"} {
		files := corpusFiles(t, shared, sub)
		if len(files) == 0 {
			t.Logf("%s: no files", sub)
			continue
		}
		failed := 0
		for _, f := range files {
			if strings.HasSuffix(f, ".json") {
				data, err := os.ReadFile(filepath.Join(shared, f))
				if err != nil || !LooksLikeCompose(data) {
					continue // KICS metadata and expectations
				}
			}
			p, err := Load(fsys, filepath.ToSlash(filepath.Dir(f)), []string{f}, Options{})
			if err != nil {
				failed++
				t.Logf("FAIL %v", err)
				continue
			}
			for _, s := range p.Services {
				p.Pos(s.Name, "image")
			}
		}
		t.Logf("%s: %d files, %d failed", sub, len(files), failed)
	}
}
