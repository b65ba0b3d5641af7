package config

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stevedore-dev/stevedore/internal/finding"
)

func TestParse(t *testing.T) {
	c, err := Parse(".stevedore.yml", []byte(`
version: 1
fail-on: medium
rules:
  DF001: off
  DF002: critical
  DC001: {severity: low}
  K8S003: {enabled: true}
exclude: [testdata/]
trusted-registries: [docker.io, ghcr.io/acme]
eol: {soon-days: 30}
kubernetes: {version: v1.33}
inline-ignores: false
ignore:
  - rule: DF001
    paths: [legacy/**]
    reason: rebuilt next quarter
    until: 2027-03-31
`))
	if err != nil {
		t.Fatal(err)
	}
	if c.FailOn != "medium" || *c.Rules["DF001"].Enabled || *c.Rules["DF002"].Severity != finding.Critical ||
		*c.Rules["DC001"].Severity != finding.Low || !*c.Rules["K8S003"].Enabled {
		t.Errorf("rules = %+v", c.Rules)
	}
	if c.EOLSoonDays() != 30 || c.InlineIgnoresAllowed() || c.Kubernetes.Version != "v1.33" || len(c.TrustedRegistries) != 2 {
		t.Errorf("config = %+v", c)
	}
	if len(c.Ignore) != 1 || c.Ignore[0].Line != 15 || c.Ignore[0].Until.Format("2006-01-02") != "2027-03-31" {
		t.Errorf("ignore = %+v", c.Ignore)
	}
}

func TestParseErrors(t *testing.T) {
	for doc, want := range map[string]string{
		"unknown: 1\n":               "field unknown not found",
		"version: 2\n":               "not supported",
		"fail-on: severe\n":          "unknown severity",
		"rules:\n  DF001: loud\n":    "want on, off or a severity",
		"ignore:\n  - rule: DF001\n": "a reason is required",
		"ignore:\n  - reason: x\n":   "name at least one rule",
		"ignore:\n  - {rule: DF001, reason: x, until: tomorrow}\n": "YYYY-MM-DD",
		"eol: {soon-days: -1}\n":                                   "must not be negative",
	} {
		_, err := Parse(".stevedore.yml", []byte(doc))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Parse(%q) = %v, want an error containing %q", doc, err, want)
		}
	}
}

func TestFind(t *testing.T) {
	c, err := Find(fstest.MapFS{})
	if err != nil || c.Path != "" || c.EOLSoonDays() != 90 || !c.InlineIgnoresAllowed() {
		t.Errorf("defaults = %+v, %v", c, err)
	}
	c, err = Find(fstest.MapFS{".stevedore.yaml": {Data: []byte("fail-on: low\n")}})
	if err != nil || c.Path != ".stevedore.yaml" || c.FailOn != "low" {
		t.Errorf("alt name = %+v, %v", c, err)
	}
	if _, err := Find(fstest.MapFS{".stevedore.yml": {Data: []byte("nope: [\n")}}); err == nil {
		t.Error("an invalid config must be an error")
	}
	if _, err := Load("does/not/exist.yml"); err == nil {
		t.Error("a missing --config must be an error")
	}
}

// TestSchemaMatchesConfig keeps schema/stevedore.schema.json in step with
// the Config struct: the same top-level keys, no more, no fewer.
func TestSchemaMatchesConfig(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "schema", "stevedore.schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	var schema struct {
		Properties map[string]json.RawMessage `json:"properties"`
	}
	if err := json.Unmarshal(data, &schema); err != nil {
		t.Fatalf("schema is not valid JSON: %v", err)
	}
	want := map[string]bool{}
	ty := reflect.TypeOf(Config{})
	for i := 0; i < ty.NumField(); i++ {
		tag := strings.Split(ty.Field(i).Tag.Get("yaml"), ",")[0]
		if tag != "" && tag != "-" {
			want[tag] = true
		}
	}
	for k := range want {
		if _, ok := schema.Properties[k]; !ok {
			t.Errorf("schema lacks %q", k)
		}
	}
	for k := range schema.Properties {
		if !want[k] {
			t.Errorf("schema has %q, which Config does not read", k)
		}
	}
}
