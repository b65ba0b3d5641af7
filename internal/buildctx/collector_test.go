package buildctx_test

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stevedore-dev/stevedore/internal/buildctx"
	"github.com/stevedore-dev/stevedore/internal/source"
)

// TestCollectorMatchesWalk lists a tree through the discovery walk's Visit
// hook and checks it is the tree Walk lists: opaque folders once with a
// slash (also those discovery walks into, or skips as excluded), folders
// discovery skips listed all the same, symbolic links not followed.
func TestCollectorMatchesWalk(t *testing.T) {
	root := t.TempDir()
	for _, p := range []string{
		"Dockerfile", "a.txt", "a/b.txt", "a/c/d.txt", "a-b/c", "a0",
		".git/config", ".git/objects/x", "node_modules/m/index.js",
		"vendor/v/go.mod", "vendor/node_modules/x", "vendor/.git/HEAD",
		".hg/store/x", "sub/.svn/entries", "sub/Dockerfile", "sub/z/.hg/y",
		"excluded/secret.env", "excluded/.hg/y", "excluded/deep/er/f",
		"docs/compose.yml",
	} {
		full := filepath.Join(root, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte("x\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for link, target := range map[string]string{"link": "a", "flink": "a.txt", "a/up": "..", "dangling": "nowhere"} {
		if err := os.Symlink(target, filepath.Join(root, filepath.FromSlash(link))); err != nil {
			t.Skipf("no symbolic links here: %v", err)
		}
	}
	fsys := os.DirFS(root)
	want, err := buildctx.Walk(fsys)
	if err != nil {
		t.Fatal(err)
	}
	for _, exclude := range [][]string{nil, {"excluded"}, {"excluded", "!excluded/deep"}, {"a/c", "*.txt"}} {
		c := buildctx.NewCollector(fsys)
		if _, err := source.Discover(fsys, source.Options{Exclude: exclude, Visit: c.Add}); err != nil {
			t.Fatal(err)
		}
		got := c.Tree()
		if !slices.Equal(got.Files, want.Files) || got.Truncated != want.Truncated {
			t.Errorf("exclude %q: collected\n%q\nwant (Walk)\n%q", exclude, got.Files, want.Files)
		}
	}
}
