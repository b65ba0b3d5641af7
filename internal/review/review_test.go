package review

import (
	"context"
	"io/fs"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stevedore-dev/stevedore/internal/config"
	"github.com/stevedore-dev/stevedore/internal/engine"
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
	enginerules "github.com/stevedore-dev/stevedore/rules/engine"
)

const fakeDoc = "# fake\n\n## Why it matters\nA privileged container is root on the host. An attacker who gets in owns the node. More text.\n\n## How to fix\nRemove the setting.\n"

// fakeRules are small Compose rules for the tests: a privileged service
// (with a mechanical fix) and a service without read_only: true.
func fakeRules() []*rule.Rule {
	privileged := &rule.Rule{ID: "DC901", Name: "fake-privileged", Title: "Service runs privileged", Severity: finding.High,
		Kind: rule.KindCompose, Note: "least-privilege", Doc: fakeDoc}
	privileged.Check = func(p *rule.Pass) {
		for _, s := range p.Compose.Services {
			if !s.Config.Privileged {
				continue
			}
			file, line := p.Compose.Pos(s.Name, "privileged")
			f := finding.Finding{Path: file, Range: finding.Line(line), Location: "services." + s.Name + ".privileged",
				Message: "Service " + s.Name + " runs privileged"}
			if data, err := fs.ReadFile(p.FS, file); err == nil {
				lines := strings.Split(string(data), "\n")
				if line <= len(lines) {
					indent := lines[line-1][:len(lines[line-1])-len(strings.TrimLeft(lines[line-1], " "))]
					f.Fix = &finding.Fix{Description: "Set privileged: false",
						Edits: []finding.Edit{{StartLine: line, EndLine: line, NewText: indent + "privileged: false\n"}}}
				}
			}
			p.Report(f)
		}
	}
	readOnly := &rule.Rule{ID: "DC902", Name: "fake-writable-root", Title: "Root filesystem is writable", Severity: finding.Medium,
		Kind: rule.KindCompose, Note: "runtime-hardening", Doc: fakeDoc}
	readOnly.Check = func(p *rule.Pass) {
		for _, s := range p.Compose.Services {
			if !s.Config.ReadOnly {
				file, line := p.Compose.ServicePos(s.Name)
				p.Report(finding.Finding{Path: file, Range: finding.Line(line), Location: "services." + s.Name + ".read_only",
					Message: "Service " + s.Name + " has a writable root filesystem"})
			}
		}
	}
	return append(enginerules.Rules(), privileged, readOnly)
}

func runReview(t *testing.T, base, head fstest.MapFS, mod func(*Request)) *Review {
	t.Helper()
	diffs, err := CompareTrees(base, head)
	if err != nil {
		t.Fatal(err)
	}
	req := Request{Base: base, Head: head, Diffs: diffs, Catalogue: fakeRules(),
		Options: engine.Options{Today: time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)}}
	if mod != nil {
		mod(&req)
	}
	rv, err := Run(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	return rv
}

func files(kv ...string) fstest.MapFS {
	m := fstest.MapFS{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = &fstest.MapFile{Data: []byte(kv[i+1])}
	}
	return m
}

func ids(items []Item) string {
	var out []string
	for _, it := range items {
		out = append(out, it.RuleID+"@"+it.Path)
	}
	return strings.Join(out, ",")
}

const roService = "services:\n  web:\n    image: nginx:1.27\n    read_only: true\n"

func TestPrivilegedAddedGetsVerifiedSuggestion(t *testing.T) {
	rv := runReview(t,
		files("compose.yaml", roService),
		files("compose.yaml", roService+"    privileged: true\n"), nil)
	if ids(rv.New) != "DC901@compose.yaml" || len(rv.Fixed) != 0 || len(rv.Existing) != 0 {
		t.Fatalf("new=%s fixed=%s existing=%s", ids(rv.New), ids(rv.Fixed), ids(rv.Existing))
	}
	if len(rv.Comments) != 1 {
		t.Fatalf("comments = %d, want 1", len(rv.Comments))
	}
	c := rv.Comments[0]
	if c.Line != 5 || c.Side != "RIGHT" || !c.Suggestion {
		t.Fatalf("comment = %+v", c)
	}
	for _, want := range []string{"**High**", "DC901", "Service web runs privileged", "**Why it matters:** A privileged container is root on the host. An attacker who gets in owns the node.",
		"```suggestion\n    privileged: false\n```", finding.Marker(rv.New[0].Fingerprint)} {
		if !strings.Contains(c.Body, want) {
			t.Errorf("body lacks %q:\n%s", want, c.Body)
		}
	}
	if !rv.Verdict.Fail || rv.Verdict.FailOn != "high" {
		t.Errorf("verdict = %+v", rv.Verdict)
	}
	if len(rv.Posture) != 1 || rv.Posture[0].Property != "privileged" || rv.Posture[0].Verdict != "worse" {
		t.Errorf("posture = %+v", rv.Posture)
	}
}

func TestMovedAndRenamedAreNotNew(t *testing.T) {
	privileged := "services:\n  web:\n    image: nginx:1.27\n    read_only: true\n    privileged: true\n"
	moved := "services:\n" + strings.Repeat("  # note\n", 20) + "  web:\n    image: nginx:1.27\n    read_only: true\n    privileged: true\n"
	rv := runReview(t, files("compose.yaml", privileged), files("compose.yaml", moved), nil)
	if len(rv.New) != 0 || ids(rv.Existing) != "DC901@compose.yaml" || rv.Existing[0].BaseRange == nil {
		t.Fatalf("moved: new=%s existing=%+v", ids(rv.New), rv.Existing)
	}
	if rv.Verdict.Fail {
		t.Errorf("moved finding failed the review: %+v", rv.Verdict)
	}
	rv = runReview(t, files("a/compose.yaml", privileged), files("b/compose.yaml", privileged), nil)
	if len(rv.New) != 0 || len(rv.Fixed) != 0 || ids(rv.Existing) != "DC901@b/compose.yaml" || rv.Existing[0].BasePath != "a/compose.yaml" {
		t.Fatalf("renamed: new=%s fixed=%s existing=%+v", ids(rv.New), ids(rv.Fixed), rv.Existing)
	}
}

func TestFixedAndDeleted(t *testing.T) {
	privileged := roService + "    privileged: true\n"
	rv := runReview(t, files("compose.yaml", privileged), files("compose.yaml", roService), nil)
	if ids(rv.Fixed) != "DC901@compose.yaml" || len(rv.New) != 0 || !strings.Contains(rv.Summary, "Fixed — thank you!") {
		t.Fatalf("fixed=%s new=%s\n%s", ids(rv.Fixed), ids(rv.New), rv.Summary)
	}
	rv = runReview(t, files("compose.yaml", privileged, "other.txt", "x"), files("other.txt", "x"), nil)
	if ids(rv.Fixed) != "DC901@compose.yaml" || len(rv.New) != 0 {
		t.Fatalf("deleted: fixed=%s new=%s", ids(rv.Fixed), ids(rv.New))
	}
}

func TestRemovedLineAnchorsToNearestAddedLine(t *testing.T) {
	rv := runReview(t,
		files("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n    read_only: true\n"),
		files("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n    init: true\n"), nil)
	if ids(rv.New) != "DC902@compose.yaml" || len(rv.Comments) != 1 {
		t.Fatalf("new=%s comments=%+v", ids(rv.New), rv.Comments)
	}
	c := rv.Comments[0]
	if c.Line != 4 || !strings.Contains(c.Body, "this change removed line 4 of the base (`read_only: …`)") || c.Suggestion {
		t.Fatalf("comment = %+v", c)
	}
	// A pure deletion has no added or changed line: the finding goes to the
	// summary with its cause (issue 4), never inline on an unchanged line.
	for _, head := range []string{"services:\n  web:\n    image: nginx:1.27\n"} {
		for _, base := range []string{
			"services:\n  web:\n    image: nginx:1.27\n    read_only: true\n",
			"services:\n  web:\n    read_only: true\n    image: nginx:1.27\n",
		} {
			rv = runReview(t, files("compose.yaml", base), files("compose.yaml", head), nil)
			if len(rv.Comments) != 0 || len(rv.New) != 1 || rv.New[0].Placement != PlacementSummary ||
				!strings.Contains(rv.New[0].Cause, "this change removed line") || !strings.Contains(rv.Summary, "this change removed line") {
				t.Fatalf("pure deletion: comments=%+v new=%+v", rv.Comments, rv.New)
			}
		}
	}
}

func TestInfoFindingsStayInTheSummary(t *testing.T) {
	info := &rule.Rule{ID: "DC903", Name: "fake-info", Title: "Informational", Severity: finding.Info,
		Kind: rule.KindCompose, Note: "runtime-hardening", Doc: fakeDoc}
	info.Check = func(p *rule.Pass) {
		for _, s := range p.Compose.Services {
			if s.Config.Init != nil {
				file, line := p.Compose.Pos(s.Name, "init")
				p.Report(finding.Finding{Path: file, Range: finding.Line(line), Location: "services." + s.Name + ".init", Message: "init set"})
			}
		}
	}
	rv := runReview(t, files("compose.yaml", roService), files("compose.yaml", roService+"    init: true\n"),
		func(r *Request) { r.Catalogue = append(r.Catalogue, info) })
	if ids(rv.New) != "DC903@compose.yaml" || len(rv.Comments) != 0 || rv.New[0].Placement != PlacementSummary {
		t.Fatalf("new=%s comments=%+v", ids(rv.New), rv.Comments)
	}
}

func TestEvidenceChangeAtSameLocationIsExisting(t *testing.T) {
	tagged := &rule.Rule{ID: "DC904", Name: "fake-unpinned", Title: "Image not pinned", Severity: finding.Low,
		Kind: rule.KindCompose, Note: "base-image-trust", Doc: fakeDoc}
	tagged.Check = func(p *rule.Pass) {
		for _, s := range p.Compose.Services {
			file, line := p.Compose.Pos(s.Name, "image")
			p.Report(finding.Finding{Path: file, Range: finding.Line(line), Location: "services." + s.Name + ".image",
				Evidence: s.Config.Image, Message: "not pinned: " + s.Config.Image})
		}
	}
	add := func(r *Request) { r.Catalogue = append(r.Catalogue, tagged) }
	rv := runReview(t, files("compose.yaml", roService), files("compose.yaml", strings.Replace(roService, "1.27", "1.29", 1)), add)
	if len(rv.New) != 0 || len(rv.Fixed) != 0 || ids(rv.Existing) != "DC904@compose.yaml" || rv.Existing[0].BaseEvidence != "nginx:1.27" {
		t.Fatalf("new=%s fixed=%s existing=%+v", ids(rv.New), ids(rv.Fixed), rv.Existing)
	}
}

func TestCommentLimitOverflowsToSummary(t *testing.T) {
	head := "services:\n"
	for _, s := range []string{"a", "b", "c"} {
		head += "  " + s + ":\n    image: nginx:1.27\n    read_only: true\n    privileged: true\n"
	}
	rv := runReview(t, files("compose.yaml", "services:\n  a:\n    image: nginx:1.27\n    read_only: true\n"), files("compose.yaml", head),
		func(r *Request) { r.CommentLimit = 2 })
	if len(rv.Comments) != 2 || rv.Counts.Overflow != 1 || !strings.Contains(rv.Summary, "1 new finding over the limit") {
		t.Fatalf("comments=%d overflow=%d\n%s", len(rv.Comments), rv.Counts.Overflow, rv.Summary)
	}
	if rv.Counts.New != 3 {
		t.Fatalf("new = %d (%s)", rv.Counts.New, ids(rv.New))
	}
}

func TestBaseConfigGovernsBothSides(t *testing.T) {
	base := files("compose.yaml", roService)
	head := files("compose.yaml", roService+"    privileged: true\n",
		".stevedore.yml", "rules:\n  DC901: off\n")
	cfg, err := config.Parse(".stevedore.yml", []byte("rules:\n  DC901: low\n"))
	if err != nil {
		t.Fatal(err)
	}
	rv := runReview(t, base, head, func(r *Request) { r.Config = cfg })
	if ids(rv.New) != "DC901@compose.yaml" || rv.New[0].Severity != finding.Low || !rv.ConfigChanged {
		t.Fatalf("new=%+v configChanged=%v", rv.New, rv.ConfigChanged)
	}
	if rv.Verdict.Fail {
		t.Errorf("a low finding failed at high: %+v", rv.Verdict)
	}
	if !strings.Contains(rv.Summary, "reviewed with the base branch's config") {
		t.Errorf("summary does not report the config change:\n%s", rv.Summary)
	}
}

func TestUnparsableHeadMakesBaseFindingsUnchecked(t *testing.T) {
	rv := runReview(t,
		files("compose.yaml", roService+"    privileged: true\n"),
		files("compose.yaml", roService+"    privileged: true\n  bad: [\n"), nil)
	if ids(rv.New) != "SD001@compose.yaml" || ids(rv.Unchecked) != "DC901@compose.yaml" || len(rv.Fixed) != 0 {
		t.Fatalf("new=%s unchecked=%s fixed=%s", ids(rv.New), ids(rv.Unchecked), ids(rv.Fixed))
	}
}

func TestSummaryTruncates(t *testing.T) {
	rv := &Review{Verdict: Verdict{Reason: "x"}}
	for i := 0; i < 3000; i++ {
		rv.Existing = append(rv.Existing, Item{RuleID: "DC901", Severity: finding.High, Path: "compose.yaml",
			Message: strings.Repeat("long message ", 5)})
	}
	s := summary(rv, "https://example.com/run/1")
	if len(s) > MaxBodyChars || !strings.Contains(s, "[check run](https://example.com/run/1)") {
		t.Fatalf("summary is %d chars; note present: %v", len(s), strings.Contains(s, "check run"))
	}
}

func TestNewFindingAnchorsOnChangedRelatedFile(t *testing.T) {
	ships := &rule.Rule{ID: "DC905", Name: "fake-ships-env", Title: "Ships .env", Severity: finding.High,
		Kind: rule.KindCompose, Note: "build-context-and-drift", Doc: fakeDoc}
	ships.Check = func(p *rule.Pass) {
		if _, err := fs.Stat(p.FS, ".env"); err != nil {
			return
		}
		for _, s := range p.Compose.Services {
			file, line := p.Compose.ServicePos(s.Name)
			p.Report(finding.Finding{Path: file, Range: finding.Line(line), Location: "services." + s.Name + "/.env",
				Message: "ships .env", Related: []finding.Related{{Path: ".env", Message: "ships into the image"}}})
		}
	}
	add := func(r *Request) { r.Catalogue = append(r.Catalogue, ships) }
	rv := runReview(t, files("compose.yaml", roService), files("compose.yaml", roService, ".env", "A=1\nB=2\n"), add)
	if ids(rv.New) != "DC905@compose.yaml" || len(rv.Comments) != 1 {
		t.Fatalf("new=%s comments=%+v", ids(rv.New), rv.Comments)
	}
	c := rv.Comments[0]
	if c.Path != ".env" || c.Line != 1 || c.Suggestion || !strings.Contains(c.Body, "the finding is on `compose.yaml` line 2, and `.env` ships into the image; this change added `.env`") {
		t.Fatalf("comment = %+v", c)
	}
	if !strings.Contains(rv.Summary, "(commented on `.env:1`)") || len(rv.New[0].Related) != 1 {
		t.Errorf("summary or item lacks the related place:\n%s", rv.Summary)
	}
}

// TestEachFileParsedOncePerSide counts the models the engine hands the
// review: one per file and side, however many dependents pulled it in.
func TestEachFileParsedOncePerSide(t *testing.T) {
	var mu sync.Mutex
	parsed := map[string]int{}
	override := "services:\n  web:\n    network_mode: host\n"
	rv := runReview(t,
		files("compose.yaml", roService, "compose.override.yaml", "services:\n  web:\n    init: true\n", ".env", "A=1\n"),
		files("compose.yaml", roService, "compose.override.yaml", override, ".env", "A=2\n"),
		func(r *Request) {
			r.Options.Inspect = func(p string, _ any) {
				mu.Lock()
				parsed[p]++
				mu.Unlock()
			}
		})
	if len(rv.Files) != 2 {
		t.Fatalf("files = %+v", rv.Files)
	}
	if len(parsed) == 0 {
		t.Fatal("no model inspected")
	}
	for p, n := range parsed {
		if n != 2 {
			t.Errorf("%s parsed %d times, want once per side", p, n)
		}
	}
}

// Findings on one line share one comment: the most severe is commented, the
// others are named in it and placed in the summary.
func TestOneCommentPerLine(t *testing.T) {
	extra := &rule.Rule{ID: "DC903", Name: "fake-service-line", Title: "Service line finding", Severity: finding.Low,
		Kind: rule.KindCompose, Note: "runtime-hardening", Doc: fakeDoc}
	extra.Check = func(p *rule.Pass) {
		for _, s := range p.Compose.Services {
			file, line := p.Compose.ServicePos(s.Name)
			p.Report(finding.Finding{Path: file, Range: finding.Line(line), Location: "services." + s.Name, Message: "another finding on " + s.Name})
		}
	}
	rv := runReview(t, files("other.txt", "x"), files("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n"), func(r *Request) {
		r.Catalogue = append(fakeRules(), extra)
	})
	if len(rv.New) != 2 || len(rv.Comments) != 1 {
		t.Fatalf("new=%s comments=%d", ids(rv.New), len(rv.Comments))
	}
	c := rv.Comments[0]
	if c.RuleID != "DC902" || !strings.Contains(c.Body, "**Also on this line**") || !strings.Contains(c.Body, "DC903") ||
		!strings.HasSuffix(strings.TrimSpace(c.Body), "-->") {
		t.Fatalf("comment = %+v", c)
	}
	for _, it := range rv.New {
		if it.RuleID == "DC903" && (it.Placement != PlacementSummary || !strings.Contains(it.Cause, "named in the DC902 comment")) {
			t.Errorf("folded finding = %+v", it)
		}
	}
}
