package secret

import (
	"strings"
	"testing"
)

// Test tokens are built from pieces so that this file does not itself look
// like a leaked credential to other scanners.
var (
	ghToken   = "ghp" + "_" + strings.Repeat("aB3d", 9)
	slackTok  = "xoxb" + "-123456789012-1234567890123-" + strings.Repeat("aZ", 12)
	awsKeyID  = "AKIA" + "Z7Q2XJ4LMN5PQR3T"
	awsSecret = strings.Repeat("wJa1rXUtnFEMI/K7MDENG+bPxR", 2)[:40]
	googleKey = "AIza" + "SyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q"
	stripeKey = "sk" + "_live_" + strings.Repeat("4eC39HqLyjWDarjtT1zdp7dc", 1)
	npmToken  = "npm" + "_" + strings.Repeat("a1B2c3", 6)
	pypiToken = "pypi-AgEIcHlwaS5vcmc" + strings.Repeat("CJDk2YjA0", 7)
	sgKey     = "SG." + "51hxH2deSsCeY12345GHIg" + "." + "1tvtQeRWRQotiVaLO0l3oBispoz12345ypIo8-9Wh6c"
	azureKey  = strings.Repeat("Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq", 2)[:86] + "=="
	// header {"alg":"HS256","typ":"JWT"}
	jwt      = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9" + ".eyJzdWIiOiIxMjM0NTY3ODkwIn0" + ".dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"
	glToken  = "glpat" + "-" + "xK9mN2pQ7rS4tU6vW8yZ"
	ghFine   = "github_pat_" + "11ABCDEFG0123456789abc_" + strings.Repeat("Zy9", 20)
	hookPath = "/T00000000/B00000000/" + strings.Repeat("XxYy", 6)
)

func TestScan(t *testing.T) {
	tests := []struct {
		name   string
		text   string
		kind   string // "" = no match expected
		secret string // the span the match must cover
	}{
		{"aws key id", "ENV AWS_ACCESS_KEY_ID=" + awsKeyID, "aws-access-key-id", awsKeyID},
		{"aws key id docs example", "AKIAIOSFODNN7EXAMPLE", "", ""},
		{"aws secret", "aws_secret_access_key = " + awsSecret + "\n", "aws-secret-access-key", awsSecret},
		{"aws secret env", `AWS_SECRET_ACCESS_KEY: "` + awsSecret + `"`, "aws-secret-access-key", awsSecret},
		{"github classic", "token " + ghToken, "github-token", ghToken},
		{"github fine-grained", "x " + ghFine, "github-token", ghFine},
		{"github too short", "ghp_abc123", "", ""},
		{"gitlab", "GL=" + glToken, "gitlab-token", glToken},
		{"slack token", "slack: " + slackTok, "slack-token", slackTok},
		{"slack webhook", "url: https://hooks.slack.com/services" + hookPath, "slack-webhook", hookPath},
		{"google api key", "key=" + googleKey, "google-api-key", googleKey},
		{"stripe", "STRIPE=" + stripeKey, "stripe-key", stripeKey},
		{"stripe test key", "sk_test_4eC39HqLyjWDarjtT1zdp7dc", "", ""},
		{"private key", "-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----\n", "private-key",
			"-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----"},
		{"openssh key", "-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn", "private-key", "-----BEGIN OPENSSH PRIVATE KEY-----"},
		{"public key", "-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----", "", ""},
		{"url password", "DATABASE_URL=postgres://app:hunter2@db:5432/app", "url-password", "hunter2"},
		{"url password ref", `url."https://${GIT_USER}:${GIT_TOKEN}@github.com"`, "", ""},
		{"url password $", "redis://:$REDIS_PASSWORD@cache:6379", "", ""},
		{"url empty password", "ftp://anonymous:@ftp.example.org", "", ""},
		{"url user only", "https://user@github.com/x", "", ""},
		{"url port", "http://localhost:8080/x@y", "", ""},
		{"npm", "//registry.npmjs.org/:_authToken=" + npmToken, "npm-token", npmToken},
		{"pypi", "password = " + pypiToken, "pypi-token", pypiToken},
		{"sendgrid", "ARG sgApiK=" + sgKey, "sendgrid-key", sgKey},
		{"azure", "DefaultEndpointsProtocol=https;AccountName=x;AccountKey=" + azureKey + ";EndpointSuffix=core.windows.net", "azure-storage-key", azureKey},
		{"jwt", "Authorization: Bearer " + jwt, "jwt", jwt},
		{"jwt-like without alg", "eyJmb28iOiJiYXIifQ.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abcdefghijkl", "", ""},
		{"generic password", "ARG password=pass!1213Fs", "generic-secret", "pass!1213Fs"},
		{"generic yaml", `  password: "root"`, "generic-secret", "root"},
		{"generic json", `{"client_secret": "s3cr3tValue"}`, "generic-secret", "s3cr3tValue"},
		{"generic cli flag", "RUN mysql --password=Sup3rS3cret -e 'select 1'", "generic-secret", "Sup3rS3cret"},
		{"generic env ref", "password: ${DB_PASSWORD}", "", ""},
		{"generic template", "password: {{ .Values.db.password }}", "", ""},
		{"generic boolean", "automountServiceAccountToken: false", "", ""},
		{"generic file", "MYSQL_ROOT_PASSWORD_FILE=/run/secrets/db", "", ""},
		{"generic path", "TLS_KEY=/etc/tls/tls.key", "", ""},
		{"generic image tag", "image: myrepo/token:latest", "", ""},
		{"generic no space", "token:latest", "", ""},
		{"generic secretKeyRef", "secretKeyRef:", "", ""},
		{"generic comparison", `if [ "$PASSWORD" = "x" ]; then`, "", ""},
		{"generic jsonpath", "access-token: '{.credential.oauth_access_token_}'", "", ""},
		{"generic placeholder", "API_KEY=<your-api-key>", "", ""},
		{"generic call", "password=getpass()", "", ""},
		{"escaped quotes", `password=\"connect-secret\";"`, "generic-secret", "connect-secret"},
		{"line continuation", `-X sasl.password="${CCLOUD_API_SECRET}" \`, "", ""},
		{"password_encryption", "password_encryption: scram-sha-256", "", ""},
		{"code reference", `token=os.environ["HF_TOKEN"]`, "", ""},
		{"empty list", "secrets: []", "", ""},
		{"compose escaped subst", "PASSWORD: $$(cat /run/secrets/db-password)", "", ""},
		{"nsswitch", "passwd:         compat", "", ""},
		{"crd secret ref", "pushSecret: my-registry-credentials", "", ""},
		{"plain text", "RUN apt-get update && apt-get install -y curl", "", ""},
		{"empty", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms := Scan(tt.text)
			if tt.kind == "" {
				if len(ms) != 0 {
					t.Fatalf("Scan found %+v, want nothing", ms)
				}
				return
			}
			for _, m := range ms {
				if m.Kind == tt.kind && tt.text[m.Start:m.End] == tt.secret {
					return
				}
			}
			t.Fatalf("Scan = %+v, want %s covering %q", ms, tt.kind, tt.secret)
		})
	}
}

func TestScanOffsetsAndOrder(t *testing.T) {
	text := "a: 1\nGITHUB=" + ghToken + "\nsecond=" + stripeKey + "\n"
	ms := Scan(text)
	if len(ms) != 2 {
		t.Fatalf("Scan = %+v, want 2 matches", ms)
	}
	if text[ms[0].Start:ms[0].End] != ghToken || text[ms[1].Start:ms[1].End] != stripeKey {
		t.Errorf("spans = %q, %q", text[ms[0].Start:ms[0].End], text[ms[1].Start:ms[1].End])
	}
	if ms[0].Description == "" || strings.Contains(ms[0].Description, ghToken) {
		t.Errorf("description %q must name the kind, not the value", ms[0].Description)
	}
}

func FuzzScan(f *testing.F) {
	f.Add("password=abc123def\n-----BEGIN PRIVATE KEY-----")
	f.Add("https://u:p@h " + jwt)
	f.Fuzz(func(t *testing.T, s string) {
		for _, m := range Scan(s) {
			if m.Start < 0 || m.End > len(s) || m.Start >= m.End {
				t.Fatalf("bad span %+v", m)
			}
		}
		_ = MaskMatches(s, Scan(s))
		for _, a := range ScanAssignments(s) {
			if a.Start < 0 || a.End > len(s) || s[a.Start:a.End] != a.Value {
				t.Fatalf("bad assignment span %+v", a)
			}
		}
	})
}

func TestScanEmptyValueBeforeNextFlag(t *testing.T) {
	if ms := Scan("GN_CONFIG_PROPERTIES=-Des.password= -Dkb.url=http://kibana:5601"); len(ms) != 0 {
		t.Errorf("Scan found %d matches in an empty -D value, want none: %+v", len(ms), ms)
	}
}
