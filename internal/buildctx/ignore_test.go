package buildctx

import (
	"reflect"
	"testing"
	"testing/fstest"
)

// TestCopyIgnored holds CopyIgnored to BuildKit's validateCopySourcePath
// (frontend/dockerfile/dockerfile2llb/validations.go), case by case.
func TestCopyIgnored(t *testing.T) {
	tests := []struct {
		ignore string
		src    string
		want   bool
		named  string // the cleaned source, when it differs from src
	}{
		{"secrets\n*.md\nbuild/\n", "secrets", true, ""},
		{"secrets\n*.md\nbuild/\n", "secrets/key.pem", true, ""}, // a parent folder is excluded
		{"secrets\n*.md\nbuild/\n", "./secrets/", true, "secrets"},
		{"secrets\n*.md\nbuild/\n", "src/../secrets/a", true, "secrets/a"},
		{"secrets\n*.md\nbuild/\n", "README.md", true, ""},
		{"secrets\n*.md\nbuild/\n", "*.md", true, ""}, // the wildcard itself matches the pattern
		{"secrets\n*.md\nbuild/\n", "docs/README.md", false, ""},
		{"secrets\n*.md\nbuild/\n", "build", true, ""},
		{"secrets\n*.md\nbuild/\n", "src", false, ""},
		{"secrets\n*.md\nbuild/\n", ".", false, ""}, // the root, with no pattern excluding all of it
		{"secrets\n*.md\nbuild/\n", "/", false, ""},
		{"secrets\n*.md\nbuild/\n", "/secrets", false, ""}, // matched as written, as BuildKit does
		{"*\n", ".", true, ""},
		{"*\n", "/", true, ""},
		{"**\n", "./", true, "."},
		{"**/*\n", "app", true, ""},
		{"**/*.pem\n", "certs/a.pem", true, ""},
		{"**/*.pem\n", "a.pem", true, ""},
		{"*\n!app\n", "secrets", false, ""}, // `!` exceptions turn the check off
		{"# only a comment\n", "secrets", false, ""},
	}
	for _, tc := range tests {
		fsys := fstest.MapFS{".dockerignore": {Data: []byte(tc.ignore)}}
		ig, err := ReadIgnore(fsys, ".dockerignore")
		if err != nil {
			t.Fatal(err)
		}
		named, got := ig.CopyIgnored(tc.src)
		want := tc.named
		if want == "" {
			want = tc.src
		}
		if got != tc.want || named != want {
			t.Errorf("%q with %q: CopyIgnored = %q, %v; want %q, %v", tc.src, tc.ignore, named, got, want, tc.want)
		}
	}
	var none *Ignore
	if _, got := none.CopyIgnored("secrets"); got || none.Exclusions() {
		t.Error("a nil Ignore excludes nothing")
	}
}

func TestReadIgnoreAndNewContext(t *testing.T) {
	fsys := testFS()
	tree, err := Walk(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if got := IgnoreFiles("app/web.Dockerfile", "./app/"); !reflect.DeepEqual(got, []string{"app/web.Dockerfile.dockerignore", "app/.dockerignore"}) {
		t.Errorf("IgnoreFiles = %q", got)
	}
	if ig, err := ReadIgnore(fsys, "other/.dockerignore"); ig != nil || err != nil {
		t.Errorf("ReadIgnore of a missing file = %v, %v; want nil, nil", ig, err)
	}
	bad := fstest.MapFS{".dockerignore": {Data: []byte("[\n")}}
	if _, err := ReadIgnore(bad, ".dockerignore"); err == nil {
		t.Error("ReadIgnore of a bad pattern: no error")
	}
	// NewContext with the file Load would pick gives what Load gives.
	for df, dir := range map[string]string{"app/Dockerfile": "app", "app/web.Dockerfile": "app", "other/Dockerfile": "other"} {
		var ig *Ignore
		for _, name := range IgnoreFiles(df, dir) {
			if ig, err = ReadIgnore(fsys, name); err != nil {
				t.Fatal(err)
			} else if ig != nil {
				break
			}
		}
		got := NewContext(tree, dir, ig)
		want, err := Load(fsys, tree, df, dir)
		if err != nil {
			t.Fatal(err)
		}
		if got.Dir != want.Dir || got.IgnoreFile != want.IgnoreFile || !reflect.DeepEqual(got.Files(), want.Files()) {
			t.Errorf("%s: NewContext = %s %q %q; Load = %s %q %q", df, got.Dir, got.IgnoreFile, got.Files(), want.Dir, want.IgnoreFile, want.Files())
		}
	}
}
