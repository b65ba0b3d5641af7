package diff

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// dump renders files in a stable text form for golden files.
func dump(files []*FileDiff) string {
	var b strings.Builder
	for _, f := range files {
		fmt.Fprintf(&b, "%s %q -> %q similarity=%d binary=%v hunks=%d\n", f.Status, f.OldPath, f.NewPath, f.Similarity, f.Binary, len(f.Hunks))
		for _, h := range f.Hunks {
			fmt.Fprintf(&b, "  @@ -%d,%d +%d,%d @@ %q\n", h.OldStart, h.OldLines, h.NewStart, h.NewLines, h.Header)
			for _, l := range h.Lines {
				fmt.Fprintf(&b, "    %c %3d %3d %q\n", l.Kind, l.OldLine, l.NewLine, l.Text)
			}
		}
	}
	return b.String()
}

func TestParseGolden(t *testing.T) {
	inputs, err := filepath.Glob("testdata/*.diff")
	if err != nil || len(inputs) == 0 {
		t.Fatalf("no testdata: %v", err)
	}
	for _, in := range inputs {
		t.Run(filepath.Base(in), func(t *testing.T) {
			f, err := os.Open(in)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			files, err := Parse(f)
			if err != nil {
				t.Fatal(err)
			}
			got := dump(files)
			golden := strings.TrimSuffix(in, ".diff") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("mismatch with %s:\n%s", golden, got)
			}
		})
	}
}

func parseString(t *testing.T, s string) []*FileDiff {
	t.Helper()
	files, err := Parse(strings.NewReader(s))
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"short hunk", "--- a/x\n+++ b/x\n@@ -1,3 +1,3 @@\n a\n", "ends early"},
		{"garbage in hunk", "--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n a\n?b\n", "unexpected"},
		{"too many added", "--- a/x\n+++ b/x\n@@ -1 +1 @@\n+a\n+b\n", ""},
		{"bad header", "diff --git a/x b/x\n@@ -a +1 @@\n", "bad hunk header"},
		{"orphan hunk", "@@ -1 +1 @@\n-a\n+b\n", "before any file"},
		{"bad quote", "diff --git \"a/x b/x\n", "bad quoted name"},
		{"bad escape", "diff --git \"a/\\q\" \"b/\\q\"\n", "bad escape"},
		{"bad similarity", "diff --git a/x b/y\nsimilarity index lots\n", "bad"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(strings.NewReader(tt.in))
			if tt.want == "" {
				// "+b" after a complete hunk is not a hunk line; it is ignored
				// as trailing noise only if not an error — either is acceptable,
				// but it must not panic.
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want error containing %q", err, tt.want)
			}
		})
	}
}

func TestParseEmpty(t *testing.T) {
	if files := parseString(t, ""); len(files) != 0 {
		t.Errorf("got %d files", len(files))
	}
	files := parseString(t, "commit abc\nAuthor: x\n\n    message\n\ndiff --git a/x b/x\nnew file mode 100644\nindex 0000000..e69de29\n")
	if len(files) != 1 || files[0].Status != StatusAdded || files[0].NewPath != "x" || files[0].OldPath != "" {
		t.Errorf("got %s", dump(files))
	}
}

func TestParsePatch(t *testing.T) {
	patch := "@@ -1,4 +1,4 @@ FROM x\n FROM alpine\n-RUN a\n+RUN b\n USER app\n CMD x\n@@ -20 +20,2 @@\n-old\n+new\n+more\n\\ No newline at end of file"
	f, err := ParsePatch("Dockerfile", "Dockerfile", patch)
	if err != nil {
		t.Fatal(err)
	}
	want := `modified "Dockerfile" -> "Dockerfile" similarity=0 binary=false hunks=2
  @@ -1,4 +1,4 @@ "FROM x"
      -   1   1 "FROM alpine"
    -   2   0 "RUN a"
    +   0   2 "RUN b"
      -   3   3 "USER app"
      -   4   4 "CMD x"
  @@ -20,1 +20,2 @@ ""
    -  20   0 "old"
    +   0  20 "new"
    +   0  21 "more"
`
	want = strings.ReplaceAll(want, "      -", "     ")
	if got := dump([]*FileDiff{f}); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	for _, tt := range []struct {
		old, new string
		want     Status
	}{
		{"", "a", StatusAdded}, {"a", "", StatusRemoved}, {"a", "b", StatusRenamed}, {"a", "a", StatusModified},
	} {
		f, err := ParsePatch(tt.old, tt.new, "")
		if err != nil || f.Status != tt.want || len(f.Hunks) != 0 {
			t.Errorf("ParsePatch(%q, %q, \"\") = %+v, %v", tt.old, tt.new, f, err)
		}
	}
	if _, err := ParsePatch("", "", ""); err == nil {
		t.Error("no path: want error")
	}
	if _, err := ParsePatch("a", "a", "diff --git a/a b/a\n"); err == nil {
		t.Error("headers in a patch: want error")
	}
	if _, err := ParsePatch("a", "a", "@@ -1,2 +1,2 @@\n x\n"); err == nil {
		t.Error("short patch: want error")
	}
}

func TestHelpers(t *testing.T) {
	// old: 1..12; new: line 2 replaced by two lines, 5-6 deleted, 10 added after old 9.
	patch := `@@ -1,7 +1,6 @@
 one
-two
+TWO
+two-b
 three
 four
-five
-six
 seven
@@ -9,0 +9,1 @@
+inserted
@@ -11,2 +12,1 @@
-eleven
+ELEVEN
-twelve`
	f, err := ParsePatch("f", "f", patch)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := f.Added(), map[int]bool{2: true, 3: true, 9: true, 12: true}; !reflect.DeepEqual(got, want) {
		t.Errorf("Added = %v, want %v", got, want)
	}
	if got, want := f.Deleted(), map[int]bool{2: true, 5: true, 6: true, 11: true, 12: true}; !reflect.DeepEqual(got, want) {
		t.Errorf("Deleted = %v, want %v", got, want)
	}
	for line, want := range map[int]bool{0: false, 1: true, 2: true, 6: true, 7: false, 8: false, 9: true, 10: false, 12: true, 13: false} {
		if got := f.Commentable(line); got != want {
			t.Errorf("Commentable(%d) = %v, want %v", line, got, want)
		}
	}
	if h := f.HunkAt(9); h == nil || h.NewStart != 9 {
		t.Errorf("HunkAt(9) = %+v", h)
	}
	if h := f.HunkAt(8); h != nil {
		t.Errorf("HunkAt(8) = %+v", h)
	}
	nearest := []struct {
		old, new int
		ok       bool
	}{
		{2, 2, true},   // replaced line: the first added line after it
		{5, 3, true},   // deleted lines with no addition after them in the hunk: the one before
		{6, 3, true},   //
		{1, 2, true},   // context line: still the nearest addition
		{11, 12, true}, //
		{12, 12, true}, //
		{8, 0, false},  // outside every hunk
		{10, 0, false}, //
	}
	for _, tt := range nearest {
		n, ok := f.NearestAdded(tt.old)
		if n != tt.new || ok != tt.ok {
			t.Errorf("NearestAdded(%d) = %d, %v; want %d, %v", tt.old, n, ok, tt.new, tt.ok)
		}
	}
	mapping := []struct {
		old, new int
		ok       bool
	}{
		{1, 1, true}, {2, 0, false}, {3, 4, true}, {4, 5, true}, {5, 0, false}, {7, 6, true},
		{8, 7, true}, {9, 8, true}, {10, 10, true}, {11, 0, false}, {12, 0, false}, {13, 12, true}, {0, 0, false},
	}
	for _, tt := range mapping {
		n, ok := f.MapOldToNew(tt.old)
		if n != tt.new || ok != tt.ok {
			t.Errorf("MapOldToNew(%d) = %d, %v; want %d, %v", tt.old, n, ok, tt.new, tt.ok)
		}
	}
	added, _ := ParsePatch("", "f", "@@ -0,0 +1 @@\n+x")
	if _, ok := added.MapOldToNew(1); ok {
		t.Error("MapOldToNew on an added file")
	}
	if _, ok := added.NearestAdded(1); ok {
		t.Error("NearestAdded on an added file")
	}
	if !added.Commentable(1) || added.Path() != "f" {
		t.Error("added file line 1 should be commentable")
	}
}

// genDiff builds a git diff of n files, each with three hunks.
func genDiff(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "diff --git a/svc%d/Dockerfile b/svc%d/Dockerfile\nindex 1111111..2222222 100644\n--- a/svc%d/Dockerfile\n+++ b/svc%d/Dockerfile\n", i, i, i, i)
		for h := 0; h < 3; h++ {
			start := 1 + h*40
			fmt.Fprintf(&b, "@@ -%d,7 +%d,7 @@ FROM base AS build\n", start, start)
			b.WriteString(" RUN set -eux; \\\n     apt-get update; \\\n     apt-get install -y --no-install-recommends ca-certificates; \\\n")
			b.WriteString("-    rm -rf /var/lib/apt/lists/*\n+    rm -rf /var/lib/apt/lists/* /tmp/*\n")
			b.WriteString(" ENV PATH=/usr/local/bin:$PATH\n WORKDIR /app\n USER 10001\n")
		}
	}
	return b.String()
}

func BenchmarkParse300Files(b *testing.B) {
	in := genDiff(300)
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		files, err := Parse(strings.NewReader(in))
		if err != nil || len(files) != 300 {
			b.Fatalf("%d files, %v", len(files), err)
		}
	}
	b.ReportMetric(300*float64(b.N)/b.Elapsed().Seconds(), "files/s")
}

func FuzzParse(f *testing.F) {
	paths, _ := filepath.Glob("testdata/*.diff")
	for _, p := range paths {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(string(b))
		}
	}
	f.Fuzz(func(t *testing.T, s string) {
		files, _ := Parse(strings.NewReader(s))
		for _, fd := range files {
			fd.Added()
			fd.Deleted()
			for l := 0; l < 5; l++ {
				fd.Commentable(l)
				fd.NearestAdded(l)
				fd.MapOldToNew(l)
			}
		}
		_, _ = ParsePatch("a", "b", s)
	})
}
