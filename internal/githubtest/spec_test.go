package githubtest

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestSpecCopyMatchesShared checks that testdata/rest-subset.json is the
// same as ../shared/github-api/rest-subset.json beside the repository.
func TestSpecCopyMatchesShared(t *testing.T) {
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("repository root (go.mod) not found")
		}
		dir = parent
	}
	shared, err := os.ReadFile(filepath.Join(dir, "..", "shared", "github-api", "rest-subset.json"))
	if err != nil {
		t.Skipf("../shared/github-api/rest-subset.json not available (%v); the embedded copy is used as is", err)
	}
	if !bytes.Equal(shared, restSubsetJSON) {
		t.Error("testdata/rest-subset.json differs from ../shared/github-api/rest-subset.json; refresh it (see testdata/NOTICE.md)")
	}
}
