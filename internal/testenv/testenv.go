// Package testenv locates, for tests, the repository root and the read-only
// shared data that CI and the lead's checkout keep beside it in ../shared.
// Users' clones have no shared folder, so tests that need it skip.
package testenv

import (
	"os"
	"path/filepath"
	"testing"
)

// RepoRoot returns the folder holding go.mod, walking up from the test's
// working directory. It fails the test when there is none.
func RepoRoot(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatalf("working directory: %v", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Fatal("repository root (go.mod) not found above the test directory")
		}
		dir = parent
	}
}

// Shared returns <repo root>/../shared/elem..., skipping the test with a
// message naming the path when it does not exist.
func Shared(tb testing.TB, elem ...string) string {
	tb.Helper()
	p, ok := LookupShared(tb, elem...)
	if !ok {
		tb.Skipf("shared data not found at %s (it sits beside the repository in CI and the lead's checkout only); skipping", p)
	}
	return p
}

// LookupShared returns <repo root>/../shared/elem... and whether it exists,
// for tests that run with less data instead of skipping.
func LookupShared(tb testing.TB, elem ...string) (string, bool) {
	tb.Helper()
	p := filepath.Join(append([]string{RepoRoot(tb), "..", "shared"}, elem...)...)
	p = filepath.Clean(p)
	_, err := os.Stat(p)
	return p, err == nil
}
