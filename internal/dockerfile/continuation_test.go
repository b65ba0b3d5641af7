package dockerfile

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/moby/buildkit/frontend/dockerfile/parser"

	"github.com/stevedore-dev/stevedore/internal/testenv"
)

// dumpResult renders everything of a BuildKit parse result that the model
// reads: nodes with their lines, text, flags, comments and heredocs, the
// warnings with their lines, the escape token, and the error.
func dumpResult(res *parser.Result, err error) string {
	if err != nil {
		return "error: " + err.Error()
	}
	var b strings.Builder
	var node func(n *parser.Node, depth int)
	node = func(n *parser.Node, depth int) {
		for ; n != nil; n = n.Next {
			fmt.Fprintf(&b, "%*s[%d-%d] %q %q flags=%q comments=%q", depth*2, "", n.StartLine, n.EndLine, n.Value, n.Original, n.Flags, n.PrevComment)
			for _, h := range n.Heredocs {
				fmt.Fprintf(&b, " heredoc=%q/%q/%v/%v", h.Name, h.Content, h.Expand, h.Chomp)
			}
			b.WriteByte('\n')
			for _, c := range n.Children {
				node(c, depth+1)
			}
		}
	}
	node(res.AST, 0)
	for _, w := range res.Warnings {
		fmt.Fprintf(&b, "warning %q %q at %v\n", w.Short, w.URL, w.Location)
	}
	fmt.Fprintf(&b, "escape %q\n", res.EscapeToken)
	return b.String()
}

// checkSameParse fails t when parseBuildKit and BuildKit's own parser
// disagree on content.
func checkSameParse(t *testing.T, name string, content []byte) {
	t.Helper()
	want := dumpResult(parser.Parse(bytes.NewReader(content)))
	got := dumpResult(parseBuildKit(content))
	if got != want {
		t.Errorf("%s: joined parse differs from BuildKit's:\n--- BuildKit\n%s--- joined\n%s", name, want, got)
	}
}

func TestParseBuildKitMatchesBuildKit(t *testing.T) {
	cases := map[string]string{
		"plain":                   "FROM alpine\nRUN echo hi\n",
		"continued":               "FROM alpine\nRUN apk add \\\n    curl \\\n    git\nCMD [\"sh\"]\n",
		"blanks after backslash":  "FROM alpine\nRUN a \\  \t\n  b\n",
		"escaped backslash":       "FROM alpine\nRUN echo a\\\\\nRUN echo b\n",
		"comment inside":          "FROM alpine\nRUN a \\\n# a comment \\\n  b \\\n    # another\n  c\n",
		"comment ending in slash": "FROM alpine\n# not continued \\\nRUN a\n",
		"continued at EOF":        "FROM alpine\nRUN a \\\n  b \\",
		"trailing comments":       "FROM alpine\nRUN a \\\n# c1\n# c2\n",
		"no final newline":        "FROM alpine\nRUN a \\\n  b",
		"lone backslash":          "FROM alpine\nRUN a \\\n\\\n  b\n",
		"lone backslash first":    "FROM alpine\n\\\nRUN b\n",
		"json form":               "FROM alpine\nCMD [\"a\", \\\n     \"b\"]\n",
		"onbuild":                 "FROM alpine\nONBUILD RUN a \\\n  b\n",
		"indented instruction":    "FROM alpine\n   RUN a \\\n\tb\n",
		"flags":                   "FROM alpine AS b\nCOPY --from=b \\\n  --chown=1:1 /a /b\n",
		"env continued":           "FROM alpine\nENV A=1 \\\n    B=\"two words\" \\\n    C=3\n",
		"unicode":                 "FROM alpine\nLABEL x=\"héllo\" \\\n  y=\"wörld\"\n",
		"empty continuation":      "FROM alpine\nRUN a \\\n\n  b\n",
		"heredoc":                 "FROM alpine\nRUN <<EOF\necho a \\\nEOF\n",
		"crlf":                    "FROM alpine\r\nRUN a \\\r\n  b\r\n",
		"backtick escape":         "# escape=`\nFROM alpine\nRUN a `\n  b \\\nRUN c\n",
		"directives":              "# syntax=docker/dockerfile:1\n# check=skip=all\nFROM alpine\nRUN a \\\n b\n",
		"bom":                     "\ufeff# c \\\nFROM alpine\nRUN a \\\n b\n",
		"syntax error":            "FROM alpine\nRUN a \\\n  b\nNOPE x\n",
		"leading comments":        "# about the stage\nFROM alpine AS x\n# about run\nRUN a \\\n b\n",
		"maintainer":              "FROM alpine\nMAINTAINER a \\\n  b\n",
		"only continuation":       "\\\n",
		"empty":                   "",
	}
	for name, content := range cases {
		checkSameParse(t, name, []byte(content))
	}
	// The cases BuildKit must parse as they are, and those that must take
	// the joined path (else the comparison above proves little).
	asIs := map[string]bool{"plain": true, "empty continuation": true, "heredoc": true, "crlf": true, "bom": true,
		"lone backslash first": true, "only continuation": true, "empty": true, "escaped backslash": true, "comment ending in slash": true}
	for name, content := range cases {
		if _, _, joined := joinContinuations(nil, []byte(content)); joined == asIs[name] {
			t.Errorf("%s: joined=%v, want %v", name, joined, !asIs[name])
		}
	}
}

// TestParseBuildKitMatchesBuildKitOnFiles compares the two parses on every
// Dockerfile of the repository's test data and, when ../shared is present,
// of the corpus and the KICS samples.
func TestParseBuildKitMatchesBuildKitOnFiles(t *testing.T) {
	roots := []string{testenv.RepoRoot(t)}
	for _, elem := range [][]string{{"corpus", "dockerfile"}, {"conformance", "kics"}} {
		if dir, ok := testenv.LookupShared(t, elem...); ok {
			roots = append(roots, dir)
		} else {
			t.Logf("../shared/%s is absent: comparing on the repository's test data only", filepath.Join(elem...))
		}
	}
	n, joined := 0, 0
	for _, root := range roots {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if d.Name() == ".git" {
					return filepath.SkipDir
				}
				return nil
			}
			if !looksLikeDockerfile(d.Name()) {
				return nil
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			n++
			if _, _, ok := joinContinuations(nil, data); ok {
				joined++
			}
			checkSameParse(t, path, data)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("compared %d Dockerfiles, %d of them joined", n, joined)
}

func looksLikeDockerfile(name string) bool {
	lower := strings.ToLower(name)
	return strings.HasPrefix(lower, "dockerfile") || strings.HasPrefix(lower, "containerfile") ||
		strings.HasSuffix(lower, ".dockerfile") || strings.HasSuffix(lower, ".containerfile")
}

// FuzzParseBuildKitMatchesBuildKit holds parseBuildKit equal to BuildKit's
// parser on arbitrary input (go test -fuzz FuzzParseBuildKit ./internal/dockerfile).
func FuzzParseBuildKitMatchesBuildKit(f *testing.F) {
	for _, seed := range []string{
		"FROM alpine\nRUN a \\\n  b\n",
		"FROM alpine\nRUN a \\  \t\n# c \\\n\tb \\\\\nCMD [\"x\", \\\n \"y\"]\n",
		"FROM a AS b\nCOPY --from=b \\\n --chown=1 /a /b\nENV A=1 \\\n B=2\nONBUILD RUN x \\\n y\n",
		"\\\nFROM a\n",
		"FROM a\nRUN \\\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, content []byte) {
		if len(content) > 4096 {
			return
		}
		checkSameParse(t, "fuzz", content)
	})
}
