package review

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stevedore-dev/stevedore/internal/diff"
)

// renderHunks writes hunks as unified-diff text.
func renderHunks(hs []*diff.Hunk) string {
	var b strings.Builder
	for _, h := range hs {
		fmt.Fprintf(&b, "@@ -%d,%d +%d,%d @@\n", h.OldStart, h.OldLines, h.NewStart, h.NewLines)
		for _, l := range h.Lines {
			fmt.Fprintf(&b, "%c%s\n", l.Kind, l.Text)
		}
	}
	return b.String()
}

func TestLineHunksRoundTrip(t *testing.T) {
	tests := []struct{ a, b string }{
		{"a b c d e f g h i j", "a b X d e f g h i j"},
		{"a b c", "a b c d"},
		{"a b c", "x a b c"},
		{"a b c d e f g h i j k l m n o p", "a c d e f g h i j k l m n p q"},
		{"", "a b"},
		{"a b", ""},
		{"USER x y z", "y z"},
	}
	for _, tt := range tests {
		a, b := strings.Fields(tt.a), strings.Fields(tt.b)
		hs := LineHunks(a, b, 3)
		text := renderHunks(hs)
		// Parse our own output back and apply it.
		fd, err := diff.ParsePatch("f", "f", text)
		if err != nil {
			t.Fatalf("%q→%q: %v\n%s", tt.a, tt.b, err, text)
		}
		got := apply(a, fd)
		if strings.Join(got, " ") != strings.Join(b, " ") {
			t.Errorf("%q→%q: applying the hunks gives %q\n%s", tt.a, tt.b, got, text)
		}
	}
}

// apply applies a file diff's hunks to old lines.
func apply(old []string, fd *diff.FileDiff) []string {
	var out []string
	next := 1
	for _, h := range fd.Hunks {
		for _, l := range h.Lines {
			if l.OldLine > 0 {
				for next < l.OldLine {
					out = append(out, old[next-1])
					next++
				}
			}
			switch l.Kind {
			case ' ':
				out = append(out, l.Text)
				next++
			case '-':
				next++
			case '+':
				out = append(out, l.Text)
			}
		}
	}
	for ; next <= len(old); next++ {
		out = append(out, old[next-1])
	}
	return out
}

func TestCompareTrees(t *testing.T) {
	base := fstest.MapFS{
		"a/Dockerfile":  {Data: []byte("FROM x\nUSER app\n")},
		"old/k.yaml":    {Data: []byte("kind: Pod\n")},
		"gone.yaml":     {Data: []byte("x: 1\n")},
		".git/HEAD":     {Data: []byte("ref\n")},
		"same/file.txt": {Data: []byte("same\n")},
	}
	head := fstest.MapFS{
		"a/Dockerfile":  {Data: []byte("FROM x\n")},
		"new/k.yaml":    {Data: []byte("kind: Pod\n")},
		"added.yaml":    {Data: []byte("y: 2\n")},
		"same/file.txt": {Data: []byte("same\n")},
	}
	fds, err := CompareTrees(base, head)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, fd := range fds {
		got = append(got, fmt.Sprintf("%s %s→%s added=%v deleted=%v", fd.Status, fd.OldPath, fd.NewPath, len(fd.Added()), len(fd.Deleted())))
	}
	want := "modified a/Dockerfile→a/Dockerfile added=0 deleted=1\nadded →added.yaml added=1 deleted=0\nremoved gone.yaml→ added=0 deleted=1\nrenamed old/k.yaml→new/k.yaml added=0 deleted=0"
	if strings.Join(got, "\n") != want {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), want)
	}
}
