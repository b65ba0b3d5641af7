package compose

import (
	"io/fs"
	"net"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/compose-spec/compose-go/v2/types"

	cmodel "github.com/stevedore-dev/stevedore/internal/compose"
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
	"github.com/stevedore-dev/stevedore/internal/secret"
)

// services returns the services of the pass's project (nil-safe).
func services(p *rule.Pass) []*cmodel.Service {
	if p == nil || p.Compose == nil {
		return nil
	}
	return p.Compose.Services
}

// at is a place in a project file.
type at struct {
	file string
	line int
}

// pos returns where services.<svc>.<path...> was set (or its nearest set
// ancestor, or the service key).
func pos(p *rule.Pass, svc string, path ...string) at {
	f, l := p.Compose.Pos(svc, path...)
	return at{file: f, line: l}
}

// servicePos returns the line of the service's key.
func servicePos(p *rule.Pass, svc string) at {
	f, l := p.Compose.ServicePos(svc)
	return at{file: f, line: l}
}

// isSet reports whether services.<svc>.<path...> itself (not an ancestor)
// is written in some file: Pos of the path differs from Pos of its parent.
func isSet(p *rule.Pass, svc string, path ...string) bool {
	if len(path) == 0 {
		return true
	}
	return pos(p, svc, path...) != pos(p, svc, path[:len(path)-1]...)
}

// report records a finding at a.
func report(p *rule.Pass, a at, location, evidence, msg string) {
	p.Report(finding.Finding{Path: a.file, Range: finding.Line(a.line), Location: location, Evidence: evidence, Message: msg})
}

// reportSpan records a finding over the lines from the key of the block
// that holds the cause (cap_add:, ports:, the service key) down to the
// precise line a; at a alone when the key is in another file or below a.
// Location and evidence, and so the fingerprint, do not depend on the span.
func reportSpan(p *rule.Pass, key, a at, location, evidence, msg string) {
	r := finding.Line(a.line)
	if key.file == a.file && key.line > 0 && key.line < a.line {
		r = finding.Lines(key.line, a.line)
	}
	p.Report(finding.Finding{Path: a.file, Range: r, Location: location, Evidence: evidence, Message: msg})
}

// reportFix records a finding at a with a fix.
func reportFix(p *rule.Pass, a at, location, evidence, msg string, fix *finding.Fix) {
	p.Report(finding.Finding{Path: a.file, Range: finding.Line(a.line), Location: location, Evidence: evidence, Message: msg, Fix: fix})
}

// loc builds "services.<svc>.<suffix>".
func loc(svc, suffix string) string { return "services." + svc + "." + suffix }

// normOpt normalises a security_opt item for comparison: lower case, no
// spaces or quotes.
func normOpt(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.Trim(s, `"'`)
	return strings.ReplaceAll(s, " ", "")
}

// fileLines returns a project file split into lines: the text the project
// loaded, else read from the pass's FS (a file reached through extends); nil
// when unreadable.
func fileLines(p *rule.Pass, file string) []string {
	if p.Compose != nil {
		if lines := p.Compose.Lines(file); lines != nil {
			return lines
		}
	}
	if p.FS == nil || file == "" {
		return nil
	}
	data, err := fs.ReadFile(p.FS, file)
	if err != nil {
		return nil
	}
	return strings.Split(string(data), "\n")
}

// indentOf returns the leading spaces of s.
func indentOf(s string) string { return s[:len(s)-len(strings.TrimLeft(s, " "))] }

// blockKeyLine reports whether line opens a block mapping or list value
// ("web:" or "web:   # comment"), so that lines can be inserted below it.
func blockKeyLine(line string) bool {
	s := line
	if i := strings.Index(s, " #"); i >= 0 {
		s = s[:i]
	}
	s = strings.TrimSpace(s)
	return strings.HasSuffix(s, ":") && !strings.HasPrefix(s, "-")
}

// childIndent returns the indentation of the entries below the block key at
// 1-based line keyLine: that of the first following content line when it is
// deeper, else the key's indentation plus two spaces. ok is false when the
// key line does not open a block.
func childIndent(lines []string, keyLine int) (string, bool) {
	if keyLine < 1 || keyLine > len(lines) || !blockKeyLine(lines[keyLine-1]) {
		return "", false
	}
	base := indentOf(lines[keyLine-1])
	for _, l := range lines[keyLine:] {
		t := strings.TrimSpace(l)
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		if ind := indentOf(l); len(ind) > len(base) {
			return ind, true
		}
		break
	}
	return base + "  ", true
}

// insertUnderKey returns a fix that inserts text (one line, without
// indentation or newline) as the first entry under the block key at a, or
// nil when that is not mechanical.
func insertUnderKey(p *rule.Pass, a at, description, text string) *finding.Fix {
	lines := fileLines(p, a.file)
	ind, ok := childIndent(lines, a.line)
	if !ok {
		return nil
	}
	return &finding.Fix{Description: description, Edits: []finding.Edit{
		{StartLine: a.line + 1, EndLine: a.line, NewText: ind + text + "\n"},
	}}
}

// hostPort is one published port mapping, judged.
type hostPort struct {
	index    int    // index in Config.Ports, for Pos
	hostIP   string // "" when none was given
	from, to int    // published host port range; 0 when Docker picks one
	target   uint32
	protocol string
}

// publishedPorts lists the published ports of a service. A published value
// that (wrongly) carries an IP ("127.0.0.1:8080", "127.0.0.1") counts as
// that host IP, as Docker reads it.
func publishedPorts(s *cmodel.Service) []hostPort {
	var out []hostPort
	for i, pc := range s.Config.Ports {
		hp := hostPort{index: i, hostIP: strings.Trim(pc.HostIP, "[]"), target: pc.Target, protocol: strings.ToLower(pc.Protocol)}
		if hp.protocol == "" {
			hp.protocol = "tcp"
		}
		pub := strings.TrimSpace(pc.Published)
		if net.ParseIP(strings.Trim(pub, "[]")) != nil {
			hp.hostIP, pub = strings.Trim(pub, "[]"), ""
		} else if j := strings.LastIndex(pub, ":"); j >= 0 {
			hp.hostIP, pub = strings.Trim(pub[:j], "[]"), pub[j+1:]
		}
		if pub != "" {
			lo, hi, _ := strings.Cut(pub, "-")
			hp.from, _ = strconv.Atoi(lo)
			hp.to = hp.from
			if hi != "" {
				hp.to, _ = strconv.Atoi(hi)
			}
		}
		out = append(out, hp)
	}
	return out
}

// loopback reports whether a host IP only listens on the local machine.
func loopback(ip string) bool {
	if strings.EqualFold(ip, "localhost") {
		return true
	}
	a := net.ParseIP(ip)
	return a != nil && a.IsLoopback()
}

// allInterfaces reports whether a host IP listens on every interface.
func allInterfaces(ip string) bool {
	if ip == "" {
		return true
	}
	a := net.ParseIP(ip)
	return a != nil && a.IsUnspecified()
}

// String renders a port mapping the way a reader wrote it:
// "0.0.0.0:5432:5432/tcp".
func (hp hostPort) String() string {
	var b strings.Builder
	if hp.hostIP != "" {
		if strings.Contains(hp.hostIP, ":") {
			b.WriteString("[" + hp.hostIP + "]:")
		} else {
			b.WriteString(hp.hostIP + ":")
		}
	}
	if hp.from > 0 {
		b.WriteString(strconv.Itoa(hp.from))
		if hp.to > hp.from {
			b.WriteString("-" + strconv.Itoa(hp.to))
		}
		b.WriteByte(':')
	} else if hp.hostIP != "" {
		b.WriteByte(':')
	}
	b.WriteString(strconv.FormatUint(uint64(hp.target), 10))
	b.WriteString("/" + hp.protocol)
	return b.String()
}

// portPos returns where the port mapping was written.
func portPos(p *rule.Pass, svc string, hp hostPort) at {
	return pos(p, svc, "ports", strconv.Itoa(hp.index))
}

// portLoc is the stable location of a port mapping: by target port (and
// protocol when not tcp).
func portLoc(svc string, hp hostPort) string {
	key := strconv.FormatUint(uint64(hp.target), 10)
	if hp.protocol != "tcp" {
		key += "/" + hp.protocol
	}
	return loc(svc, "ports["+key+"]")
}

// hostMount is a host path a service mounts, from a bind volume or from a
// named volume whose local driver binds a host folder.
type hostMount struct {
	source   string
	target   string
	readOnly bool
	at       at
	// propagation is the bind propagation mode, if any.
	propagation string
	// viaVolume names the top-level volume that binds the host path.
	viaVolume string
}

// hostMounts lists the host paths a service mounts.
func hostMounts(p *rule.Pass, s *cmodel.Service) []hostMount {
	var out []hostMount
	for i, v := range s.Config.Volumes {
		idx := strconv.Itoa(i)
		switch v.Type {
		case types.VolumeTypeBind:
			m := hostMount{source: v.Source, target: v.Target, readOnly: v.ReadOnly, at: pos(p, s.Name, "volumes", idx, "source")}
			if v.Bind != nil {
				m.propagation = strings.ToLower(v.Bind.Propagation)
			}
			out = append(out, m)
		case types.VolumeTypeVolume:
			if m, ok := volumeBind(p, v.Source); ok {
				m.target, m.readOnly = v.Target, v.ReadOnly
				out = append(out, m)
			}
		}
	}
	return out
}

// volumeBind reports the host folder a top-level volume binds through its
// driver options (local driver with o=bind and device=..., or the
// local-persist driver's mountpoint).
func volumeBind(p *rule.Pass, name string) (hostMount, bool) {
	if name == "" || p.Compose.Model == nil {
		return hostMount{}, false
	}
	vc, ok := p.Compose.Model.Volumes[name]
	if !ok {
		return hostMount{}, false
	}
	if dev, ok := vc.DriverOpts["device"]; ok && strings.Contains(vc.DriverOpts["o"], "bind") {
		f, l := p.Compose.TopPos("volumes", name, "driver_opts", "device")
		return hostMount{source: dev, at: at{f, l}, viaVolume: name}, true
	}
	if mp, ok := vc.DriverOpts["mountpoint"]; ok {
		f, l := p.Compose.TopPos("volumes", name, "driver_opts", "mountpoint")
		return hostMount{source: mp, at: at{f, l}, viaVolume: name}, true
	}
	return hostMount{}, false
}

// mountLoc is the stable location of a mount: by container path.
func mountLoc(svc string, m hostMount) string {
	return loc(svc, "volumes["+m.target+"]")
}

// imageServices calls fn for each service that pulls its image rather than
// building it (a service with build: and image: names what it builds).
func imageServices(p *rule.Pass, fn func(s *cmodel.Service, image string)) {
	for _, s := range services(p) {
		if s.Config.Build != nil || strings.TrimSpace(s.Config.Image) == "" {
			continue
		}
		fn(s, strings.TrimSpace(s.Config.Image))
	}
}

// shellWords joins a command or entrypoint into one line.
func shellWords(c types.ShellCommand) string { return strings.Join(c, " ") }

// credentialFileVar matches the variables of Confluent's Kafka images that
// name a file under /etc/kafka/secrets holding a keystore, key or truststore
// password (KAFKA_SSL_KEYSTORE_CREDENTIALS: broker_keystore_creds): their
// value is a file name, not the password.
var credentialFileVar = regexp.MustCompile(`(^|_)SSL_(KEYSTORE|KEY|TRUSTSTORE)_CREDENTIALS$`)

// plainFileName is a bare file name (no spaces, quotes or separators).
var plainFileName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)

// literalSecret is secret.LiteralSecret for a variable of a Compose file,
// minus the variables whose value names a credentials file.
func literalSecret(name, value string) (why string, ok bool) {
	if credentialFileVar.MatchString(strings.ToUpper(name)) && plainFileName.MatchString(strings.TrimSpace(value)) {
		return "", false
	}
	return secret.LiteralSecret(name, value)
}

// Reasons secret.LiteralSecret gives that read badly after "a value
// holding": the name alone made the value a secret, or a secret-like key
// inside the value (password="…" in a JAAS line) has a literal.
const (
	whySecretLikeName = "a secret-like name with a literal value"
	whyInnerAssign    = "literal value assigned to a secret-like name"
)

// overriddenEntry is a KEY=value entry written in a service's own
// definition that the merged model does not hold, with the location that
// tells it apart from the entry the model keeps.
type overriddenEntry struct {
	cmodel.Entry
	location string
}

// overriddenEntries lists the entries of services.<svc>.<path...>
// (environment, build args) written in the service's own definitions that
// an entry with the same key later in the list, or in a later file,
// overrides. The model drops them, but each is still a value committed to
// the repository. Entries inherited through extends are left to the
// service (or project) that writes them. The location is
// services.<svc>.<prefix><KEY>[overridden], numbered from the second
// overridden entry of a key in a file on ([overridden 2]).
func overriddenEntries(p *rule.Pass, svc, prefix string, path ...string) []overriddenEntry {
	entries := p.Compose.Entries(svc, path...)
	written := make(map[string]int, len(entries))
	for _, e := range entries {
		written[e.Key]++
	}
	var out []overriddenEntry
	seen := map[[2]string]int{}
	for _, e := range entries {
		if e.Inherited || !e.HasValue || written[e.Key] < 2 {
			continue // a key written once is the one the model holds
		}
		if pos(p, svc, slices.Concat(path, []string{e.Key})...) == (at{e.File, e.Line}) {
			continue // the entry the model holds
		}
		k := [2]string{e.File, e.Key}
		seen[k]++
		suffix := "[overridden]"
		if n := seen[k]; n > 1 {
			suffix = "[overridden " + strconv.Itoa(n) + "]"
		}
		out = append(out, overriddenEntry{Entry: e, location: loc(svc, prefix+e.Key+suffix)})
	}
	return out
}

// secretValue describes a judged secret value for a message, masked: "a
// literal value (****)" when the name alone makes it a secret, else what
// was found in it ("a value holding a password in a URL (post****)").
func secretValue(why, value string) string {
	m := " (" + secret.Mask(value) + ")"
	switch why {
	case whySecretLikeName:
		return "a literal value" + m
	case whyInnerAssign:
		return "a value that gives a secret-like key inside it a literal value" + m
	}
	return "a value holding a " + why + m
}

// leadingVar matches a written host path that starts with a variable
// reference: $NAME or ${NAME...}; group 1 or 2 is the name, group 3 what
// follows it inside the braces (":-default", "-default", ...).
var leadingVar = regexp.MustCompile(`^\$(?:([A-Za-z_][A-Za-z0-9_]*)|\{([A-Za-z_][A-Za-z0-9_]*)([^}]*)\})`)

// unknownPrefix reports whether the host path of m, as written, starts with
// a variable that has no value here (not in the folder's .env) and no
// default: "$PWD/etc/app.conf" loads as "/etc/app.conf", but at run time it
// is a folder below wherever the shell is, so the path is not judged.
func unknownPrefix(p *rule.Pass, m hostMount) bool {
	return unknownVar(p, m.at) != ""
}

// unknownVar returns the name of the variable without a value here and
// without a default that the host path written at a starts with ("PWD" for
// "$PWD/etc/app.conf"), or "".
func unknownVar(p *rule.Pass, a at) string {
	lines := fileLines(p, a.file)
	if a.line < 1 || a.line > len(lines) {
		return ""
	}
	t := strings.TrimSpace(lines[a.line-1])
	t = strings.TrimSpace(strings.TrimPrefix(t, "-"))
	for _, key := range []string{"source:", "device:", "mountpoint:"} {
		if rest, ok := strings.CutPrefix(t, key); ok {
			t = strings.TrimSpace(rest)
		}
	}
	t = strings.TrimLeft(t, `"'`)
	sub := leadingVar.FindStringSubmatch(t)
	if sub == nil {
		return ""
	}
	name, op := sub[1]+sub[2], sub[3]
	if strings.HasPrefix(op, "-") || strings.HasPrefix(op, ":-") {
		return "" // the default is what loads when the variable is unset
	}
	if p.Compose != nil && slices.Contains(p.Compose.DotEnvKeys, name) {
		return ""
	}
	return name
}
