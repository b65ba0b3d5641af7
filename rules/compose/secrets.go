package compose

import (
	"regexp"
	"strings"

	"github.com/stevedore-dev/stevedore/internal/secret"
)

var simpleName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.\-]*$`)

// secretValue reports why name=value holds a literal secret, without
// quoting the value: a secret-like name given a literal value (judged like
// secret.ScanAssignments: file paths and the name itself do not count), or
// a known credential format anywhere in the value.
func secretValue(name, value string) (string, bool) {
	if strings.TrimSpace(value) == "" {
		return "", false
	}
	if simpleName.MatchString(name) && !strings.ContainsAny(value, "\r\n") {
		if len(secret.ScanAssignments(name+"="+value)) > 0 {
			return "a secret-like name with a literal value", true
		}
	} else if secret.SecretLikeName(name) && secret.LiteralValue(value) {
		return "a secret-like name with a literal value", true
	}
	if ms := secret.Scan(value); len(ms) > 0 {
		return ms[0].Description, true
	}
	return "", false
}
