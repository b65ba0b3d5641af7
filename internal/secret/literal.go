package secret

import (
	"regexp"
	"strings"
)

// plainName is a name that ScanAssignments reads in its KEY=value form.
var plainName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.\-]*$`)

// LiteralSecret reports whether name=value (an environment variable, a
// build argument, a ConfigMap key) gives a secret a literal value, and why,
// in words that never quote the value (show the value with Mask). It holds
// when a secret-like name has a literal value — judged as ScanAssignments
// judges `name=value`, so file paths, references, placeholders and the
// name itself do not count; names ScanAssignments cannot read that way are
// judged with SecretLikeName and LiteralValue — or when a known credential
// format (Scan) appears anywhere in the value, whatever the name. An empty
// or blank value is never a secret.
func LiteralSecret(name, value string) (why string, ok bool) {
	if strings.TrimSpace(value) == "" {
		return "", false
	}
	if plainName.MatchString(name) && !strings.ContainsAny(value, "\r\n") {
		if len(ScanAssignments(name+"="+value)) > 0 {
			return "a secret-like name with a literal value", true
		}
	} else if SecretLikeName(name) && LiteralValue(value) {
		return "a secret-like name with a literal value", true
	}
	if ms := Scan(value); len(ms) > 0 {
		return ms[0].Description, true
	}
	return "", false
}
