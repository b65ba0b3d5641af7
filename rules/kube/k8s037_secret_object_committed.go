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
	ID:       "K8S037",
	Name:     "secret-object-committed",
	Title:    "Secret object with real values is committed",
	Severity: finding.High,
	Kind:     rule.KindKubernetes,
	Note:     "secrets",
	Check:    checkK8S037,
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
				if !k8s037Secret(value) {
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

// k8s037Secret reports whether a decoded value is a secret: a literal that
// is not a placeholder, and not only public certificates or keys.
func k8s037Secret(v string) bool {
	t := strings.TrimSpace(v)
	if strings.Contains(t, "-----BEGIN") && !strings.Contains(t, "PRIVATE KEY") {
		return false // certificates and public keys are meant to be shared
	}
	if strings.HasPrefix(t, "{") && strings.Contains(t, "\":") {
		return true // JSON (a .dockerconfigjson): LiteralValue would take {...} for a template
	}
	if strings.Contains(t, "\n") {
		// A whole file (a key, a config): judged line by line.
		return len(secret.Scan(t)) > 0 || !k8s037OnlyReferences(t)
	}
	return secret.LiteralValue(t)
}

// k8s037OnlyReferences reports whether every non-empty line of a file-like
// value is a placeholder or a reference (a template rendered at deploy time).
func k8s037OnlyReferences(v string) bool {
	for _, l := range strings.Split(v, "\n") {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		if _, val, ok := strings.Cut(l, ":"); ok {
			l = val
		} else if _, val, ok := strings.Cut(l, "="); ok {
			l = val
		}
		if secret.LiteralValue(strings.Trim(strings.TrimSpace(l), ",")) {
			return false
		}
	}
	return true
}
