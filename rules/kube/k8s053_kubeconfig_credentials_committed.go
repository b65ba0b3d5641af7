package kube

import (
	"encoding/base64"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/kube"
	"github.com/stevedore-dev/stevedore/internal/rule"
	"github.com/stevedore-dev/stevedore/internal/secret"
)

// K8S053 flags the literal credentials of a committed kubeconfig file
// (apiVersion v1, kind Config): a user's token, password or client key, the
// tokens and client secret of an auth-provider, and secret-like variables
// of an exec plugin. Empty values, placeholders such as
// '{.credential.access_token}' and what `kubectl config view` prints in
// place of a secret (REDACTED, DATA+OMITTED) are not credentials.
var K8S053 = &rule.Rule{
	ID:          "K8S053",
	Name:        "kubeconfig-credentials-committed",
	Title:       "Kubeconfig with credentials is committed",
	Severity:    finding.High,
	Kind:        rule.KindKubernetes,
	Note:        "secrets",
	Equivalents: rule.Equivalents{KICS: []string{"passwords_and_secrets"}},
	Check:       checkK8S053,
}

// k8s053UserFields are the keys of users[].user that hold a credential
// themselves (client-key-data is judged apart: it must decode to a private
// key).
var k8s053UserFields = []string{"token", "password"}

// k8s053ProviderFields are the keys of users[].user.auth-provider.config
// that hold a credential (gcp, azure and oidc providers).
var k8s053ProviderFields = map[string]bool{
	"access-token": true, "id-token": true, "refresh-token": true, "client-secret": true,
}

func checkK8S053(p *rule.Pass) {
	for _, obj := range obObjects(p) {
		if !obIsCore(obj, "Config") {
			continue
		}
		users := resolveNode(obj.Get("users"))
		if users == nil || users.Kind != yaml.SequenceNode {
			continue
		}
		for i, item := range users.Content {
			k8s053User(p, obj, i, resolveNode(item))
		}
	}
}

// k8s053Found is one credential of a kubeconfig user.
type k8s053Found struct {
	field, value string
	line         int
}

// k8s053User reports the credentials of the i-th entry of users.
func k8s053User(p *rule.Pass, obj *kube.Object, i int, item *yaml.Node) {
	var name string
	var user *yaml.Node
	for _, e := range obEntries(item) {
		switch e.key {
		case "name":
			name, _ = obScalar(e.v)
		case "user":
			user = e.v
		}
	}
	var found []k8s053Found
	for _, e := range obEntries(user) {
		switch {
		case e.key == "client-key-data":
			if v, ok := obScalar(e.v); ok && k8s053PrivateKeyData(v) {
				found = append(found, k8s053Found{e.key, v, e.k.Line})
			}
		case e.key == "auth-provider":
			for _, pe := range obEntries(e.v) {
				if pe.key != "config" {
					continue
				}
				for _, ce := range obEntries(pe.v) {
					if v, ok := obScalar(ce.v); ok && k8s053ProviderFields[ce.key] && k8s053Literal(v) {
						found = append(found, k8s053Found{"auth-provider.config." + ce.key, v, ce.k.Line})
					}
				}
			}
		case e.key == "exec":
			found = append(found, k8s053ExecEnv(e.v)...)
		default:
			for _, f := range k8s053UserFields {
				if v, ok := obScalar(e.v); ok && e.key == f && k8s053Literal(v) {
					found = append(found, k8s053Found{e.key, v, e.k.Line})
				}
			}
		}
	}
	if len(found) == 0 {
		return
	}
	id := obj.Kind
	if obj.Name != "" {
		id = obj.ID()
	}
	ref := name
	who := "kubeconfig user " + strconv.Quote(name)
	if name == "" {
		ref = strconv.Itoa(i)
		who = "kubeconfig user #" + strconv.Itoa(i+1)
	}
	for _, f := range found {
		p.Reportf(finding.Line(f.line), id+"/users["+ref+"]/user."+f.field, "users["+ref+"].user."+f.field,
			"%s holds a literal %s (%s) committed to the repository: anyone who can read it calls the cluster's API as that user until the credential is revoked; revoke it, remove the file from git (and its history), and let kubectl fetch credentials with an exec plugin or an auth provider",
			who, f.field, secret.Mask(f.value))
	}
}

// k8s053ExecEnv lists the exec plugin's environment variables that give a
// secret a literal value.
func k8s053ExecEnv(exec *yaml.Node) []k8s053Found {
	var out []k8s053Found
	for _, e := range obEntries(exec) {
		if e.key != "env" {
			continue
		}
		env := resolveNode(e.v)
		if env == nil || env.Kind != yaml.SequenceNode {
			continue
		}
		for _, item := range env.Content {
			var name, value string
			line := 0
			for _, ve := range obEntries(item) {
				switch ve.key {
				case "name":
					name, _ = obScalar(ve.v)
				case "value":
					value, _ = obScalar(ve.v)
					line = ve.k.Line
				}
			}
			if _, ok := secret.LiteralSecret(name, value); ok && line > 0 && k8s053Literal(value) {
				out = append(out, k8s053Found{"exec.env[" + name + "]", value, line})
			}
		}
	}
	return out
}

// k8s053Literal reports whether v is a real value, not a placeholder, a
// reference or what `kubectl config view` prints for a hidden one.
func k8s053Literal(v string) bool {
	switch strings.TrimSpace(v) {
	case "REDACTED", "DATA+OMITTED":
		return false
	}
	return secret.LiteralValue(v)
}

// k8s053PrivateKeyData reports whether a client-key-data value decodes to a
// PEM private key.
func k8s053PrivateKeyData(v string) bool {
	s := strings.Join(strings.Fields(v), "")
	if s == "" {
		return false
	}
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		if b, err = base64.RawStdEncoding.DecodeString(strings.TrimRight(s, "=")); err != nil {
			return false
		}
	}
	return strings.Contains(string(b), "PRIVATE KEY")
}
