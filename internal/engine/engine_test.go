package engine_test

import (
	"context"
	"fmt"
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

// userRoot is a test rule: every `USER root` instruction.
var userRoot = &rule.Rule{
	ID: "DF900", Name: "test-user-root", Title: "Test rule", Severity: finding.High,
	Kind: rule.KindDockerfile, Note: "least-privilege",
	Check: func(p *rule.Pass) {
		for _, st := range p.Dockerfile.Stages {
			for _, in := range st.Find("USER") {
				if len(in.Args) > 0 && in.Args[0] == "root" {
					p.Reportf(in.Range, "stage/USER", "root", "USER root")
				}
			}
		}
	},
}

// panicky is a rule that panics on every file.
var panicky = &rule.Rule{
	ID: "DF901", Name: "test-panics", Title: "Test rule that panics", Severity: finding.Low,
	Kind: rule.KindDockerfile, Note: "least-privilege",
	Check: func(p *rule.Pass) { panic("boom") },
}

var today = time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)

func scan(t *testing.T, fsys fstest.MapFS, cfg *config.Config, rules ...*rule.Rule) *engine.Result {
	t.Helper()
	catalogue := append(rules, enginerules.Rules()...)
	s, err := engine.New(catalogue, cfg, engine.Options{Today: today})
	if err != nil {
		t.Fatal(err)
	}
	res, err := s.Scan(context.Background(), fsys)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func ids(fs []finding.Finding) string {
	var out []string
	for _, f := range fs {
		out = append(out, fmt.Sprintf("%s:%d:%s", f.Path, f.Range.StartLine, f.RuleID))
	}
	return strings.Join(out, " ")
}

func TestSuppressions(t *testing.T) {
	tests := []struct {
		name, dockerfile string
		want             string
	}{
		{"plain", "FROM alpine:3.20\nUSER root\n", "Dockerfile:2:DF900"},
		{"ignored with reason", "FROM alpine:3.20\n# stevedore:ignore DF900 needs root to bind\nUSER root\n", ""},
		{"ignored by name", "FROM alpine:3.20\n# stevedore:ignore test-user-root needs root\nUSER root\n", ""},
		{"no reason still suppresses, but is reported", "FROM alpine:3.20\n# stevedore:ignore DF900\nUSER root\n", "Dockerfile:2:SD003"},
		{"expired", "FROM alpine:3.20\n# stevedore:ignore DF900 temporary until=2026-01-01\nUSER root\n", "Dockerfile:2:SD004 Dockerfile:3:DF900"},
		{"not yet expired", "FROM alpine:3.20\n# stevedore:ignore DF900 temporary until=2026-12-01\nUSER root\n", ""},
		{"unused", "FROM alpine:3.20\n# stevedore:ignore DF900 nothing here\nUSER app\n", "Dockerfile:2:SD005"},
		{"unknown rule", "FROM alpine:3.20\n# stevedore:ignore DF999 typo\nUSER root\n", "Dockerfile:2:SD005 Dockerfile:3:DF900"},
		{"whole file", "# stevedore:ignore-file DF900 generated\nFROM alpine:3.20\nUSER root\n", ""},
		{"comment lines between", "FROM alpine:3.20\n# stevedore:ignore DF900 needs root\n# another comment\n\nUSER root\n", ""},
		{"unparsable", "FROM alpine:3.20\nNOTANINSTRUCTION x\n", "Dockerfile:2:SD001"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := scan(t, fstest.MapFS{"Dockerfile": {Data: []byte(tt.dockerfile)}}, nil, userRoot)
			if got := ids(res.Findings); got != tt.want {
				t.Errorf("findings = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestConfig(t *testing.T) {
	fsys := fstest.MapFS{
		"a/Dockerfile": {Data: []byte("FROM alpine:3.20\nUSER root\n")},
		"b/Dockerfile": {Data: []byte("FROM alpine:3.20\nUSER root\n")},
		"c/Dockerfile": {Data: []byte("FROM alpine:3.20\nUSER root\n")},
	}
	cfg, err := config.Parse(".stevedore.yml", []byte(`
rules:
  DF900: critical
exclude: [c/]
ignore:
  - rule: DF900
    paths: [b/]
    reason: b is a test fixture
`))
	if err != nil {
		t.Fatal(err)
	}
	res := scan(t, fsys, cfg, userRoot)
	if got := ids(res.Findings); got != "a/Dockerfile:2:DF900" {
		t.Fatalf("findings = %q", got)
	}
	if res.Findings[0].Severity != finding.Critical {
		t.Errorf("severity = %v, want critical (overridden)", res.Findings[0].Severity)
	}
	if len(res.Suppressed) != 1 || res.Suppressed[0].Directive.Reason != "b is a test fixture" {
		t.Errorf("suppressed = %+v", res.Suppressed)
	}
	if !strings.HasSuffix(res.Findings[0].DocURL, "/dockerfile/DF900.md") || !strings.HasSuffix(res.Findings[0].NoteURL, "/notes/least-privilege.md") {
		t.Errorf("links = %q %q", res.Findings[0].DocURL, res.Findings[0].NoteURL)
	}
}

func TestConfigErrors(t *testing.T) {
	for _, doc := range []string{
		"rules:\n  DF999: off\n",
		"ignore:\n  - rule: DF900\n    paths: [x]\n",
		"unknown-key: 1\n",
		"fail-on: severe\n",
	} {
		cfg, err := config.Parse(".stevedore.yml", []byte(doc))
		if err == nil {
			_, err = engine.New([]*rule.Rule{userRoot}, cfg, engine.Options{})
		}
		if err == nil {
			t.Errorf("config %q: want an error", doc)
		}
	}
}

func TestRulePanicBecomesFinding(t *testing.T) {
	res := scan(t, fstest.MapFS{"Dockerfile": {Data: []byte("FROM alpine:3.20\nUSER root\n")}}, nil, userRoot, panicky)
	if got := ids(res.Findings); got != "Dockerfile:1:SD001 Dockerfile:2:DF900" {
		t.Errorf("findings = %q", got)
	}
}

func TestInspectSeesEveryModel(t *testing.T) {
	fsys := fstest.MapFS{
		"Dockerfile":   {Data: []byte("FROM alpine:3.20\n")},
		"compose.yaml": {Data: []byte("services:\n  web:\n    image: nginx:1.27\n")},
		"k8s/pod.yaml": {Data: []byte("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: nginx:1.27\n")},
	}
	var mu sync.Mutex
	got := map[string]string{}
	s, err := engine.New(enginerules.Rules(), nil, engine.Options{Inspect: func(path string, model any) {
		mu.Lock()
		defer mu.Unlock()
		got[path] = fmt.Sprintf("%T", model)
	}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Scan(context.Background(), fsys); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"Dockerfile": "*dockerfile.File", "compose.yaml": "*compose.Project", "k8s/pod.yaml": "*kube.File"}
	for p, typ := range want {
		if got[p] != typ {
			t.Errorf("Inspect(%s) got %q, want %q (all: %v)", p, got[p], typ, got)
		}
	}
}

func TestHostileYAMLRefusedRestGoesOn(t *testing.T) {
	bomb := "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nh: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\ni: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\napiVersion: v1\nkind: ConfigMap\n"
	fsys := fstest.MapFS{
		"bomb.yaml":  {Data: []byte(bomb)},
		"Dockerfile": {Data: []byte("FROM alpine:3.20\nUSER root\n")},
	}
	start := time.Now()
	res := scan(t, fsys, nil, userRoot)
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("scan took %v", d)
	}
	got := ids(res.Findings)
	if !strings.Contains(got, "bomb.yaml") || !strings.Contains(got, "SD002") || !strings.Contains(got, "Dockerfile:2:DF900") {
		t.Errorf("findings = %q; want the bomb refused (SD002) and the Dockerfile still checked", got)
	}
}

func TestOversizedFileRefused(t *testing.T) {
	big := strings.Repeat("# padding line to push the file over the limit\n", 50_000) + "FROM alpine:3.22\n"
	res := scan(t, fstest.MapFS{
		"big/Dockerfile": {Data: []byte(big)},
		"Dockerfile":     {Data: []byte("FROM alpine:3.22\nUSER root\n")},
	}, nil, userRoot)
	if got := ids(res.Findings); got != "Dockerfile:2:DF900 big/Dockerfile:1:SD002" {
		t.Errorf("findings = %q", got)
	}
}

// TestCheckDirectiveTurnsOffBuildKitChecks: `# check=skip=` turns off the
// rules that are BuildKit's own checks, and only those.
func TestCheckDirectiveTurnsOffBuildKitChecks(t *testing.T) {
	bkUserRoot := *userRoot
	bkUserRoot.ID, bkUserRoot.Name = "DF902", "test-buildkit-user-root"
	bkUserRoot.BuildKitCheck = true
	bkUserRoot.Equivalents.BuildKit = []string{"SomeCheck"}
	body := "FROM alpine:3.20\nUSER root\n"
	tests := []struct{ directive, want string }{
		{"", "Dockerfile:2:DF900 Dockerfile:2:DF902"},
		{"# check=skip=SomeCheck\n", "Dockerfile:3:DF900"},
		{"# check=skip=Other,SomeCheck;error=true\n", "Dockerfile:3:DF900"},
		{"# check=skip=all\n", "Dockerfile:3:DF900"},
		{"# check=skip=somecheck\n", "Dockerfile:3:DF900 Dockerfile:3:DF902"}, // BuildKit matches names exactly
		{"# check=skip=Other\n", "Dockerfile:3:DF900 Dockerfile:3:DF902"},
	}
	for _, tt := range tests {
		res := scan(t, fstest.MapFS{"Dockerfile": {Data: []byte(tt.directive + body)}}, nil, userRoot, &bkUserRoot)
		if got := ids(res.Findings); got != tt.want {
			t.Errorf("%q: got %s, want %s", tt.directive, got, tt.want)
		}
	}
}
