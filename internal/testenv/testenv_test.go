package testenv

import (
	"os"
	"path/filepath"
	"testing"
)

func TestRepoRoot(t *testing.T) {
	root := RepoRoot(t)
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("RepoRoot = %s, which holds no go.mod", root)
	}
	if want := filepath.Join(root, "internal", "testenv"); !samePath(t, want, ".") {
		t.Errorf("RepoRoot = %s, want the folder two levels above internal/testenv", root)
	}
}

func TestLookupShared(t *testing.T) {
	root := RepoRoot(t)
	tests := []struct {
		elem []string
		want string
	}{
		{nil, filepath.Join(filepath.Dir(root), "shared")},
		{[]string{"corpus", "k8s"}, filepath.Join(filepath.Dir(root), "shared", "corpus", "k8s")},
		{[]string{"no-such-folder-xyz"}, filepath.Join(filepath.Dir(root), "shared", "no-such-folder-xyz")},
	}
	for _, tt := range tests {
		got, ok := LookupShared(t, tt.elem...)
		if got != tt.want {
			t.Errorf("LookupShared(%q) = %s, want %s", tt.elem, got, tt.want)
		}
		_, err := os.Stat(tt.want)
		if ok != (err == nil) {
			t.Errorf("LookupShared(%q) ok = %v, but stat says %v", tt.elem, ok, err)
		}
	}
}

func TestSharedSkipsWhenAbsent(t *testing.T) {
	var skipped bool
	t.Run("absent", func(t *testing.T) {
		defer func() { skipped = t.Skipped() }()
		Shared(t, "no-such-folder-xyz")
	})
	if !skipped {
		t.Error("Shared did not skip for a missing path")
	}
}

func samePath(t *testing.T, a, b string) bool {
	t.Helper()
	ia, err := os.Stat(a)
	if err != nil {
		t.Fatal(err)
	}
	ib, err := os.Stat(b)
	if err != nil {
		t.Fatal(err)
	}
	return os.SameFile(ia, ib)
}
