package secret

import "testing"

func TestSecretLikeFile(t *testing.T) {
	tests := []struct {
		path string
		want bool
		kind string
	}{
		{".env", true, "dotenv file"},
		{"app/.env.production", true, "dotenv file"},
		{".env.local", true, "dotenv file"},
		{".env.example", false, ""},
		{".env.sample", false, ""},
		{"config/.env.template", false, ""},
		{".env.dist", false, ""},
		{"certs/server.pem", true, "PEM file (may hold a private key)"},
		{"certs/privkey.pem", true, "PEM file (may hold a private key)"},
		{"certs/fullchain.pem", false, ""},
		{"certs/cert.pem", false, ""},
		{"certs/ca.pem", false, ""},
		{"tls.key", true, "private key"},
		{"store.p12", true, "PKCS#12 keystore"},
		{"store.pfx", true, "PKCS#12 keystore"},
		{"keystore.jks", true, "Java keystore"},
		{"release.keystore", true, "Java keystore"},
		{"id_rsa", true, "SSH private key"},
		{"deploy/id_ed25519", true, "SSH private key"},
		{"id_ecdsa_ci", true, "SSH private key"},
		{"id_dsa", true, "SSH private key"},
		{"id_rsa.pub", false, ""},
		{"id_ed25519.pub", false, ""},
		{".npmrc", true, "npm credentials"},
		{".pypirc", true, "PyPI credentials"},
		{".netrc", true, "netrc credentials"},
		{".git-credentials", true, "git credentials"},
		{".aws/credentials", true, "cloud credentials"},
		{"home/.aws/config", true, "cloud credentials"},
		{".ssh/config", true, "SSH keys or configuration"},
		{".ssh/known_hosts", true, "SSH keys or configuration"},
		{"kubeconfig", true, "kubeconfig"},
		{".kube/config", true, "kubeconfig"},
		{"infra/terraform.tfstate", true, "Terraform state"},
		{"terraform.tfstate.backup", true, "Terraform state"},
		{".dockercfg", true, "registry credentials"},
		{".docker/config.json", true, "registry credentials"},
		{".git/config", true, "git metadata"},
		{`sub\.git\HEAD`, true, "git metadata"},
		{"credentials.json", true, "cloud credentials"},

		{"", false, ""},
		{"Dockerfile", false, ""},
		{".gitignore", false, ""},
		{".github/workflows/ci.yml", false, ""},
		{"docker-compose.yml", false, ""},
		{"config.json", false, ""},
		{".kube/cache/x", false, ""},
		{"src/keys.go", false, ""},
		{"environment.ts", false, ""},
		{"monkey", false, ""},
	}
	for _, tt := range tests {
		got, kind := SecretLikeFile(tt.path)
		if got != tt.want || kind != tt.kind {
			t.Errorf("SecretLikeFile(%q) = %v, %q; want %v, %q", tt.path, got, kind, tt.want, tt.kind)
		}
	}
}
