package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := Main(args, IO{Stdout: &out, Stderr: &errOut, Getenv: func(string) string { return "" }})
	return code, out.String(), errOut.String()
}

func TestScanExitStatus(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.yml")
	if err := os.WriteFile(bad, []byte("rules:\n  NOPE: off\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"clean folder", []string{"scan", "--today", "2026-11-26", "testdata/scan/clean"}, ExitOK},
		{"root user fails at high", []string{"scan", "--today", "2026-11-26", "testdata/scan/root"}, ExitFindings},
		{"fail-on none", []string{"scan", "--fail-on", "none", "testdata/scan/root"}, ExitOK},
		{"fail-on critical", []string{"scan", "--fail-on", "critical", "--today", "2026-11-26", "testdata/scan/root"}, ExitOK},
		{"single file from the current folder", []string{"scan", "--today", "2026-11-26", "testdata/scan/root/Dockerfile"}, ExitFindings},
		{"missing config is loud", []string{"scan", "--config", "does-not-exist.yml", "testdata/scan/clean"}, ExitError},
		{"invalid config is loud", []string{"scan", "--config", bad, "testdata/scan/clean"}, ExitError},
		{"bad format", []string{"scan", "--format", "xml", "testdata/scan/clean"}, ExitError},
		{"bad fail-on", []string{"scan", "--fail-on", "severe", "testdata/scan/clean"}, ExitError},
		{"bad date", []string{"scan", "--today", "26/11/2026", "testdata/scan/clean"}, ExitError},
		{"missing path", []string{"scan", "no/such/dir"}, ExitError},
		{"unknown command", []string{"frobnicate"}, ExitError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := run(t, tt.args...)
			if code != tt.want {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.want, out, errOut)
			}
		})
	}
}

func TestScanFormats(t *testing.T) {
	for _, format := range []string{"text", "json", "sarif", "markdown"} {
		t.Run(format, func(t *testing.T) {
			code, out, errOut := run(t, "scan", "--format", format, "--today", "2026-11-26", "testdata/scan/root")
			if code != ExitFindings {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			if !strings.Contains(out, "DF001") {
				t.Errorf("%s output lacks DF001:\n%s", format, out)
			}
			if format == "json" || format == "sarif" {
				var v map[string]any
				if err := json.Unmarshal([]byte(out), &v); err != nil {
					t.Errorf("%s output is not JSON: %v", format, err)
				}
			}
			if strings.Contains(out, "\x1b[") {
				t.Errorf("%s output has colour codes outside a terminal", format)
			}
		})
	}
}

func TestScanOutputFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "out.sarif")
	if code, _, errOut := run(t, "scan", "--format", "sarif", "--output", p, "--fail-on", "none", "testdata/scan/root"); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	data, err := os.ReadFile(p)
	if err != nil || !bytes.Contains(data, []byte(`"version": "2.1.0"`)) {
		t.Errorf("sarif file: %v %.200s", err, data)
	}
}

func TestRulesAndExplain(t *testing.T) {
	code, out, _ := run(t, "rules")
	if code != ExitOK || !strings.Contains(out, "DF001") || !strings.Contains(out, "final-stage-runs-as-root") {
		t.Errorf("rules: exit %d\n%s", code, out)
	}
	code, out, _ = run(t, "explain", "DF001")
	for _, want := range []string{"# DF001", "## Why it matters", "## Equivalents in other tools", "DL3002", "stevedore:ignore DF001"} {
		if code != ExitOK || !strings.Contains(out, want) {
			t.Errorf("explain DF001: exit %d, missing %q", code, want)
		}
	}
	if code, _, _ := run(t, "explain", "NOPE"); code != ExitError {
		t.Errorf("explain NOPE: exit %d, want 2", code)
	}
	if code, out, _ := run(t, "version"); code != ExitOK || !strings.HasPrefix(out, "stevedore ") {
		t.Errorf("version: %d %q", code, out)
	}
}
