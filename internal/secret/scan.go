package secret

import (
	"encoding/base64"
	"encoding/json"
	"regexp"
	"sort"
	"strings"
)

// Match is one credential found by Scan. Start and End are byte offsets of
// the secret itself in the scanned text (the value, not the key that names
// it), so MaskMatches can hide exactly that span.
type Match struct {
	// Kind is a short stable identifier: "github-token", "url-password".
	Kind string
	// Description says what was found in words, never the value.
	Description string
	Start, End  int
}

// detector finds one credential format. Its regexp runs only when the text
// contains one of the prefilter strings; group names which submatch is the
// secret (0: the whole match); valid, when set, rejects look-alikes.
type detector struct {
	kind, desc string
	prefilter  []string
	re         *regexp.Regexp
	group      int
	valid      func(secret string) bool
}

var detectors = []detector{
	{kind: "aws-access-key-id", desc: "AWS access key ID",
		prefilter: []string{"AKIA", "ASIA", "ABIA", "ACCA", "A3T"},
		re:        regexp.MustCompile(`\b((?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16})\b`), group: 1,
		valid: notExample},
	{kind: "aws-secret-access-key", desc: "AWS secret access key",
		prefilter: []string{"aws_secret", "AWS_SECRET", "awsSecret", "AWSSecret", "AwsSecret", "aws-secret", "awssecret", "AWSSECRET"},
		re:        regexp.MustCompile(`(?i)aws_?secret_?(?:access_?)?key["']?\s*[:=]\s*["']?([A-Za-z0-9/+=]{40})(?:[^A-Za-z0-9/+=]|$)`), group: 1,
		valid: notExample},
	{kind: "github-token", desc: "GitHub token",
		prefilter: []string{"ghp_", "gho_", "ghu_", "ghs_", "ghr_"},
		re:        regexp.MustCompile(`\b(gh[pousr]_[A-Za-z0-9]{36,251})\b`), group: 1},
	{kind: "github-token", desc: "GitHub fine-grained personal access token",
		prefilter: []string{"github_pat_"},
		re:        regexp.MustCompile(`\b(github_pat_[A-Za-z0-9_]{22,244})\b`), group: 1},
	{kind: "gitlab-token", desc: "GitLab personal access token",
		prefilter: []string{"glpat-"},
		re:        regexp.MustCompile(`\b(glpat-[A-Za-z0-9_\-]{20,})`), group: 1},
	{kind: "slack-token", desc: "Slack token",
		prefilter: []string{"xox"},
		re:        regexp.MustCompile(`\b(xox[abprs]-[A-Za-z0-9]+-[A-Za-z0-9-]{8,})`), group: 1},
	{kind: "slack-webhook", desc: "Slack incoming webhook URL",
		prefilter: []string{"hooks.slack.com"},
		re:        regexp.MustCompile(`https://hooks\.slack\.com/(?:services|workflows|triggers)(/[A-Za-z0-9+/_\-]{8,})`), group: 1},
	{kind: "google-api-key", desc: "Google API key",
		prefilter: []string{"AIza"},
		re:        regexp.MustCompile(`\b(AIza[0-9A-Za-z_\-]{35})(?:[^0-9A-Za-z_\-]|$)`), group: 1},
	{kind: "google-oauth-token", desc: "Google OAuth access token",
		prefilter: []string{"ya29."},
		re:        regexp.MustCompile(`\b(ya29\.[0-9A-Za-z_\-]{20,})`), group: 1},
	{kind: "stripe-key", desc: "Stripe-style live secret key (sk_live_/rk_live_)",
		prefilter: []string{"_live_"},
		re:        regexp.MustCompile(`\b((?:sk|rk)_live_[0-9A-Za-z]{16,})`), group: 1},
	{kind: "square-token", desc: "Square access token or OAuth secret",
		prefilter: []string{"sq0atp-", "sq0csp-"},
		re:        regexp.MustCompile(`\b(sq0atp-[0-9A-Za-z_\-]{22}|sq0csp-[0-9A-Za-z_\-]{43})`), group: 1},
	{kind: "amazon-mws-token", desc: "Amazon MWS auth token",
		prefilter: []string{"amzn.mws."},
		re:        regexp.MustCompile(`\b(amzn\.mws\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b`), group: 1},
	{kind: "mailchimp-key", desc: "Mailchimp API key",
		prefilter: []string{"-us"},
		re:        regexp.MustCompile(`\b([0-9a-f]{32}-us[0-9]{1,2})\b`), group: 1},
	{kind: "facebook-token", desc: "Facebook access token",
		prefilter: []string{"EAACEdEose0cBA"},
		re:        regexp.MustCompile(`\b(EAACEdEose0cBA[0-9A-Za-z]+)`), group: 1},
	{kind: "npm-token", desc: "npm access token",
		prefilter: []string{"npm_"},
		re:        regexp.MustCompile(`\b(npm_[A-Za-z0-9]{36})\b`), group: 1},
	{kind: "pypi-token", desc: "PyPI upload token",
		prefilter: []string{"pypi-AgE"},
		re:        regexp.MustCompile(`\b(pypi-AgE[A-Za-z0-9_\-]{50,})`), group: 1},
	{kind: "sendgrid-key", desc: "SendGrid API key",
		prefilter: []string{"SG."},
		re:        regexp.MustCompile(`\b(SG\.[A-Za-z0-9_\-]{16,32}\.[A-Za-z0-9_\-]{30,50})\b`), group: 1},
	{kind: "azure-storage-key", desc: "Azure storage or Service Bus account key",
		prefilter: []string{"AccountKey=", "SharedAccessKey="},
		re:        regexp.MustCompile(`(?:AccountKey|SharedAccessKey)=([A-Za-z0-9+/]{30,}={0,2})`), group: 1},
	{kind: "jwt", desc: "JSON Web Token",
		prefilter: []string{"eyJ"},
		re:        regexp.MustCompile(`\b(eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]*)`), group: 1,
		valid: jwtHeader},
}

var (
	privateKeyBegin = regexp.MustCompile(`-----BEGIN[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----`)
	privateKeyEnd   = regexp.MustCompile(`-----END[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----`)
	urlPassword     = regexp.MustCompile(`\b[A-Za-z][A-Za-z0-9+.\-]{1,20}://[^\s:@/'"]+:([^\s@/'"]*)@[A-Za-z0-9\[]`)
)

// Scan returns the credentials found in text, ordered by position. It
// recognises the formats listed on the detectors (AWS, GitHub, GitLab,
// Slack, Google, Stripe, npm, PyPI, SendGrid, Azure, JWT, …), private key
// blocks, passwords in URLs (scheme://user:pass@host, unless pass is empty
// or a reference) and generic assignments (password=…, "secret": "…")
// whose name is SecretLikeName and whose value is LiteralValue. Every
// detector runs only when a cheap substring prefilter hits.
func Scan(text string) []Match {
	var ms []Match
	for _, h := range triggerHits(text) {
		ls := h.lineStart
		le := lineEnd(text, ls)
		switch h.det {
		case detPrivateKey:
			ms = append(ms, privateKeys(text, ls)...)
		case detURL:
			ms = append(ms, urlPasswords(text, ls, le)...)
		default:
			d := &detectors[h.det]
			for _, loc := range d.re.FindAllStringSubmatchIndex(text[ls:le], -1) {
				s, e := loc[2*d.group], loc[2*d.group+1]
				if s < 0 || (d.valid != nil && !d.valid(text[ls+s:ls+e])) {
					continue
				}
				ms = append(ms, Match{Kind: d.kind, Description: d.desc, Start: ls + s, End: ls + e})
			}
		}
	}
	ms = append(ms, genericAssignments(text)...)
	return dedupe(ms)
}

// Pseudo-detector numbers for the triggers that are not in detectors.
const (
	detPrivateKey = -1
	detURL        = -2
)

type trigger struct {
	lit string
	det int
}

// triggerList holds every prefilter literal with its detector, in detector
// order (a literal's order is its index).
var triggerList []trigger

// triggerIndex finds the trigger literals in one pass over a text: pairs
// has a bit for each literal's first two bytes, which rejects most
// positions at once; byFirst lists the literals by first byte, in order.
var triggerIndex struct {
	pairs   [256][4]uint64
	byFirst [256][]int
}

func init() {
	add := func(lit string, det int) { triggerList = append(triggerList, trigger{lit, det}) }
	for i, d := range detectors {
		for _, p := range d.prefilter {
			add(p, i)
		}
	}
	add("-----BEGIN", detPrivateKey)
	add("://", detURL)
	for k, t := range triggerList {
		if len(t.lit) < 2 {
			panic("secret: trigger literal " + t.lit + " is shorter than two bytes")
		}
		c0, c1 := t.lit[0], t.lit[1]
		triggerIndex.byFirst[c0] = append(triggerIndex.byFirst[c0], k)
		triggerIndex.pairs[c0][c1>>6] |= 1 << (c1 & 63)
	}
}

type hit struct{ det, lineStart int }

// triggerHits returns the distinct (detector, line) pairs whose prefilter
// literal occurs in text. Each is ordered by the first occurrence on its
// line of its earliest literal (in triggerList order), then by that
// literal's order — as searching the text for each literal in turn would
// find them.
func triggerHits(text string) []hit {
	type found struct {
		hit
		pos, order int
	}
	var hits []found
	var at map[hit]int // index in hits
	lineStart := 0
	for i := 0; i+1 < len(text); i++ {
		c0 := text[i]
		if c0 == '\n' {
			lineStart = i + 1
			continue
		}
		c1 := text[i+1]
		if triggerIndex.pairs[c0][c1>>6]&(1<<(c1&63)) == 0 {
			continue
		}
		for _, k := range triggerIndex.byFirst[c0] {
			t := triggerList[k]
			if !strings.HasPrefix(text[i:], t.lit) {
				continue
			}
			h := hit{t.det, lineStart}
			if t.det == detPrivateKey {
				h.lineStart = i // the block starts at the marker
			}
			j, ok := at[h]
			switch {
			case !ok:
				if at == nil {
					at = map[hit]int{}
				}
				at[h] = len(hits)
				hits = append(hits, found{h, i, k})
			case hits[j].order > k:
				hits[j].pos, hits[j].order = i, k
			}
		}
	}
	if len(hits) == 0 {
		return nil
	}
	sort.Slice(hits, func(i, j int) bool {
		if hits[i].pos != hits[j].pos {
			return hits[i].pos < hits[j].pos
		}
		return hits[i].order < hits[j].order
	})
	out := make([]hit, len(hits))
	for i, f := range hits {
		out[i] = f.hit
	}
	return out
}

func urlPasswords(text string, ls, le int) []Match {
	if strings.IndexByte(text[ls:le], '@') < 0 {
		return nil
	}
	var ms []Match
	for _, loc := range urlPassword.FindAllStringSubmatchIndex(text[ls:le], -1) {
		s, e := ls+loc[2], ls+loc[3]
		if s == e || !LiteralValue(text[s:e]) || strings.Contains(text[s:e], "%s") {
			continue
		}
		ms = append(ms, Match{Kind: "url-password", Description: "password in a URL", Start: s, End: e})
	}
	return ms
}

// lineEnd returns the offset of the newline that ends the line holding
// text[i], or len(text).
func lineEnd(text string, i int) int {
	if j := strings.IndexByte(text[i:], '\n'); j >= 0 {
		return i + j
	}
	return len(text)
}

// privateKeys matches the private key block whose BEGIN marker is at
// text[at:], through its END marker or, without one, to the end of the line.
func privateKeys(text string, at int) []Match {
	loc := privateKeyBegin.FindStringIndex(text[at:lineEnd(text, at)])
	if loc == nil || loc[0] != 0 {
		return nil
	}
	s, e := at, at+loc[1]
	if end := privateKeyEnd.FindStringIndex(text[e:]); end != nil {
		e += end[1]
	} else {
		e = lineEnd(text, e)
	}
	return []Match{{Kind: "private-key", Description: "private key block", Start: s, End: e}}
}

// genericAssignments scans only the lines that contain a credential word.
func genericAssignments(text string) []Match {
	var ms []Match
	for off := 0; off < len(text); {
		end := lineEnd(text, off)
		if line := text[off:end]; hasCredentialWord(line) {
			for _, m := range genericInLine(line) {
				m.Start += off
				m.End += off
				ms = append(ms, m)
			}
		}
		off = end + 1
	}
	return ms
}

// genericInLine finds name=value, name: value, "name": "value" and
// name=\"value\" in one line, where the name is SecretLikeName and the
// value LiteralValue. A colon counts only when a blank or a quoted value
// follows it, so image:tag and host:port are not assignments.
func genericInLine(line string) []Match {
	var ms []Match
	for i := 0; i < len(line); i++ {
		c := line[i]
		if c != '=' && c != ':' {
			continue
		}
		if i+1 < len(line) && line[i+1] == '=' || i > 0 && (line[i-1] == '=' || line[i-1] == '!') {
			continue // ==, !=: a comparison
		}
		// The name: left of blanks and an optional (escaped) closing quote.
		j := i
		for j > 0 && (line[j-1] == ' ' || line[j-1] == '\t') {
			j--
		}
		if j > 0 && (line[j-1] == '"' || line[j-1] == '\'') {
			j--
			if j > 0 && line[j-1] == '\\' {
				j--
			}
		}
		ns := j
		for ns > 0 && nameByte(line[ns-1]) {
			ns--
		}
		if ns == j || ns > 0 && strings.IndexByte(" \t\"'{,(;[&|\\", line[ns-1]) < 0 {
			continue
		}
		name := line[ns:j]
		if !hasCredentialWord(name + "=") {
			continue
		}
		// The value: right of blanks.
		k := i + 1
		for k < len(line) && (line[k] == ' ' || line[k] == '\t') {
			k++
		}
		vs, ve, quoted := valueAt(line, k)
		if vs == ve || c == ':' && k == i+1 && !quoted {
			continue
		}
		if c == '=' && k > i+1 && !quoted && line[k] == '-' {
			continue // "-Dpassword= -Dnext=…": an empty value, then the next flag
		}
		val := line[vs:ve]
		if !quoted && strings.IndexByte(val, '(') >= 0 { // a function call
			continue
		}
		if secretAssignment(strings.TrimLeft(name, "-."), val) {
			ms = append(ms, Match{Kind: "generic-secret", Description: "literal value assigned to a secret-like name", Start: vs, End: ve})
			i = ve
		}
	}
	return ms
}

// valueAt reads the value that starts at line[k]: \"…\", "…", '…' or a bare
// word up to a blank, quote, comma, semicolon or backslash.
func valueAt(line string, k int) (vs, ve int, quoted bool) {
	if strings.HasPrefix(line[k:], `\"`) {
		if j := strings.Index(line[k+2:], `\"`); j >= 0 {
			return k + 2, k + 2 + j, true
		}
		return k, k, false
	}
	if k < len(line) && (line[k] == '"' || line[k] == '\'') {
		if j := strings.IndexByte(line[k+1:], line[k]); j >= 0 {
			return k + 1, k + 1 + j, true
		}
		return k, k, false
	}
	e := k
	for e < len(line) && strings.IndexByte(" \t\"',;\\", line[e]) < 0 {
		e++
	}
	return k, e, false
}

func nameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-'
}

// hasCredentialWord is the cheap, case-insensitive prefilter for generic
// assignments: pass, pwd, secret, token, key, cred.
func hasCredentialWord(line string) bool {
	if strings.IndexByte(line, '=') < 0 && strings.IndexByte(line, ':') < 0 {
		return false
	}
	for i := 0; i+3 <= len(line); i++ {
		switch line[i] | 0x20 {
		case 'p':
			if foldHas(line[i:], "pass") || foldHas(line[i:], "pwd") || foldHas(line[i:], "pword") {
				return true
			}
		case 's':
			if foldHas(line[i:], "secret") {
				return true
			}
		case 't':
			if foldHas(line[i:], "token") {
				return true
			}
		case 'k':
			if foldHas(line[i:], "key") {
				return true
			}
		case 'c':
			if foldHas(line[i:], "cred") {
				return true
			}
		}
	}
	return false
}

// foldHas reports whether s starts with the lower-case ASCII word w, ignoring case.
func foldHas(s, w string) bool {
	if len(s) < len(w) {
		return false
	}
	for i := 0; i < len(w); i++ {
		if s[i]|0x20 != w[i] {
			return false
		}
	}
	return true
}

// secretAssignment is the judgement shared by Scan's generic detector and
// ScanAssignments: a secret-like name, a literal value that is not a path,
// and not one of the known non-secret shapes.
func secretAssignment(name, val string) bool {
	if !SecretLikeName(name) || !LiteralValue(val) || pathLike(val) {
		return false
	}
	v := unquote(strings.TrimSpace(val))
	if strings.EqualFold(v, name) { // HF_TOKEN=HF_TOKEN
		return false
	}
	// nsswitch.conf: "passwd: files compat".
	if strings.EqualFold(name, "passwd") && nsswitchSources[strings.Fields(v)[0]] {
		return false
	}
	// Kubernetes CRD fields such as pushSecret: my-registry-credentials name
	// a Secret object; the value is a reference, not the secret.
	ws := splitWords(name)
	if last := ws[len(ws)-1]; (last == "secret" || last == "secrets") && len(ws) > 1 &&
		name[0] >= 'a' && name[0] <= 'z' && !strings.ContainsAny(name, "_-.") &&
		strings.Contains(v, "-") && dnsName(v) {
		return false
	}
	return true
}

var nsswitchSources = setOf("files", "compat", "db", "nis", "nisplus", "ldap", "sss", "systemd", "dns")

// dnsName reports a lower-case DNS-1123 name, the shape of Kubernetes object names.
func dnsName(v string) bool {
	for i := 0; i < len(v); i++ {
		c := v[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.') {
			return false
		}
	}
	return v != ""
}

// pathLike reports values that are file paths: a secret-like name pointing
// at a file (TLS_KEY=/etc/tls/key.pem) is not a leaked secret.
func pathLike(v string) bool {
	v = strings.TrimSpace(unquote(strings.TrimSpace(v)))
	if strings.ContainsAny(v, " \t") {
		return false
	}
	for _, p := range []string{"/run/secrets/", "/var/run/secrets/", "/etc/", "/home/", "/root/", "/var/", "/opt/", "/usr/", "/tmp/", "/app/", "/srv/", "/data/", "/certs/", "/secrets/", "./", "../", "~/", "file://"} {
		if strings.HasPrefix(v, p) {
			return true
		}
	}
	return false
}

func notExample(s string) bool { return !strings.Contains(strings.ToUpper(s), "EXAMPLE") }

// jwtHeader accepts a token only when its header decodes to a JSON object
// with an "alg" member.
func jwtHeader(tok string) bool {
	head, _, ok := strings.Cut(tok, ".")
	if !ok {
		return false
	}
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(head, "="))
	if err != nil {
		return false
	}
	var h map[string]any
	if json.Unmarshal(raw, &h) != nil {
		return false
	}
	_, has := h["alg"]
	return has
}

// dedupe sorts matches and drops any match that lies inside an earlier
// one; at equal spans the first detector (the more specific) wins.
func dedupe(ms []Match) []Match {
	sort.SliceStable(ms, func(i, j int) bool {
		if ms[i].Start != ms[j].Start {
			return ms[i].Start < ms[j].Start
		}
		return ms[i].End > ms[j].End
	})
	out := ms[:0]
	for _, m := range ms {
		if n := len(out); n > 0 && m.Start >= out[n-1].Start && m.End <= out[n-1].End {
			continue
		}
		out = append(out, m)
	}
	return out
}
