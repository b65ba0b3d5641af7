package dockerfile

import (
	"strconv"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"

	"github.com/stevedore-dev/stevedore/internal/dockerfile"
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DF043 flags downloads and tools told not to verify TLS certificates.
var DF043 = &rule.Rule{
	ID:       "DF043",
	Name:     "tls-verification-disabled",
	Title:    "TLS certificate verification disabled",
	Severity: finding.High,
	Kind:     rule.KindDockerfile,
	Note:     "supply-chain-and-integrity",
	Equivalents: rule.Equivalents{Checkov: []string{"CKV2_DOCKER_2", "CKV2_DOCKER_3", "CKV2_DOCKER_4", "CKV2_DOCKER_5",
		"CKV2_DOCKER_6", "CKV2_DOCKER_12", "CKV2_DOCKER_13", "CKV2_DOCKER_14", "CKV2_DOCKER_15", "CKV2_DOCKER_16"}},
	Check: checkDF043,
}

// sdiTLSPrefilter holds lower-case strings one of which a RUN disabling TLS
// verification contains.
var sdiTLSPrefilter = newSdiFoldSet("curl", "insecure", "no-check-certificate", "trusted-host", "sslverify", "strict-ssl",
	"strictssl", "ssl_no_verify", "tls_reject_unauthorized", "httpsverify", "verify-peer", "verify-host",
	"check_certificate", "check-certificate", "strict_ssl")

// sdiTLSArgTriggers are the words worth normalising in any command's
// arguments (configuration written with echo, sed or --setopt).
var sdiTLSArgTriggers = newSdiFoldSet("sslverify", "verify-peer", "verify-host", "check_certificate", "check-certificate")

func checkDF043(p *rule.Pass) {
	f := p.Dockerfile
	for _, in := range sdiAllInstructions(f) {
		switch c := in.Command.(type) {
		case *instructions.EnvCommand:
			for _, kv := range c.Env {
				if what, ok := sdiTLSEnv(kv.Key, sdiUnquote(kv.Value)); ok {
					sdiReportTLSEnv(p, f, in, kv.Key, what)
				}
			}
		case *instructions.ArgCommand:
			for _, kv := range c.Args {
				if kv.Value != nil {
					if what, ok := sdiTLSEnv(kv.Key, sdiUnquote(*kv.Value)); ok {
						sdiReportTLSEnv(p, f, in, kv.Key, what)
					}
				}
			}
		case *instructions.RunCommand:
			if !sdiTLSPrefilter.inRun(in) {
				continue
			}
			// One finding per line and kind; a fix only when one word caused it.
			type hitAt struct {
				line int
				hit  sdiFlagHit
			}
			var hits []hitAt
			var count map[string]int
			for _, cmd := range in.Shell().Commands {
				for _, h := range sdiTLSCommand(cmd) {
					if count == nil {
						count = map[string]int{}
					}
					key := strconv.Itoa(cmd.Line) + "\x00" + h.evidence
					if count[key]++; count[key] == 1 {
						hits = append(hits, hitAt{cmd.Line, h})
					}
				}
			}
			for _, h := range hits {
				var fix *finding.Fix
				if h.hit.token != "" && count[strconv.Itoa(h.line)+"\x00"+h.hit.evidence] == 1 {
					fix = sdiRemoveFlagFix(f, in, h.hit.token, h.hit.removeLetter)
				}
				p.Report(finding.Finding{Range: finding.Line(h.line), Location: sdiLoc(in, "RUN", h.hit.evidence),
					Evidence: h.hit.evidence, Fix: fix,
					Message: "RUN in " + sdiStageDesc(f, in.Stage) + " turns off TLS certificate verification (" + h.hit.evidence +
						"): anyone on the network path, or a spoofed mirror, can serve what the build installs; fix the CA certificates instead (install ca-certificates, or COPY your CA and update the trust store)"})
			}
		}
	}
}

func sdiReportTLSEnv(p *rule.Pass, f *dockerfile.File, in *dockerfile.Instruction, key, what string) {
	p.Reportf(in.Range, sdiLoc(in, in.Cmd, key), key,
		"%s in %s sets %s, which turns off TLS certificate verification (%s) for every later command, and for the running container when it ships: anyone on the network path can serve what it downloads",
		in.Cmd, sdiStageDesc(f, in.Stage), key, what)
}

// sdiTLSEnv reports whether setting name=value turns off TLS verification
// (GIT_SSL_NO_VERIFY does whatever its value).
func sdiTLSEnv(name, value string) (string, bool) {
	if len(name) < 16 || len(name) > 28 {
		return "", false // shorter or longer than every name below
	}
	v := strings.ToLower(strings.TrimSpace(value))
	switch sdiUpperASCII(name) {
	case "NODE_TLS_REJECT_UNAUTHORIZED":
		return "Node.js accepts any certificate", v == "0"
	case "PYTHONHTTPSVERIFY":
		return "Python's HTTPS clients skip verification", v == "0"
	case "NPM_CONFIG_STRICT_SSL":
		return "npm accepts any certificate", v == "false" || v == "0"
	case "GIT_SSL_NO_VERIFY":
		return "git accepts any certificate, whatever the value", true
	case "PIP_TRUSTED_HOST":
		return "pip skips verification for the listed hosts", v != ""
	}
	return "", false
}

// sdiFlagHit is one insecure option found on a command.
type sdiFlagHit struct {
	evidence string
	// token is the word to remove for a mechanical fix ("" for none);
	// removeLetter, when set, is the letter to drop from a group ("-fsSLk").
	token        string
	removeLetter byte
}

// sdiTLSCommand returns what in one shell command turns off TLS
// certificate verification.
func sdiTLSCommand(c *dockerfile.Command) []sdiFlagHit {
	var out []sdiFlagHit
	for _, e := range c.Env {
		k, v, _ := strings.Cut(e, "=")
		if _, ok := sdiTLSEnv(k, v); ok {
			out = append(out, sdiFlagHit{evidence: k})
		}
	}
	switch c.Name {
	case "export", "declare", "typeset", "local", "readonly":
		for _, a := range c.Args {
			if k, v, ok := strings.Cut(a, "="); ok {
				if _, bad := sdiTLSEnv(k, v); bad {
					out = append(out, sdiFlagHit{evidence: k})
				}
			}
		}
	case "curl":
		var hits []sdiFlagHit
		for _, a := range sdiOptions(c) {
			switch {
			case a == "-k" || a == "--insecure":
				hits = append(hits, sdiFlagHit{evidence: "curl --insecure", token: a})
			case len(a) > 2 && a[1] != '-' && sdiLetters(a[1:]) && strings.IndexByte(a, 'k') > 0:
				hits = append(hits, sdiFlagHit{evidence: "curl --insecure", token: a, removeLetter: 'k'})
			}
		}
		out = append(out, sdiOneFixable(hits)...)
	case "wget", "apk":
		var hits []sdiFlagHit
		for _, a := range sdiOptions(c) {
			if a == "--no-check-certificate" {
				hits = append(hits, sdiFlagHit{evidence: c.Name + " --no-check-certificate", token: a})
			}
		}
		if c.Name == "apk" {
			for i := range hits {
				hits[i].token = ""
			}
		}
		out = append(out, sdiOneFixable(hits)...)
	case "pip", "pip3", "python", "python3", "uv", "pipenv", "poetry":
		for _, a := range c.Args {
			if a == "--trusted-host" || strings.HasPrefix(a, "--trusted-host=") || strings.HasSuffix(a, ".trusted-host") ||
				a == "--allow-insecure-host" || strings.HasPrefix(a, "--allow-insecure-host=") {
				out = append(out, sdiFlagHit{evidence: "pip --trusted-host"})
				break
			}
		}
	case "npm", "yarn", "pnpm":
		for i, a := range c.Args {
			l := strings.ToLower(strings.TrimLeft(a, "-"))
			next := ""
			if i+1 < len(c.Args) {
				next = strings.ToLower(c.Args[i+1])
			}
			if l == "strict-ssl=false" || l == "enablestrictssl=false" || l == "no-strict-ssl" ||
				(l == "strict-ssl" || l == "enablestrictssl") && (next == "false" || next == "0") {
				out = append(out, sdiFlagHit{evidence: c.Name + " strict-ssl=false"})
				break
			}
		}
	case "git":
		for i, a := range c.Args {
			l := strings.ToLower(a)
			if !strings.HasPrefix(l, "http.") || !strings.HasSuffix(strings.SplitN(l, "=", 2)[0], "sslverify") {
				continue
			}
			v := ""
			if _, after, ok := strings.Cut(l, "="); ok {
				v = after
			} else if i+1 < len(c.Args) {
				v = strings.ToLower(c.Args[i+1])
			}
			if v == "false" || v == "0" || v == "no" || v == "off" {
				out = append(out, sdiFlagHit{evidence: "git http.sslVerify=false"})
				break
			}
		}
	}
	if c.Name != "git" {
		for _, a := range c.Args {
			if !sdiTLSArgTriggers.in(a) {
				continue
			}
			n := sdiNormalizeSetting(a)
			switch {
			case sdiSettingOff(n, "sslverify"):
				out = append(out, sdiFlagHit{evidence: "sslverify=0"})
			case strings.Contains(n, "verify-peer=false") || strings.Contains(n, "verify-peerfalse") ||
				strings.Contains(n, "verify-host=false") || strings.Contains(n, "verify-hostfalse"):
				out = append(out, sdiFlagHit{evidence: "apt Verify-Peer=false"})
			case strings.Contains(n, "check_certificate=off") || strings.Contains(n, "check-certificate=off"):
				out = append(out, sdiFlagHit{evidence: "wgetrc check_certificate=off"})
			default:
				continue
			}
			break
		}
	}
	return out
}

// sdiNormalizeSetting lower-cases a word and drops blanks and quotes, so
// `sslverify = 0` and `Verify-Peer "false";` compare simply.
func sdiNormalizeSetting(a string) string {
	var b strings.Builder
	for i := 0; i < len(a); i++ {
		c := a[i]
		switch {
		case c == ' ' || c == '\t' || c == '"' || c == '\'':
		case 'A' <= c && c <= 'Z':
			b.WriteByte(c + 'a' - 'A')
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// sdiSettingOff reports whether a normalised word sets key to 0, false, no
// or off (and never to 1 or true, as a sed that turns it back on does).
func sdiSettingOff(n, key string) bool {
	off := false
	for _, v := range []string{"0", "false", "no", "off"} {
		if strings.Contains(n, key+"="+v) {
			off = true
		}
	}
	return off && !strings.Contains(n, key+"=1") && !strings.Contains(n, key+"=true") && !strings.Contains(n, key+"=yes")
}

// sdiOptions returns the arguments of c before a "--" that look like options.
func sdiOptions(c *dockerfile.Command) []string {
	var out []string
	for _, a := range c.Args {
		if a == "--" {
			break
		}
		if strings.HasPrefix(a, "-") {
			out = append(out, a)
		}
	}
	return out
}

func sdiLetters(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return s != ""
}

// sdiOneFixable collapses the hits of one command into one finding, keeping
// the fix only when a single word carries the flag.
func sdiOneFixable(hits []sdiFlagHit) []sdiFlagHit {
	if len(hits) == 0 {
		return nil
	}
	h := hits[0]
	if len(hits) > 1 {
		h.token, h.removeLetter = "", 0
	}
	return []sdiFlagHit{h}
}

// sdiRemoveFlagFix removes the word token (or the letter from the option
// group token) from the one line of in that holds it. It returns nil unless
// the word occurs exactly once in the instruction's lines and the line keeps
// some content.
func sdiRemoveFlagFix(f *dockerfile.File, in *dockerfile.Instruction, token string, letter byte) *finding.Fix {
	at, count := 0, 0
	for n := in.Range.StartLine; n <= in.Range.EndLine; n++ {
		c := sdiWordCount(f.Line(n), token)
		if c > 0 {
			at = n
		}
		count += c
	}
	if count != 1 {
		return nil
	}
	line := f.Line(at)
	s := sdiWordIndex(line, token)
	e := s + len(token)
	var repl string
	if letter != 0 {
		repl = strings.Replace(token, string(letter), "", 1)
		if repl == "-" {
			repl = ""
		}
	}
	if repl == "" && s > 0 && (line[s-1] == ' ' || line[s-1] == '\t') {
		s--
	}
	out := line[:s] + repl + line[e:] + "\n"
	switch t := strings.TrimSpace(out); {
	case t == string(f.Escape) && at < in.Range.EndLine:
		out = "" // the flag had a continuation line of its own: drop the line
	case t == "" || t == "\\" || t == "`":
		return nil
	}
	desc := "Remove " + token
	if letter != 0 {
		desc = "Remove -" + string(letter) + " from " + token
	}
	return &finding.Fix{Description: desc, Edits: []finding.Edit{{StartLine: at, EndLine: at, NewText: out}}}
}

// sdiWordCount counts the occurrences of word in line standing as words.
func sdiWordCount(line, word string) int {
	n := 0
	for i := 0; i <= len(line); {
		k := sdiWordIndex(line[i:], word)
		if k < 0 {
			break
		}
		n++
		i += k + len(word)
	}
	return n
}

// sdiUpperASCII upper-cases ASCII letters, allocating only when needed.
func sdiUpperASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if 'a' <= s[i] && s[i] <= 'z' {
			return strings.ToUpper(s)
		}
	}
	return s
}
