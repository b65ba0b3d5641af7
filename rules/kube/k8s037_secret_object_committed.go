package kube

import (
	"encoding/base64"
	"strings"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
	"github.com/stevedore-dev/stevedore/internal/secret"
)

// K8S037 flags the keys of a committed Secret object that hold a real
// value: data (base64, decoded before judging) and stringData. Empty
// values, placeholders, references such as ${DB_PASSWORD} and public
// certificates are not secrets and are skipped.
var K8S037 = &rule.Rule{
	ID:          "K8S037",
	Name:        "secret-object-committed",
	Title:       "Secret object with real values is committed",
	Severity:    finding.High,
	Kind:        rule.KindKubernetes,
	Note:        "secrets",
	Equivalents: rule.Equivalents{KICS: []string{"passwords_and_secrets"}},
	Check:       checkK8S037,
}

func checkK8S037(p *rule.Pass) {
	for _, obj := range obObjects(p) {
		if !obIsCore(obj, "Secret") {
			continue
		}
		for _, field := range []string{"data", "stringData"} {
			for _, e := range obEntries(obj.Get(field)) {
				raw, ok := obScalar(e.v)
				if !ok {
					continue
				}
				value := raw
				if field == "data" {
					dec, ok := k8s037Decode(raw)
					if !ok {
						continue // not base64: the API server would refuse it
					}
					value = dec
				}
				if k8s037Identifier(e.key) || !k8s037Secret(e.key, value) {
					continue
				}
				p.Reportf(finding.Line(e.k.Line), obj.ID()+"/"+field+"."+e.key, field+"."+e.key,
					"%s commits %s.%s with a real value (%s) to the repository, where everyone with read access sees it%s; keep the value out of git with Sealed Secrets, External Secrets or SOPS",
					obj.ID(), field, e.key, secret.Mask(value), k8s037Encoding(field))
			}
		}
	}
}

// k8s037Encoding reminds that base64 is not encryption.
func k8s037Encoding(field string) string {
	if field == "data" {
		return " (base64 is an encoding, not encryption)"
	}
	return ""
}

// k8s037Decode decodes a data value (standard base64, padded or not,
// line breaks allowed).
func k8s037Decode(s string) (string, bool) {
	s = strings.Join(strings.Fields(s), "")
	if s == "" {
		return "", false
	}
	if b, err := base64.StdEncoding.DecodeString(s); err == nil {
		return string(b), true
	}
	if b, err := base64.RawStdEncoding.DecodeString(strings.TrimRight(s, "=")); err == nil {
		return string(b), true
	}
	return "", false
}

// k8s037Secret reports whether the decoded value of key is a secret: a
// literal that is not a placeholder, and not only public certificates or
// keys. A whole file (a config, a JSON document) is a secret when it
// holds one: a known credential format, a private key, or a secret-like
// name given a literal value; a config without any (time zones, URLs,
// routing rules) is just configuration kept in a Secret.
func k8s037Secret(key, v string) bool {
	t := strings.TrimSpace(v)
	if strings.Contains(t, "-----BEGIN") && !strings.Contains(t, "PRIVATE KEY") {
		return false // certificates and public keys are meant to be shared
	}
	if k8s037DockerConfig(key) {
		return strings.Contains(t, "auth") || strings.Contains(t, "password")
	}
	if strings.Contains(t, "\n") || strings.HasPrefix(t, "{") && strings.Contains(t, "\":") {
		return len(secret.Scan(t)) > 0 || len(secret.ScanAssignments(t)) > 0
	}
	return secret.LiteralValue(t)
}

// k8s037DockerConfig reports whether key holds registry credentials
// (kubernetes.io/dockerconfigjson and dockercfg Secrets).
func k8s037DockerConfig(key string) bool {
	return key == ".dockerconfigjson" || key == ".dockercfg"
}

// k8s037Identifier reports whether a key names who or where rather than a
// credential (username, apiUsername, azurestorageaccountname, apiAddress,
// host, url): the value identifies an account or an endpoint and is no
// secret on its own; the password or key beside it is flagged.
func k8s037Identifier(key string) bool {
	if secret.SecretLikeName(key) {
		return false
	}
	words := strings.FieldsFunc(strings.ToLower(key), func(r rune) bool { return r == '.' || r == '_' || r == '-' })
	if len(words) > 1 && (words[len(words)-1] == "in" || words[len(words)-1] == "out") {
		words = words[:len(words)-1] // CHAP's username_in, username_out
	}
	if len(words) == 0 {
		return false
	}
	last := words[len(words)-1]
	for _, suffix := range []string{"user", "username", "login", "name", "address", "addr", "host", "hostname", "url", "uri", "endpoint", "port", "email", "region"} {
		if strings.HasSuffix(last, suffix) {
			return true
		}
	}
	return false
}
