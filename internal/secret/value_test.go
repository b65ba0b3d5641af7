package secret

import "testing"

func TestLiteralValue(t *testing.T) {
	tests := []struct {
		v    string
		want bool
	}{
		{"s3cr3t-Pa55", true},
		{"postgres", true},
		{"root", true},
		{`"passx"`, true},
		{"pass!1213Fs", true},
		{"pa$$word", true}, // compose's escaped $
		{"mysecretpassword", true},
		{"123456", true},
		{"string", true},

		{"", false},
		{"   ", false},
		{`""`, false},
		{"''", false},
		{"$DB_PASSWORD", false},
		{"${DB_PASSWORD}", false},
		{"${DB_PASSWORD:-x}", false},
		{"$(cat /run/secrets/db)", false},
		{"`cat /run/secrets/db`", false},
		{"prefix-${SUFFIX}", false},
		{"%DB_PASSWORD%", false},
		{"{{ .Values.password }}", false},
		{"{.credential.access_token}", false},
		{"#{db.password}", false},
		{"@db.password@", false},
		{"__DB_PASSWORD__", false},
		{"<your-token>", false},
		{"<password>", false},
		{"changeme", false},
		{"CHANGE_ME", false},
		{"changeit", false},
		{"xxx", false},
		{"XXXXXXXX", false},
		{"***", false},
		{"...", false},
		{"null", false},
		{"None", false},
		{"true", false},
		{"false", false},
		{"yes", false},
		{"0", false},
		{"1", false},
		{"your_api_key", false},
		{"YOUR_TOKEN_HERE", false},
		{"put-token-here", false},
		{"placeholder", false},
		{"REDACTED", false},
		{"example-password", false},
		{"GOOGLE_API_KEY_VAL", false},
		{"INSERT_ETCD_DISCOVERY_TOKEN", false},
		{"TOKEN", false},
		{"[]", false},
		{`\\`, false},
		{"os.environ[\"X\"]", false},
		{"$$(cat /run/secrets/x)", false},
		{"ADMIN123", true},
	}
	for _, tt := range tests {
		if got := LiteralValue(tt.v); got != tt.want {
			t.Errorf("LiteralValue(%q) = %v, want %v", tt.v, got, tt.want)
		}
	}
}
