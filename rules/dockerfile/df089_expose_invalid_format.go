package dockerfile

import (
	"net"
	"strconv"
	"strings"

	"github.com/stevedore-dev/stevedore/internal/dockerfile"
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DF089 flags an EXPOSE item with a host address or host port
// (`127.0.0.1:80:80`, `8080:80`: BuildKit's ExposeInvalidFormat) or with
// its protocol not in lowercase (`80/TCP`: ExposeProtoCasing), judging
// items as BuildKit does after expanding variables: an item with no port or
// an unknown protocol stops the build before either check, and an item
// whose variables cannot be resolved is not judged. One finding per item:
// an item whose port is out of range is left to DF067 while it is on.
// Every stage is judged.
var DF089 = &rule.Rule{
	ID:            "DF089",
	Name:          "expose-invalid-format",
	Title:         "EXPOSE with a host address, host port or upper-case protocol",
	Severity:      finding.Low,
	Kind:          rule.KindDockerfile,
	Note:          "network-exposure",
	Equivalents:   rule.Equivalents{BuildKit: []string{"ExposeInvalidFormat", "ExposeProtoCasing"}},
	BuildKitCheck: true,
	Check:         checkDF089,
}

// df089Item is BuildKit's reading of one EXPOSE item.
type df089Item struct {
	raw                   string
	ip, hostPort, port    string // port is the container port (range)
	proto                 string // as written, "" when absent
	badProto, hostPart    bool
	failure               string // why BuildKit then stops the build, "" if it does not
	canonical             string // what BuildKit records: port[/proto in lowercase]
	containerPortParsable bool
}

// recorded is the port as the image config records it: 80/tcp.
func (it df089Item) recorded() string {
	if it.proto == "" {
		return it.port + "/tcp"
	}
	return it.canonical
}

// df089Parse reads an item as BuildKit's parsePort does; ok is false when
// BuildKit fails before its lint checks (no port, unknown protocol).
func df089Parse(raw string) (it df089Item, ok bool) {
	it.raw = raw
	parts := strings.Split(raw, ":")
	n := len(parts)
	container := parts[n-1]
	if n >= 2 {
		it.hostPort = parts[n-2]
	}
	if n >= 3 {
		it.ip = strings.Join(parts[:n-2], ":")
	}
	port, proto, _ := strings.Cut(container, "/")
	if port == "" {
		return it, false
	}
	switch strings.ToLower(proto) {
	case "", "tcp", "udp", "sctp":
	default:
		return it, false
	}
	it.port, it.proto = port, proto
	it.badProto = proto != strings.ToLower(proto)
	it.hostPart = it.ip != "" || it.hostPort != ""
	it.canonical = port
	if proto != "" {
		it.canonical += "/" + strings.ToLower(proto)
	}
	lo, hi, cok := df089PortRange(port)
	it.containerPortParsable = cok
	ip := it.ip
	if strings.HasPrefix(ip, "[") {
		if h, _, err := net.SplitHostPort(ip + ":"); err == nil {
			ip = h
		} else {
			it.failure = "invalid IP address " + it.ip
			return it, true
		}
	}
	switch {
	case ip != "" && net.ParseIP(ip) == nil:
		it.failure = "invalid IP address " + it.ip
	case !cok:
		it.failure = "invalid containerPort " + port
	case it.hostPort != "":
		hlo, hhi, hok := df089PortRange(it.hostPort)
		switch {
		case !hok:
			it.failure = "invalid hostPort " + it.hostPort
		case hhi-hlo != hi-lo && hi != lo:
			it.failure = "container and host port ranges differ"
		}
	}
	return it, true
}

// df089PortRange parses "80" or "8000-9000" as BuildKit's parsePortRange.
func df089PortRange(s string) (lo, hi int, ok bool) {
	start, end, isRange := strings.Cut(s, "-")
	lo, ok = df089PortNumber(start)
	if !ok {
		return 0, 0, false
	}
	if !isRange || start == end {
		return lo, lo, true
	}
	hi, ok = df089PortNumber(end)
	if !ok || hi < lo {
		return 0, 0, false
	}
	return lo, hi, true
}

func df089PortNumber(s string) (int, bool) {
	if s == "" {
		return 0, false
	}
	n, err := strconv.ParseInt(s, 10, 0)
	if err != nil || n < 0 || n > 65535 {
		return 0, false
	}
	return int(n), true
}

func checkDF089(p *rule.Pass) {
	f := p.Dockerfile
	if f == nil {
		return
	}
	deferRange := p.Enabled("DF067")
	for _, st := range f.Stages {
		for _, in := range st.Instructions {
			if in.Cmd != "EXPOSE" {
				continue
			}
			var flagged []df089Item
			literal := true
			for _, word := range in.Args { // the words in file order
				if strings.ContainsAny(word, "$\"'") {
					literal = false
					v, ok := st.Expand(word, in)
					if !ok {
						continue // never guessed
					}
					word = v
				}
				for _, raw := range strings.Fields(word) {
					it, ok := df089Parse(raw)
					if !ok || (!it.badProto && !it.hostPart) {
						continue
					}
					if deferRange && df067Problem(raw) != "" {
						continue // DF067 reports the item
					}
					flagged = append(flagged, it)
				}
			}
			var fix *finding.Fix
			if literal && len(flagged) > 0 {
				fix = df089Fix(f, in, in.Args, flagged)
			}
			for _, it := range flagged {
				p.Report(finding.Finding{
					Range:    in.Range,
					Location: hygLoc(st, "EXPOSE "+it.raw),
					Evidence: it.raw,
					Message:  df089Message(it),
					Fix:      fix,
				})
			}
		}
	}
}

// df089Message says what is wrong with an item, in one sentence.
func df089Message(it df089Item) string {
	var msg string
	switch {
	case it.hostPart:
		what := "the host port " + it.hostPort
		switch {
		case it.ip != "" && it.hostPort != "":
			what = "the host address " + it.ip + " and host port " + it.hostPort
		case it.ip != "":
			what = "the host address " + it.ip
		}
		msg = "EXPOSE " + it.raw + " names " + what + ", which EXPOSE cannot bind: the image only records " + it.recorded() +
			" and the port is reachable only where `docker run -p`, Compose or Kubernetes publishes it (BuildKit ExposeInvalidFormat, an error in a future release)"
		if it.badProto {
			msg += ", and its protocol should be lowercase (ExposeProtoCasing)"
		}
	default:
		msg = "EXPOSE " + it.raw + " writes the protocol " + it.proto + " in upper case; BuildKit records " + it.recorded() + " (BuildKit ExposeProtoCasing)"
	}
	if it.failure != "" {
		msg += "; BuildKit then stops the build: " + it.failure
	}
	return msg
}

// df089Fix rewrites a one-line EXPOSE of literal items, replacing each
// flagged item by what BuildKit records for it (the container port, the
// protocol in lowercase); the image's exposed ports do not change.
func df089Fix(f *dockerfile.File, in *dockerfile.Instruction, words []string, flagged []df089Item) *finding.Fix {
	indent, kw, rest, ok := df086OneLine(f, in)
	if !ok {
		return nil
	}
	fields := strings.Fields(rest)
	if len(fields) != len(words) {
		return nil
	}
	desc := "Write the protocol in lowercase"
	repl := map[string]string{}
	for _, it := range flagged {
		if it.hostPart {
			desc = "Expose only the container port"
		}
		if !it.containerPortParsable {
			return nil
		}
		repl[it.raw] = it.canonical
	}
	for i, w := range fields {
		if w != words[i] {
			return nil
		}
		if c, ok := repl[w]; ok {
			fields[i] = c
		}
	}
	text := indent + kw + " " + strings.Join(fields, " ")
	return &finding.Fix{Description: desc, Edits: []finding.Edit{hygWholeLineEdit(f, in.Range.StartLine, text)}}
}
