package githubtest

import (
	"bytes"
	"os"
	"testing"

	"github.com/stevedore-dev/stevedore/internal/testenv"
)

// TestSpecCopyMatchesShared checks that testdata/rest-subset.json is the
// same as ../shared/github-api/rest-subset.json beside the repository.
func TestSpecCopyMatchesShared(t *testing.T) {
	path := testenv.Shared(t, "github-api", "rest-subset.json")
	shared, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(shared, restSubsetJSON) {
		t.Error("testdata/rest-subset.json differs from ../shared/github-api/rest-subset.json; refresh it (see testdata/NOTICE.md)")
	}
}
