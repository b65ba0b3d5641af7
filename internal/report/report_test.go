package report

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

const docsBase = "https://github.com/stevedore-dev/stevedore/blob/main/rules/"

func fakeDoc(id, name, flags string) string {
	return "# " + id + " " + name + "\n\n## What it flags\n" + flags +
		"\n\n## Why it matters\nAn attacker who gets code execution gets more.\n\n## How to fix\nDo the safe thing.\n"
}

// fakeRules are a small catalogue covering every severity and kind.
func fakeRules() []*rule.Rule {
	return []*rule.Rule{
		{ID: "DF001", Name: "final-stage-runs-as-root", Title: "Final stage runs as root", Severity: finding.High,
			Kind: rule.KindDockerfile, Note: "least-privilege",
			Doc: fakeDoc("DF001", "final-stage-runs-as-root",
				"A final stage whose effective `USER` is root, or that sets no\n**USER** at all. See [the note](../notes/least-privilege.md).")},
		{ID: "DF004", Name: "apt-lists-not-removed", Title: "Package lists left in the image", Severity: finding.Low,
			Kind: rule.KindDockerfile, Note: "supply-chain-and-integrity",
			Doc: fakeDoc("DF004", "apt-lists-not-removed", "An `apt-get install` that leaves `/var/lib/apt/lists` behind.")},
		{ID: "DF020", Name: "no-healthcheck", Title: "No HEALTHCHECK in the final stage", Severity: finding.Info,
			Kind: rule.KindDockerfile, Note: "runtime-hardening"},
		{ID: "DC002", Name: "privileged-service", Title: "Service runs privileged", Severity: finding.Critical,
			Kind: rule.KindCompose, Note: "runtime-hardening",
			Doc: fakeDoc("DC002", "privileged-service", "A service with `privileged: true`.")},
		{ID: "K8S010", Name: "no-resource-limits", Title: "Container has no resource limits", Severity: finding.Medium,
			Kind: rule.KindKubernetes, Note: "runtime-hardening",
			Doc: fakeDoc("K8S010", "no-resource-limits", "A container without `resources.limits`.")},
	}
}

func link(ru *rule.Rule) (doc, note string) { return docsBase + ru.DocPath(), docsBase + ru.NotePath() }

// fixture is a small fixed Result: several rules and severities, a fix, a
// path with spaces, a message with markdown and command metacharacters, and
// one finding whose links the engine left empty.
func fixture() *Result {
	rules := fakeRules()
	byID := map[string]*rule.Rule{}
	for _, r := range rules {
		byID[r.ID] = r
	}
	mk := func(id, path string, rg finding.Range, loc, evidence, msg string) finding.Finding {
		ru := byID[id]
		doc, note := link(ru)
		return finding.Finding{RuleID: id, RuleName: ru.Name, Severity: ru.Severity, Path: path, Range: rg,
			Location: loc, Evidence: evidence, Message: msg, DocURL: doc, NoteURL: note}
	}
	root := mk("DF001", "Dockerfile", finding.Range{StartLine: 12, EndLine: 12, StartCol: 1}, "stage[final]/USER", "root",
		"The final stage runs as root (USER root at line 12).")
	root.Fix = &finding.Fix{Description: "switch to an unprivileged user",
		Edits: []finding.Edit{{StartLine: 12, EndLine: 12, NewText: "USER 10001:10001\n"}}}
	noLinks := mk("DF020", "Dockerfile", finding.Line(1), "stage[final]", "", "The final stage has no HEALTHCHECK.")
	noLinks.DocURL, noLinks.NoteURL = "", ""
	return &Result{
		Tool: Tool{Name: "stevedore", Version: "1.2.3", InformationURI: "https://github.com/stevedore-dev/stevedore"},
		Files: []ScannedFile{
			{Path: "Dockerfile", Kind: "dockerfile"},
			{Path: "compose.yaml", Kind: "compose"},
			{Path: "deploy/my app/web.yaml", Kind: "kubernetes"},
			{Path: "deploy/ok.yaml", Kind: "kubernetes"},
		},
		Findings: []finding.Finding{
			mk("K8S010", "deploy/my app/web.yaml", finding.Range{StartLine: 20, EndLine: 24, StartCol: 9},
				"Deployment/web/containers[app]/resources", "", "Container \"app\" sets no CPU or memory limits."),
			root,
			mk("DF004", "Dockerfile", finding.Lines(5, 7), "stage[final]/RUN[1]", "apt-get install",
				"`apt-get install` | keeps /var/lib/apt/lists: 40 MB, 100% avoidable\nand *cached* <b>forever</b>."),
			noLinks,
			mk("DC002", "compose.yaml", finding.Line(7), "services.web.privileged", "true",
				"Service web runs privileged, with all capabilities: host access."),
		},
		Rules:        fakeRules(),
		DocsBase:     docsBase,
		AutomationID: "stevedore/scan/",
		SourceRoot:   "/src/repo",
	}
}

// edgeFixture has what the engine should not send but a writer must
// survive: ranges at 0 and below, a rule that did not run, a path with
// characters that mean something in URIs, markdown and commands, no links,
// a development version and no SARIF root or category.
func edgeFixture() *Result {
	return &Result{
		Tool:  Tool{Name: "stevedore", Version: "devel"},
		Files: []ScannedFile{{Path: "odd:dir, #1/100% [x] `y`|z.yaml", Kind: "kubernetes"}},
		Findings: []finding.Finding{
			{RuleID: "SD001", RuleName: "file-unparsable", Severity: finding.Medium,
				Path: "odd:dir, #1/100% [x] `y`|z.yaml", Range: finding.Range{StartLine: 0, EndLine: -2, StartCol: -1},
				Location: "file", Message: "yaml: line 0: did not find expected key\r\n::error::injected"},
			{RuleID: "DF001", RuleName: "final-stage-runs-as-root", Severity: finding.High, Path: "./Dockerfile",
				Range: finding.Range{StartLine: -4}, Location: "stage[final]/USER", Message: "no USER"},
		},
		Rules: []*rule.Rule{fakeRules()[0]},
	}
}

var writers = map[string]func(io.Writer, *Result) error{
	"text":       func(w io.Writer, r *Result) error { return Text(w, r, TextOptions{}) },
	"text-color": func(w io.Writer, r *Result) error { return Text(w, r, TextOptions{Color: true}) },
	"json":       JSON,
	"sarif":      SARIF,
	"markdown":   func(w io.Writer, r *Result) error { return Markdown(w, r, MarkdownOptions{}) },
	"workflow":   WorkflowCommands,
}

func TestGolden(t *testing.T) {
	for name, write := range writers {
		for _, tc := range []struct {
			suffix string
			result *Result
		}{
			{"", fixture()},
			{"-edge", edgeFixture()},
			{"-empty", &Result{Tool: fixture().Tool, Files: fixture().Files, Rules: fakeRules(), DocsBase: docsBase}},
		} {
			t.Run(name+tc.suffix, func(t *testing.T) {
				var buf bytes.Buffer
				if err := write(&buf, tc.result); err != nil {
					t.Fatal(err)
				}
				golden(t, filepath.Join("testdata", name+tc.suffix+".golden"), buf.Bytes())
			})
		}
	}
}

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the output (run go test -update and review the diff)\n--- got ---\n%s", path, got)
	}
}

func TestWritersAcceptNilResult(t *testing.T) {
	for name, write := range writers {
		if err := write(io.Discard, nil); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestNoLineBelowOne feeds ranges at 0 and below and checks that every
// writer shows line 1 at the least.
func TestNoLineBelowOne(t *testing.T) {
	r := fixture()
	r.Findings = append(r.Findings,
		finding.Finding{RuleID: "DF001", RuleName: "final-stage-runs-as-root", Severity: finding.High, Path: "a/Dockerfile",
			Message: "zero range"},
		finding.Finding{RuleID: "SD001", RuleName: "file-unparsable", Severity: finding.Medium, Path: "b.yaml",
			Range: finding.Range{StartLine: -3, EndLine: -7, StartCol: -2, EndCol: -1}, Message: "negative range"},
		finding.Finding{RuleID: "K8S010", Path: "c.yaml", Range: finding.Range{StartLine: 0, EndLine: 4}, Message: "open start"},
	)
	lineNumbers := map[string]*regexp.Regexp{
		"text":       regexp.MustCompile(`(?m)^  (-?\d+)`),
		"text-color": regexp.MustCompile(`(?m)^  (-?\d+)`),
		"markdown":   regexp.MustCompile(":(-?\\d+)`"),
		"workflow":   regexp.MustCompile(`(?:line|endLine|col|endColumn)=(-?\d+)`),
		"json":       regexp.MustCompile(`"(?:startLine|endLine|startColumn|endColumn)": (-?\d+)`),
		"sarif":      regexp.MustCompile(`"(?:startLine|endLine|startColumn)": (-?\d+)`),
	}
	for name, write := range writers {
		var buf bytes.Buffer
		if err := write(&buf, r); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out := buf.String()
		if name == "json" { // fix edits may legitimately say endLine 0 (an insertion)
			out = regexp.MustCompile(`(?s)"fix": \{.*?\n    \}`).ReplaceAllString(out, "")
		}
		matches := lineNumbers[name].FindAllStringSubmatch(out, -1)
		if len(matches) < len(r.Findings) {
			t.Errorf("%s: found %d line numbers for %d findings; the pattern is stale", name, len(matches), len(r.Findings))
		}
		for _, m := range matches {
			if n, _ := strconv.Atoi(m[1]); n < 1 {
				t.Errorf("%s prints line/column %d: %q", name, n, m[0])
			}
		}
	}
}

func TestJSONMatchesSchema(t *testing.T) {
	var schema map[string]any
	if err := json.Unmarshal(JSONSchema(), &schema); err != nil {
		t.Fatalf("schema: %v", err)
	}
	for _, r := range []*Result{fixture(), {}} {
		var buf bytes.Buffer
		if err := JSON(&buf, r); err != nil {
			t.Fatal(err)
		}
		var doc any
		if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
			t.Fatal(err)
		}
		for _, problem := range validate(schema, schema, doc, "$") {
			t.Error(problem)
		}
	}
	// The validator itself must notice a broken document.
	bad := map[string]any{"version": 2.0, "tool": map[string]any{"name": "x"}, "files": nil,
		"findings": []any{map[string]any{"severity": "severe"}}}
	if got := validate(schema, schema, bad, "$"); len(got) < 5 {
		t.Errorf("validator found only %d problems in a broken document: %v", len(got), got)
	}
}

// validate is a small JSON Schema checker for the keywords our schema uses:
// $ref (local), type, const, enum, required, properties, items, minimum,
// pattern.
func validate(root, schema map[string]any, v any, at string) []string {
	if ref, ok := schema["$ref"].(string); ok {
		node := any(root)
		for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
			node = node.(map[string]any)[part]
		}
		return validate(root, node.(map[string]any), v, at)
	}
	var problems []string
	bad := func(format string, args ...any) { problems = append(problems, at+": "+fmt.Sprintf(format, args...)) }
	if c, ok := schema["const"]; ok && c != v {
		bad("want %v, got %v", c, v)
	}
	if enum, ok := schema["enum"].([]any); ok {
		found := false
		for _, e := range enum {
			found = found || e == v
		}
		if !found {
			bad("%v not in %v", v, enum)
		}
	}
	switch typ, _ := schema["type"].(string); typ {
	case "object":
		obj, ok := v.(map[string]any)
		if !ok {
			bad("want object, got %T", v)
			return problems
		}
		for _, req := range schema["required"].([]any) {
			if _, ok := obj[req.(string)]; !ok {
				bad("missing %q", req)
			}
		}
		props, _ := schema["properties"].(map[string]any)
		for k, val := range obj {
			if sub, ok := props[k].(map[string]any); ok {
				problems = append(problems, validate(root, sub, val, at+"."+k)...)
			}
		}
	case "array":
		arr, ok := v.([]any)
		if !ok {
			bad("want array, got %T", v)
			return problems
		}
		for i, item := range arr {
			problems = append(problems, validate(root, schema["items"].(map[string]any), item, fmt.Sprintf("%s[%d]", at, i))...)
		}
	case "string":
		s, ok := v.(string)
		if !ok {
			bad("want string, got %T", v)
		} else if p, ok := schema["pattern"].(string); ok && !regexp.MustCompile(p).MatchString(s) {
			bad("%q does not match %s", s, p)
		}
	case "integer":
		n, ok := v.(float64)
		if !ok || n != float64(int64(n)) {
			bad("want integer, got %v", v)
		} else if m, ok := schema["minimum"].(float64); ok && n < m {
			bad("%v below minimum %v", n, m)
		}
	}
	return problems
}

func TestSARIFStructure(t *testing.T) {
	r := fixture()
	r.Findings = append(r.Findings, finding.Finding{RuleID: "SD001", RuleName: "file-unparsable", Severity: finding.Medium,
		Path: "./odd:name #1?.yaml", Range: finding.Line(3), Message: "cannot parse"})
	var buf bytes.Buffer
	if err := SARIF(&buf, r); err != nil {
		t.Fatal(err)
	}
	var log struct {
		Version string `json:"version"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						ID              string `json:"id"`
						FullDescription struct {
							Text string `json:"text"`
						} `json:"fullDescription"`
						HelpURI string `json:"helpUri"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID    string `json:"ruleId"`
				RuleIndex int    `json:"ruleIndex"`
				Level     string `json:"level"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI string `json:"uri"`
						} `json:"artifactLocation"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	if log.Version != "2.1.0" || len(log.Runs) != 1 {
		t.Fatalf("version %q, %d runs", log.Version, len(log.Runs))
	}
	run := log.Runs[0]
	if len(run.Results) != len(r.Findings) {
		t.Fatalf("%d results for %d findings", len(run.Results), len(r.Findings))
	}
	rules := run.Tool.Driver.Rules
	for _, res := range run.Results {
		if res.RuleIndex < 0 || res.RuleIndex >= len(rules) || rules[res.RuleIndex].ID != res.RuleID {
			t.Errorf("result %s: ruleIndex %d does not point at its rule", res.RuleID, res.RuleIndex)
		}
		uri := res.Locations[0].PhysicalLocation.ArtifactLocation.URI
		if strings.ContainsAny(uri, " #?:\\") || strings.HasPrefix(uri, "/") || strings.HasPrefix(uri, "./") {
			t.Errorf("uri %q is not a clean relative reference", uri)
		}
	}
	for _, ru := range rules {
		if ru.ID == "K8S010" && ru.FullDescription.Text != "A container without resources.limits." {
			t.Errorf("K8S010 fullDescription = %q", ru.FullDescription.Text)
		}
		if ru.ID == "SD001" && ru.HelpURI != docsBase+"engine/SD001.md" {
			t.Errorf("SD001 (did not run) helpUri = %q", ru.HelpURI)
		}
	}
}

func TestWhatItFlags(t *testing.T) {
	for _, tc := range []struct{ doc, want string }{
		{fakeRules()[0].Doc, "A final stage whose effective USER is root, or that sets no USER at all. See the note."},
		{"# X\n\n## what it flags\n\nUses ``a`b`` and __bold__ text.\n## Next\n", "Uses a`b and bold text."},
		{"# X\n\n## What it flags\n```\ncode\n```\n", ""},
		{"# X\n\nno heading", ""},
		{"## What it flags\nunclosed `code", "unclosed `code"},
	} {
		if got := whatItFlags(tc.doc); got != tc.want {
			t.Errorf("whatItFlags(%q) = %q, want %q", tc.doc, got, tc.want)
		}
	}
}

func TestAbsoluteLinks(t *testing.T) {
	page := docsBase + "dockerfile/DF001.md"
	in := "See [note](../notes/x.md), [top](#how-to-fix), [web](https://example.com/a) and [bad](<x y>)."
	want := "See [note](" + docsBase + "notes/x.md), [top](" + page + "#how-to-fix), [web](https://example.com/a) and [bad](<x y>)."
	if got := absoluteLinks(in, page); got != want {
		t.Errorf("absoluteLinks = %q\nwant %q", got, want)
	}
	if got := absoluteLinks(in, ""); got != in {
		t.Errorf("absoluteLinks without a base changed the doc: %q", got)
	}
}

func TestRelativeURI(t *testing.T) {
	for in, want := range map[string]string{
		"Dockerfile":             "Dockerfile",
		"deploy/my app/web.yaml": "deploy/my%20app/web.yaml",
		"./a/b.yaml":             "a/b.yaml",
		"c:d/#x?.yml":            "c%3Ad/%23x%3F.yml",
		"ünï/Dockerfile":         "%C3%BCn%C3%AF/Dockerfile",
		"a+b/100%.yaml":          "a%2Bb/100%25.yaml",
	} {
		if got := relativeURI(in); got != want {
			t.Errorf("relativeURI(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSourceRootAndVersion(t *testing.T) {
	if got := sourceRootLocation("/src/my repo").URI; got != "file:///src/my%20repo/" {
		t.Errorf("source root URI = %q", got)
	}
	if got := sourceRootLocation("relative"); got.URI != "" || got.Description == nil {
		t.Errorf("relative root gave %+v", got)
	}
	for in, want := range map[string]string{"1.2.3": "1.2.3", "v0.4.0-rc.1": "0.4.0-rc.1", "devel": "", "1.2": ""} {
		if got := semanticVersion(in); got != want {
			t.Errorf("semanticVersion(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWorkflowEscaping(t *testing.T) {
	for _, tc := range []struct{ in, data, prop string }{
		{"plain", "plain", "plain"},
		{"100% a:b, c\r\nd", "100%25 a:b, c%0D%0Ad", "100%25 a%3Ab%2C c%0D%0Ad"},
		{"%0A", "%250A", "%250A"},
	} {
		if got := EscapeWorkflowData(tc.in); got != tc.data {
			t.Errorf("EscapeWorkflowData(%q) = %q, want %q", tc.in, got, tc.data)
		}
		if got := escapeProperty(tc.in); got != tc.prop {
			t.Errorf("escapeProperty(%q) = %q, want %q", tc.in, got, tc.prop)
		}
	}
}

func TestMarkdownEscaping(t *testing.T) {
	if got, want := markdownEscape("a|b `c` <d> *e* [f](g) & ~h~"), `a\|b \`+"`"+`c\`+"`"+` \<d\> \*e\* \[f\](g) \& \~h\~`; got != want {
		t.Errorf("markdownEscape = %q, want %q", got, want)
	}
	for in, want := range map[string]string{
		"Dockerfile:3":  "`Dockerfile:3`",
		"a`b:1":         "``a`b:1``",
		"`start:1":      "`` `start:1 ``",
		"multi\nline:1": "`multi line:1`",
	} {
		if got := codeSpan(in); got != want {
			t.Errorf("codeSpan(%q) = %q, want %q", in, got, want)
		}
	}
}

// manyFindings returns n findings spread over severities and files.
func manyFindings(n int) *Result {
	r := fixture()
	rules := fakeRules()
	r.Findings = nil
	for i := range n {
		ru := rules[i%len(rules)]
		doc, note := link(ru)
		r.Findings = append(r.Findings, finding.Finding{
			RuleID: ru.ID, RuleName: ru.Name, Severity: ru.Severity,
			Path: fmt.Sprintf("services/svc-%03d/Dockerfile", i%97), Range: finding.Line(i + 1),
			Location: fmt.Sprintf("loc-%d", i), Message: strings.Repeat("A rather long message about the problem. ", 3),
			DocURL: doc, NoteURL: note,
		})
	}
	return r
}

func TestMarkdownTruncates(t *testing.T) {
	r := manyFindings(2000)
	for _, limit := range []int{0, 20000, 3000, 200, 40, 5} {
		var buf bytes.Buffer
		if err := Markdown(&buf, r, MarkdownOptions{MaxBytes: limit}); err != nil {
			t.Fatal(err)
		}
		max := limit
		if max <= 0 {
			max = GitHubCommentLimit
		}
		out := buf.String()
		if len(out) > max {
			t.Errorf("MaxBytes %d: wrote %d bytes", limit, len(out))
		}
		shown := strings.Count(out, "\n- **")
		if limit >= 3000 {
			left := regexp.MustCompile(`(\d+) more findings? left out`).FindStringSubmatch(out)
			if left == nil {
				t.Fatalf("MaxBytes %d: no truncation note in\n%s", limit, out[len(out)-500:])
			}
			if n, _ := strconv.Atoi(left[1]); n+shown != len(r.Findings) {
				t.Errorf("MaxBytes %d: %d shown + %d left out != %d", limit, shown, n, len(r.Findings))
			}
			// The shown findings are the most severe: every severity is
			// shown in full until the first one that is cut short.
			cut := false
			for _, s := range severitiesHighFirst {
				total := 0
				for _, f := range r.Findings {
					if f.Severity == s {
						total++
					}
				}
				n := strings.Count(out, "\n- "+severityBadge[s])
				if cut && n > 0 {
					t.Errorf("MaxBytes %d: shows %d %s findings after dropping more severe ones", limit, n, s)
				}
				cut = cut || n < total
			}
		}
	}
	// A Result that fits is not truncated.
	var buf bytes.Buffer
	if err := Markdown(&buf, fixture(), MarkdownOptions{}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "left out") {
		t.Error("small result was truncated")
	}
}

func TestTextSummaryLine(t *testing.T) {
	for _, tc := range []struct {
		r    *Result
		want string
	}{
		{&Result{Files: []ScannedFile{{Path: "a"}}}, "no findings in 1 file\n"},
		{&Result{}, "no findings in 0 files\n"},
		{&Result{Findings: []finding.Finding{{RuleID: "DF001", Path: "x", Severity: finding.Low}}},
			"1 finding in 1 of 1 file: 1 low\n"},
	} {
		var buf bytes.Buffer
		if err := Text(&buf, tc.r, TextOptions{}); err != nil {
			t.Fatal(err)
		}
		if got := buf.String(); !strings.HasSuffix(got, tc.want) {
			t.Errorf("text ends %q, want %q", got, tc.want)
		}
	}
}

func TestTextEscapesControlCharacters(t *testing.T) {
	r := &Result{Findings: []finding.Finding{{RuleID: "DF001", Path: "evil\x1b[2J", Severity: finding.Low,
		Message: "clear\x1b]0;title\x07", Range: finding.Line(2)}}}
	var buf bytes.Buffer
	if err := Text(&buf, r, TextOptions{Color: false}); err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(buf.String(), "\x1b\x07") {
		t.Errorf("control characters reached the terminal: %q", buf.String())
	}
}

func BenchmarkWriters(b *testing.B) {
	r := manyFindings(1000)
	for name, write := range writers {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if err := write(io.Discard, r); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(r.Findings)*b.N)/b.Elapsed().Seconds(), "findings/s")
		})
	}
}
