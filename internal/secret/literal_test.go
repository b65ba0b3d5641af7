package secret

import (
	"strings"
	"testing"
)

func TestLiteralSecret(t *testing.T) {
	const literal = "a secret-like name with a literal value"
	tests := []struct {
		name, value string
		why         string // "" = not a secret
	}{
		{"DB_PASSWORD", "hunter2", literal},
		{"DB_PASSWORD", "  ", ""},
		{"DB_PASSWORD", "", ""},
		{"DB_PASSWORD", "${DB_PASSWORD}", ""},
		{"DB_PASSWORD", "changeme", ""},
		{"DB_PASSWORD_FILE", "/run/secrets/db", ""},
		{"DB_PASSWORD", "DB_PASSWORD", ""},
		{"LOG_LEVEL", "debug", ""},
		{"config.api-token", "abc123xyz", literal},
		// A name ScanAssignments cannot read as KEY=value is judged alone.
		{"my password", "s3cr3tValue", literal},
		{"my password", "<your-password>", ""},
		// A multi-line value is judged with LiteralValue, not per line.
		{"API_TOKEN", "line one\nline two", literal},
		// A known credential format counts whatever the name.
		{"NOTES", "token " + ghToken, "GitHub token"},
		{"DATABASE_URL", "postgres://app:hunter2@db:5432/app", "password in a URL"},
		{"DATABASE_URL", "postgres://app@db:5432/app", ""},
	}
	for _, tt := range tests {
		why, ok := LiteralSecret(tt.name, tt.value)
		if ok != (tt.why != "") || why != tt.why {
			t.Errorf("LiteralSecret(%q, %q) = %q, %v; want %q", tt.name, tt.value, why, ok, tt.why)
		}
		if ok && strings.Contains(why, strings.TrimSpace(tt.value)) {
			t.Errorf("LiteralSecret(%q, %q): the reason %q quotes the value", tt.name, tt.value, why)
		}
	}
}
