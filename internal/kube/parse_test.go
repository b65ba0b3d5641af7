package kube

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// parseTestdata parses testdata/name.
func parseTestdata(t *testing.T, name string) (*File, error) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return Parse(name, b)
}

// objectSummary prints the objects of a file as "ID@start-end doc.item".
func objectSummary(f *File) string {
	var parts []string
	for _, o := range f.Objects {
		parts = append(parts, fmt.Sprintf("%s@%d-%d %d.%d", o.ID(), o.Range.StartLine, o.Range.EndLine, o.Doc, o.Item))
	}
	return strings.Join(parts, " ")
}

func TestParse(t *testing.T) {
	tests := []struct {
		file      string
		objects   string
		templated bool
		errLines  []int
	}{
		{file: "deployment.yaml", objects: "Deployment/shop/web@3-44 0.-1"},
		{file: "cronjob.yaml", objects: "CronJob/nightly@1-19 0.-1"},
		{file: "list.yaml", objects: "Service/web@4-10 0.0 DaemonSet/kube-system/agent@11-22 0.1"},
		// The bad second document is reported; the others survive with
		// their own lines and document indices.
		{file: "multidoc.yaml", objects: "ConfigMap/settings@2-7 0.-1 Pod/ok@18-25 2.-1 Role/reader@30-34 4.-1", errLines: []int{16}},
		{file: "templated.yaml", templated: true},
		{file: "quoted-templates.yaml", objects: "PrometheusRule/alerts@2-13 0.-1"},
		{file: "anchors.yaml", objects: "Pod/anchored@1-16 0.-1"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			f, err := parseTestdata(t, tt.file)
			if got := objectSummary(f); got != tt.objects {
				t.Errorf("objects:\n got %s\nwant %s", got, tt.objects)
			}
			if f.Templated != tt.templated {
				t.Errorf("Templated = %v, want %v", f.Templated, tt.templated)
			}
			var lines []int
			for _, e := range f.Errors {
				lines = append(lines, e.Line)
			}
			if fmt.Sprint(lines) != fmt.Sprint(tt.errLines) {
				t.Errorf("error lines = %v, want %v (%v)", lines, tt.errLines, err)
			}
			var pe *ParseError
			if (len(tt.errLines) > 0) != errors.As(err, &pe) {
				t.Errorf("err = %v, want a *ParseError: %v", err, len(tt.errLines) > 0)
			}
		})
	}
}

func TestParseOddInput(t *testing.T) {
	tests := []struct {
		name     string
		content  string
		objects  int
		errLines []int
	}{
		{"empty", "", 0, nil},
		{"comments only", "# nothing here\n", 0, nil},
		{"scalar document", "just text\n", 0, nil},
		{"sequence document", "- a\n- b\n", 0, nil},
		{"bom and crlf", "\xef\xbb\xbfkind: Pod\r\nmetadata:\r\n  name: x\r\n", 1, nil},
		{"tab indentation", "kind: Pod\nmetadata:\n\tname: x\n", 0, []int{3}},
		{"bad first document", "kind: [\n---\nkind: Pod\n", 1, []int{2}},
		{"directive", "%YAML 1.1\n---\nkind: Pod\n---\nkind: Service\n", 2, nil},
		{"marker with content", "--- {kind: Pod}\n--- {kind: Service}\n", 2, nil},
		{"unknown alias", "kind: Pod\nspec: *nope\n---\nkind: Service\n", 1, []int{2}},
		{"nested lists", "kind: List\nitems:\n- kind: List\n  items:\n  - kind: Pod\n", 1, nil},
		{"list without items", "kind: PodList\n", 1, nil},
		// Duplicate keys parse; the last one wins, as in the API server.
		{"duplicate key", "kind: Pod\nkind: Service\n", 1, nil},
		{"flow error", "kind: Pod\nspec:\n  containers: [\n---\nkind: Service\n", 1, []int{4}},
		{"bad indentation", "kind: Pod\nspec:\n      a: 1\n    b: 2\n", 0, []int{4}},
		{"control character", "kind: Pod\x01\n", 0, []int{1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, _ := Parse("x.yaml", []byte(tt.content))
			if len(f.Objects) != tt.objects {
				t.Errorf("objects = %d (%s), want %d", len(f.Objects), objectSummary(f), tt.objects)
			}
			var lines []int
			for _, e := range f.Errors {
				lines = append(lines, e.Line)
			}
			if fmt.Sprint(lines) != fmt.Sprint(tt.errLines) {
				t.Errorf("error lines = %v, want %v (%v)", lines, tt.errLines, f.Errors)
			}
		})
	}
}

func TestParseDocumentCap(t *testing.T) {
	content := strings.Repeat("kind: ConfigMap\n---\n", MaxDocuments+50)
	f, err := Parse("many.yaml", []byte(content))
	if len(f.Objects) != MaxDocuments {
		t.Errorf("objects = %d, want %d", len(f.Objects), MaxDocuments)
	}
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Line != 2*MaxDocuments+1 {
		t.Errorf("err = %v, want a ParseError at line %d", err, 2*MaxDocuments+1)
	}
}

func TestAliasBombDoesNotBlowUp(t *testing.T) {
	var b strings.Builder
	b.WriteString("apiVersion: v1\nkind: Pod\nmetadata:\n  name: lol\n  annotations:\n    a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < 10; i++ {
		fmt.Fprintf(&b, "    a%d: &a%d [*a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d]\n", i, i, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1)
	}
	b.WriteString("spec:\n  containers:\n    - name: c\n      env: *a9\n")
	start := time.Now()
	f, err := Parse("bomb.yaml", []byte(b.String()))
	if err != nil || len(f.Objects) != 1 {
		t.Fatalf("Parse: %v, %d objects", err, len(f.Objects))
	}
	_, err = f.Objects[0].PodSpec()
	var de *DecodeError
	if !errors.As(err, &de) || !strings.Contains(de.Msg, "alias expansion") {
		t.Errorf("PodSpec err = %v, want an alias-expansion DecodeError", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v", d)
	}
}

func TestSelfReferenceDoesNotLoop(t *testing.T) {
	content := "apiVersion: v1\nkind: Pod\nmetadata:\n  name: loop\nspec: &s\n  <<: [*s, *s]\n  containers:\n  - &c\n    name: a\n    env: [*c]\n"
	f, _ := Parse("loop.yaml", []byte(content))
	if len(f.Objects) != 1 {
		t.Skipf("yaml.v3 rejects the self reference: %v", f.Errors)
	}
	o := f.Objects[0]
	_ = o.Get("spec", "nope")
	_ = o.Get("spec", "containers", "0", "env", "0", "env", "0", "name")
	var de *DecodeError
	if _, err := o.PodSpec(); !errors.As(err, &de) || de.Line != 5 {
		t.Errorf("PodSpec err = %v, want a DecodeError at line 5", err)
	}
}

func TestGetAndLine(t *testing.T) {
	f, _ := parseTestdata(t, "deployment.yaml")
	o := f.Objects[0]
	tests := []struct {
		path  []string
		line  int
		exact bool
	}{
		{nil, 3, true},
		{[]string{"metadata", "name"}, 6, true},
		{[]string{"spec", "template", "spec", "containers", "1"}, 40, true},
		{[]string{"spec", "template", "spec", "containers", "1", "securityContext", "privileged"}, 44, true},
		{[]string{"spec", "template", "spec", "containers", "0", "securityContext", "capabilities", "drop", "0"}, 39, true},
		// Missing parts: the deepest node found.
		{[]string{"spec", "template", "spec", "containers", "0", "securityContext", "privileged"}, 35, false},
		{[]string{"spec", "template", "spec", "containers", "7"}, 32, false},
		{[]string{"spec", "template", "spec", "containers", "x"}, 32, false},
		{[]string{"nope"}, 3, false},
	}
	for _, tt := range tests {
		line, exact := o.Line(tt.path...)
		if line != tt.line || exact != tt.exact {
			t.Errorf("Line(%s) = %d, %v; want %d, %v", FormatPath(tt.path), line, exact, tt.line, tt.exact)
		}
		if got := o.Get(tt.path...) != nil; got != tt.exact {
			t.Errorf("Get(%s) found = %v, want %v", FormatPath(tt.path), got, tt.exact)
		}
	}
	if got := o.Get("metadata", "labels", "app").Value; got != "web" {
		t.Errorf("Get(labels.app) = %q", got)
	}
	if o.Labels["app"] != "web" || o.Namespace != "shop" || o.Group() != "apps" {
		t.Errorf("metadata: %+v %q %q", o.Labels, o.Namespace, o.Group())
	}
	if head := o.Node.Content[0].HeadComment; !strings.Contains(head, "pod-level securityContext") {
		t.Errorf("comments not kept: %q", head)
	}
}

func TestGetFollowsAliasesAndMerges(t *testing.T) {
	f, _ := parseTestdata(t, "anchors.yaml")
	o := f.Objects[0]
	if n := o.Get("spec", "containers", "1", "image"); n == nil || n.Value != "example/one:1" {
		t.Errorf("merged image = %v", n)
	}
	if n := o.Get("spec", "containers", "0", "securityContext", "runAsNonRoot"); n == nil || n.Value != "true" {
		t.Errorf("merged runAsNonRoot = %v", n)
	}
}

func TestFormatPath(t *testing.T) {
	got := FormatPath([]string{"spec", "containers", "0", "securityContext"})
	if want := "spec.containers[0].securityContext"; got != want {
		t.Errorf("FormatPath = %q, want %q", got, want)
	}
}
