package secret

import (
	"path"
	"strings"
)

// SecretLikeFile reports whether a repository path names a file that
// usually holds credentials, and what kind ("dotenv file", "private key",
// "cloud credentials"…). Paths may use / or \ separators.
//
// Templates are not secret-like (.env.example, .env.sample, .env.template,
// .env.dist), nor are public halves (id_rsa.pub) or PEM files whose names
// say they hold certificates (cert.pem, ca.pem, fullchain.pem, *.crt.pem,
// bundle.pem, public.pem): a certificate is public by design.
func SecretLikeFile(p string) (bool, string) {
	p = strings.Trim(strings.ReplaceAll(p, `\`, "/"), "/")
	if p == "" {
		return false, ""
	}
	parts := strings.Split(p, "/")
	base := strings.ToLower(parts[len(parts)-1])
	dirs := parts[:len(parts)-1]
	for i, d := range dirs {
		switch strings.ToLower(d) {
		case ".git":
			return true, "git metadata"
		case ".aws":
			return true, "cloud credentials"
		case ".ssh":
			return true, "SSH keys or configuration"
		case ".kube":
			if i == len(dirs)-1 && base == "config" {
				return true, "kubeconfig"
			}
		case ".docker":
			if i == len(dirs)-1 && base == "config.json" {
				return true, "registry credentials"
			}
		}
	}
	ext := path.Ext(base)
	switch {
	case base == ".env":
		return true, "dotenv file"
	case strings.HasPrefix(base, ".env."):
		for _, t := range []string{".example", ".sample", ".template", ".dist", ".tmpl", ".tpl"} {
			if strings.HasSuffix(base, t) {
				return false, ""
			}
		}
		return true, "dotenv file"
	case strings.HasSuffix(base, ".pub"):
		return false, ""
	case sshKeyName(base):
		return true, "SSH private key"
	case ext == ".pem":
		if certificateName(base) {
			return false, ""
		}
		return true, "PEM file (may hold a private key)"
	case ext == ".key":
		return true, "private key"
	case ext == ".p12" || ext == ".pfx":
		return true, "PKCS#12 keystore"
	case ext == ".jks" || ext == ".keystore":
		return true, "Java keystore"
	case strings.HasSuffix(base, ".tfstate") || strings.HasSuffix(base, ".tfstate.backup"):
		return true, "Terraform state"
	}
	switch base {
	case ".npmrc":
		return true, "npm credentials"
	case ".pypirc":
		return true, "PyPI credentials"
	case ".netrc", "_netrc":
		return true, "netrc credentials"
	case ".git-credentials":
		return true, "git credentials"
	case ".dockercfg":
		return true, "registry credentials"
	case "kubeconfig", "kubeconfig.yaml", "kubeconfig.yml":
		return true, "kubeconfig"
	case "credentials.json":
		return true, "cloud credentials"
	case ".htpasswd":
		return true, "password file"
	}
	return false, ""
}

func sshKeyName(base string) bool {
	for _, p := range []string{"id_rsa", "id_dsa", "id_ecdsa", "id_ed25519"} {
		if strings.HasPrefix(base, p) {
			return true
		}
	}
	return false
}

func certificateName(base string) bool {
	stem := strings.TrimSuffix(base, ".pem")
	for _, w := range []string{"cert", "chain", "bundle", "public", ".crt", "ca"} {
		if w == "ca" {
			if stem == "ca" || strings.HasPrefix(stem, "ca-") || strings.HasPrefix(stem, "ca_") || strings.HasSuffix(stem, "-ca") || strings.HasSuffix(stem, "_ca") {
				return true
			}
			continue
		}
		if strings.Contains(stem, w) {
			return true
		}
	}
	return false
}
