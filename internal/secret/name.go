package secret

import (
	"strings"
	"unicode"
)

// SecretLikeName reports whether an ENV/ARG/environment variable or config
// key name says that its value is a credential: PASSWORD, DB_PASS,
// MYSQL_ROOT_PASSWORD, SECRET_KEY, API_TOKEN, AWS_SECRET_ACCESS_KEY,
// PRIVATE_KEY, CLIENT_SECRET, CREDENTIALS, PASSPHRASE, dbPassword.
//
// The name is split into words (at '_', '-', '.', and camelCase humps). It
// is secret-like when a word names a credential (password, passwd, pass,
// pwd, passphrase, secret, token, credential(s), creds, apikey, or a word
// ending in password/passwd/secret/token such as rootpassword), or when
// "key" follows a qualifier that makes it one (api, private, secret, access,
// signing, encryption, master, client, ssh, tls, auth, session, hmac, jwt…).
//
// It is not secret-like when the value can only be a pointer to, or a
// setting about, a secret: the last word is file, path, dir, url, uri,
// endpoint, host, port, length, ttl, expiry, id, name, type, policy,
// enabled… (PASSWORD_FILE, TOKEN_URL, KEY_ID, PASSWORD_POLICY), or any word
// is public, no, disable, allow, empty, random, generate, file, version,
// max, min, num (PUBLIC_KEY, NO_PASSWORD, MYSQL_ALLOW_EMPTY_PASSWORD,
// MAX_TOKENS). A bare "key" is not enough (CACHE_KEY, GPG_KEY: the official
// images put public key fingerprints in GPG_KEY), nor is PWD, the shell's
// working directory.
//
// AWS_ACCESS_KEY_ID is not secret-like: an access key ID is an identifier
// that AWS prints in logs and error messages and is useless without the
// secret access key, whose own name is flagged. A literal AKIA… value is
// still found by Scan. GOOGLE_APPLICATION_CREDENTIALS is not secret-like
// either: by definition it holds a path to a key file.
func SecretLikeName(name string) bool {
	ws := splitWords(name)
	if len(ws) == 0 {
		return false
	}
	switch strings.Join(ws, "_") {
	case "pwd", "oldpwd", "google_application_credentials":
		return false
	}
	for _, w := range ws {
		if denyAnywhere[w] {
			return false
		}
	}
	if denyLast[ws[len(ws)-1]] {
		return false
	}
	for i, w := range ws {
		if credentialWord(w) {
			return true
		}
		if w == "key" && i > 0 && keyQualifiers[ws[i-1]] {
			return true
		}
	}
	return false
}

func credentialWord(w string) bool {
	if credentialWords[w] {
		return true
	}
	for _, suf := range []string{"password", "passwd", "secret", "token", "apikey", "passphrase"} {
		if len(w) > len(suf) && strings.HasSuffix(w, suf) {
			return true
		}
	}
	return false
}

var credentialWords = setOf(
	"password", "passwd", "pass", "pwd", "pword", "passphrase", "passcode",
	"secret", "secrets", "token", "credential", "credentials", "creds",
	"apikey", "privatekey", "secretkey", "accesskey", "authkey", "pat",
)

var keyQualifiers = setOf(
	"api", "private", "secret", "access", "encryption", "encrypt", "signing",
	"sign", "master", "client", "ssh", "tls", "ssl", "app", "application",
	"auth", "session", "hmac", "jwt", "license", "licence", "crypt", "crypto",
	"cipher", "aes", "account", "shared", "storage", "service", "webhook",
	"cookie", "rsa", "ecdsa", "ed25519", "dsa", "deploy", "admin", "sas",
	"subscription", "management", "mgmt", "root", "sk",
)

// denyAnywhere words turn the name into a flag, a count or a public thing.
var denyAnywhere = setOf(
	"public", "pub", "no", "not", "disable", "disabled", "skip", "allow",
	"allowed", "empty", "random", "generate", "generated", "file", "version",
	"max", "min", "num", "example", "sample",
)

// denyLast words as the last word make the value a pointer to, or a setting
// about, the secret rather than the secret itself.
var denyLast = setOf(
	"file", "files", "path", "paths", "dir", "dirs", "directory", "folder",
	"url", "urls", "uri", "endpoint", "host", "hostname", "port", "server",
	"service", "length", "len", "ttl", "expiry", "expires", "expire",
	"expiration", "exp", "timeout", "lifetime", "age", "duration", "interval",
	"days", "hours", "minutes", "seconds", "secs", "ms", "id", "ids", "name",
	"names", "type", "kind", "mode", "policy", "policies", "enabled",
	"required", "enable", "prefix", "suffix", "header", "field", "param",
	"location", "format", "encoding", "size", "bits", "count", "limit",
	"retries", "attempts", "algorithm", "algo", "alg", "regex", "pattern",
	"rotation", "hint", "env", "var", "provider", "backend", "ref", "arn",
	"mount", "volume", "store", "manager", "helper", "command", "cmd",
	"script", "user", "username", "login", "email", "audience", "issuer",
	"scope", "scopes", "realm", "complexity", "strength", "rounds", "cost",
	"level", "namespace", "label", "selector", "auth", "authentication",
	"validation", "verify", "check", "reset", "through", "source", "template",
	"encryption", "hashing", "method",
)

func setOf(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// splitWords splits a name into lower-case words at non-alphanumerics and
// camelCase humps: "dbPassword" → db password, "APIKey" → api key.
func splitWords(name string) []string {
	var out []string
	rs := []rune(name)
	start := -1
	flush := func(end int) {
		if start >= 0 && end > start {
			out = append(out, strings.ToLower(string(rs[start:end])))
		}
		start = -1
	}
	for i, r := range rs {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			flush(i)
			continue
		}
		if start < 0 {
			start = i
			continue
		}
		prev := rs[i-1]
		if unicode.IsUpper(r) {
			if unicode.IsLower(prev) || unicode.IsDigit(prev) {
				flush(i)
				start = i
			} else if unicode.IsUpper(prev) && i+1 < len(rs) && unicode.IsLower(rs[i+1]) {
				flush(i)
				start = i
			}
		}
	}
	flush(len(rs))
	return out
}
