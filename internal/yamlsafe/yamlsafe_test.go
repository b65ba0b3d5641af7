package yamlsafe

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// laughs builds the classic alias bomb: levels anchors, each a list of
// width aliases to the previous one.
func laughs(levels, width int) []byte {
	var b strings.Builder
	b.WriteString("a0: &a0 [\"lol\"")
	for i := 1; i < width; i++ {
		b.WriteString(", \"lol\"")
	}
	b.WriteString("]\n")
	for l := 1; l <= levels; l++ {
		fmt.Fprintf(&b, "a%d: &a%d [*a%d", l, l, l-1)
		for i := 1; i < width; i++ {
			fmt.Fprintf(&b, ", *a%d", l-1)
		}
		b.WriteString("]\n")
	}
	return []byte(b.String())
}

func flowNest(depth int) []byte {
	return []byte(strings.Repeat("[", depth) + strings.Repeat("]", depth) + "\n")
}

func blockNest(depth int) []byte {
	var b strings.Builder
	for i := 0; i < depth; i++ {
		fmt.Fprintf(&b, "%sk:\n", strings.Repeat(" ", i))
	}
	fmt.Fprintf(&b, "%sk: v\n", strings.Repeat(" ", depth))
	return []byte(b.String())
}

func docs(n int) []byte {
	return []byte(strings.Repeat("---\na: 1\n", n))
}

func manifest(t testing.TB) []byte {
	b, err := os.ReadFile("testdata/manifest.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestCheck(t *testing.T) {
	big := []byte("a: \"" + strings.Repeat("x", 3<<20+100<<10) + "\"\n")
	tests := []struct {
		name    string
		content []byte
		lim     Limits
		line    int
		reason  string // "" means accepted
	}{
		{"manifest", manifest(t), DefaultLimits, 0, ""},
		{"empty", nil, DefaultLimits, 0, ""},
		{"syntax error", []byte("a: [1, 2\nb: }\n"), DefaultLimits, 0, ""},
		{"unknown alias", []byte("a: *nope\n"), DefaultLimits, 0, ""},
		{"one level of laughs", laughs(1, 9), DefaultLimits, 0, ""},
		{"five levels of laughs", laughs(4, 9), DefaultLimits, 0, ""},
		{"billion laughs", laughs(9, 9), DefaultLimits, 0,
			"alias expansion would create more than 200000 nodes (a \"billion laughs\" pattern); refusing to parse"},
		{"wide laughs", laughs(3, 200), DefaultLimits, 0, "billion laughs"},
		{"recursive alias", []byte("a: &a\n  b: *a\n"), DefaultLimits, 2, "recursive alias"},
		{"recursive flow alias", []byte("&a [*a]\n"), DefaultLimits, 1, "recursive alias"},
		{"merge keys", []byte("base: &b {x: 1, y: 2}\nc:\n  <<: *b\n  z: 3\n"), DefaultLimits, 0, ""},
		{"flow nesting 100", flowNest(100), DefaultLimits, 0, ""},
		{"flow nesting 101", flowNest(101), DefaultLimits, 1, "nesting deeper than 100 levels; refusing to parse"},
		{"block nesting 99", blockNest(99), DefaultLimits, 0, ""},
		{"block nesting 150", blockNest(150), DefaultLimits, 0, "nesting deeper than 100 levels"},
		{"yaml.v3 depth limit", flowNest(20000), DefaultLimits, 0, "nesting deeper than 100 levels"},
		{"deep through aliases", []byte("a: &a [[[[[1]]]]]\nb: &b [[[[[*a]]]]]\nc: [[[[[*b]]]]]\n"), Limits{MaxDepth: 15}, 0, "nesting deeper than 15 levels"},
		{"500 documents", docs(500), DefaultLimits, 0, ""},
		{"501 documents", docs(501), DefaultLimits, 1001, "more than 500 documents"},
		{"documents then syntax error", append(docs(3), "a: [\n"...), Limits{MaxDocuments: 1}, 3, "more than 1 documents"},
		{"big file", big, DefaultLimits, 0, "file is 3.1 MiB, over the 2 MiB limit"},
		{"many plain nodes", []byte(strings.Repeat("- a\n", 300)), Limits{MaxNodes: 100}, 0, "more than 100 nodes; refusing to parse"},
		{"nodes over documents", docs(100), Limits{MaxNodes: 150}, 0, "once aliases are expanded"},
		{"zero limits", laughs(4, 9), Limits{}, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Check(tt.content, tt.lim)
			if tt.reason == "" {
				if err != nil {
					t.Fatalf("want accepted, got %v", err)
				}
				return
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("want *Error containing %q, got %v", tt.reason, err)
			}
			if !strings.Contains(e.Reason, tt.reason) {
				t.Errorf("reason %q, want it to contain %q", e.Reason, tt.reason)
			}
			if tt.line != 0 && e.Line != tt.line {
				t.Errorf("line %d, want %d", e.Line, tt.line)
			}
		})
	}
}

func TestDocuments(t *testing.T) {
	docs, err := Documents(manifest(t), DefaultLimits)
	if err != nil || len(docs) != 12 {
		t.Fatalf("manifest: %d documents, %v", len(docs), err)
	}
	if docs[0].Kind != yaml.DocumentNode || docs[0].Content[0].Kind != yaml.MappingNode {
		t.Errorf("first document: %v", docs[0].Kind)
	}
	docs, err = Documents(laughs(9, 9), DefaultLimits)
	var e *Error
	if !errors.As(err, &e) || docs != nil {
		t.Errorf("billion laughs: %d documents, %v", len(docs), err)
	}
	docs, err = Documents([]byte("a: 1\n---\nb: [\n"), DefaultLimits)
	if err == nil || errors.As(err, &e) || len(docs) != 1 {
		t.Errorf("syntax error: %d documents, %v", len(docs), err)
	}
}

func TestErrorMessage(t *testing.T) {
	if got := (&Error{Line: 4, Reason: "r"}).Error(); got != "line 4: r" {
		t.Errorf("got %q", got)
	}
	if got := (&Error{Reason: "r"}).Error(); got != "r" {
		t.Errorf("got %q", got)
	}
}

func benchCheck(b *testing.B, content []byte, wantErr bool) {
	b.ReportAllocs()
	b.SetBytes(int64(len(content)))
	for b.Loop() {
		err := Check(content, DefaultLimits)
		if (err != nil) != wantErr {
			b.Fatalf("Check: %v", err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "files/s")
}

// The billion-laughs refusal must stay under 100 ms and 64 MiB.
func BenchmarkCheckBillionLaughs(b *testing.B) { benchCheck(b, laughs(9, 9), true) }

// A normal manifest: this runs on every YAML file, so it must be cheap.
func BenchmarkCheckManifest(b *testing.B) { benchCheck(b, manifest(b), false) }

// Deep nesting: just under yaml.v3's own limit of 10,000 levels (our check
// refuses) and over it (yaml.v3 refuses; we translate).
func BenchmarkCheckDeepNesting(b *testing.B) {
	b.Run("9999", func(b *testing.B) { benchCheck(b, flowNest(9999), true) })
	b.Run("20000", func(b *testing.B) { benchCheck(b, flowNest(20000), true) })
}

// Many aliases to one small anchor, filling the size limit.
func BenchmarkCheckAliasFlood(b *testing.B) {
	content := []byte("x: &a {k: [1, 2, 3]}\ny:\n" + strings.Repeat("- *a\n", (2<<20)/5-10))
	benchCheck(b, content, true)
}

func FuzzCheck(f *testing.F) {
	f.Add([]byte("a: &a [1]\nb: [*a, *a]\n"))
	f.Add(laughs(3, 3))
	f.Add(flowNest(30))
	f.Add(blockNest(30))
	f.Add([]byte("&a [*a]\n"))
	f.Add([]byte("--- !!map\n? [a, {b: *c}]\n: |\n  x\n...\n"))
	f.Fuzz(func(t *testing.T, content []byte) {
		_ = Check(content, Limits{MaxBytes: 1 << 16, MaxDocuments: 10, MaxDepth: 20, MaxNodes: 1000})
	})
}
