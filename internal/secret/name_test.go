package secret

import "testing"

func TestSecretLikeName(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{"PASSWORD", true},
		{"DB_PASS", true},
		{"MYSQL_ROOT_PASSWORD", true},
		{"SECRET_KEY", true},
		{"API_TOKEN", true},
		{"AUTH_TOKEN", true},
		{"AWS_SECRET_ACCESS_KEY", true},
		{"PRIVATE_KEY", true},
		{"CLIENT_SECRET", true},
		{"CREDENTIALS", true},
		{"PASSPHRASE", true},
		{"dbPassword", true},
		{"apiKey", true},
		{"X-API-Key", true},
		{"DB_PASS_BD_2", true},
		{"MYSQL_PWD", true},
		{"GITHUB_TOKEN", true},
		{"NPM_TOKEN", true},
		{"_authToken", true},
		{"access-token", true},
		{"Square_OAuth_Secret", true},
		{"KEYSTORE_PASSWORD", true},
		{"DJANGO_SECRET_KEY", true},
		{"SECRET_KEY_BASE", true},
		{"ENCRYPTION_KEY", true},
		{"TLS_KEY", true},
		{"AZURE_STORAGE_ACCOUNT_KEY", true},
		{"rootpassword", true},
		{"--password", true},
		{"password", true},
		{"token", true},

		{"", false},
		{"PASSWORD_FILE", false},
		{"MYSQL_ROOT_PASSWORD_FILE", false},
		{"SECRETS_PATH", false},
		{"SECRETS_DIR", false},
		{"TOKEN_URL", false},
		{"AUTH_URI", false},
		{"TOKEN_ENDPOINT", false},
		{"DB_PASSWORD_HOST", false},
		{"PASSWORD_PORT", false},
		{"PASSWORD_MIN_LENGTH", false},
		{"TOKEN_TTL", false},
		{"TOKEN_EXPIRY", false},
		{"PUBLIC_KEY", false},
		{"JWT_PUBLIC_KEY", false},
		{"AWS_ACCESS_KEY_ID", false},
		{"KEY_ID", false},
		{"NO_PASSWORD", false},
		{"MYSQL_ALLOW_EMPTY_PASSWORD", false},
		{"MYSQL_RANDOM_ROOT_PASSWORD", false},
		{"PASSWORD_POLICY", false},
		{"SECRET_NAME", false},
		{"secretKeyRef", false},
		{"secretName", false},
		{"GPG_KEY", false},
		{"CACHE_KEY", false},
		{"PRIMARY_KEY", false},
		{"KEY", false},
		{"PWD", false},
		{"OLDPWD", false},
		{"MAX_TOKENS", false},
		{"TOKENIZERS_PARALLELISM", false},
		{"GOOGLE_APPLICATION_CREDENTIALS", false},
		{"PASSWORD_VERSION", false},
		{"token-key", true}, // kubeconfig jsonpath pointer, but its value is a {template}
		{"expiry-key", false},
		{"automountServiceAccountToken", true}, // the name is; its value (false) is not literal
		{"USERNAME", false},
		{"DB_USER", false},
		{"PASSENGER_APP_ENV", false},
		{"BYPASS_PROXY", false},
	}
	for _, tt := range tests {
		if got := SecretLikeName(tt.name); got != tt.want {
			t.Errorf("SecretLikeName(%q) = %v, want %v (words %q)", tt.name, got, tt.want, splitWords(tt.name))
		}
	}
}

func TestSplitWords(t *testing.T) {
	tests := map[string]string{
		"dbPassword":          "db password",
		"APIKey":              "api key",
		"AWS_SECRET_KEY":      "aws secret key",
		"x-api-key.v2":        "x api key v2",
		"Square_OAuth_Secret": "square o auth secret",
	}
	for in, want := range tests {
		got := ""
		for i, w := range splitWords(in) {
			if i > 0 {
				got += " "
			}
			got += w
		}
		if got != want {
			t.Errorf("splitWords(%q) = %q, want %q", in, got, want)
		}
	}
}
