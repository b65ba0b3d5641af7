package image

import (
	"regexp"
	"strings"
)

// tagInfo is what a tag says, read with the grammar of shared/eol/README.md:
// a version first (when present), then variants and OS tokens in any order.
type tagInfo struct {
	version    string   // numeric version ("3.12.1", "8"), "" when none
	cycle      string   // exact cycle from a codename or alias table ("humble", "2018.03")
	product    string   // product chosen by the tag (ros vs ros-2, sonarqube edition)
	versionTok string   // the version token as written
	os         []osHit  // OS tokens, in order
	osText     []string // the OS tokens as written, for history fallbacks
	embedded   []item   // runtimes named by the tag (php8.1, otp-26, jdk17)
	deprecated []string // deprecated images named by the tag (maven …-openjdk-11)
	prerelease bool     // rc, beta, tip, edge, sid, …
	variable   bool     // the tag still holds $VAR
	plain      bool     // besides version and OS only plain variants: history may drop them
}

// osHit is one OS named by a tag. cycle is "" for floating tokens ("alpine")
// and pre-release suites ("sid"); product is "" for OSes without data (azurelinux).
type osHit struct {
	product, cycle string
	floating       bool
}

var (
	leadingNumber = regexp.MustCompile(`^\d+(?:\.\d+)*`)
	leadingInt    = regexp.MustCompile(`^\d+`)
	dateStamp     = regexp.MustCompile(`^\d{8}(?:\.\d+)?$`)
	preSuffix     = regexp.MustCompile(`^(?:rc|beta|alpha|a|b|ea|dev)\d*$`)
	alpineVersion = regexp.MustCompile(`^alpine(\d+\.\d+)$`)
	minor3        = regexp.MustCompile(`^3\.\d+$`)
	debianN       = regexp.MustCompile(`^debian(\d+)$`)
	number        = regexp.MustCompile(`^\d+$`)
	ubuntuYYMM    = regexp.MustCompile(`^(?:ubuntu)?(\d\d\.\d\d)$`)
	ubiN          = regexp.MustCompile(`^ubi(\d+)$`)
	oracleN       = regexp.MustCompile(`^oraclelinux(\d+)$`)
	centosN       = regexp.MustCompile(`^centos(\d+)$`)
	streamN       = regexp.MustCompile(`^stream(\d+)$`)
	rhelLikeN     = regexp.MustCompile(`^(almalinux|rockylinux|fedora)(\d+)$`)
	windowsOld    = regexp.MustCompile(`^(windowsservercore|nanoserver)(1709|1803)$`)
	noDataOS      = regexp.MustCompile(`^(?:cbl|mariner[0-9.]*|azurelinux[0-9.]*|distroless)$`)
)

// preReleaseTokens mark development builds; they have no cycle (README, Versions).
var preReleaseTokens = map[string]bool{
	"rc": true, "beta": true, "alpha": true, "ea": true, "tip": true, "edge": true,
	"rawhide": true, "cauldron": true, "kitten": true, "nightly": true, "preview": true,
}

var rhelLikeProducts = map[string]string{"almalinux": "almalinux", "rockylinux": "rocky-linux", "fedora": "fedora"}

// jdkDefaultVendor is the JDK a "jdk17"/"jre17" token means when the tag names
// no vendor, from image-map.json jdk_default_vendor. tomcat is left out: its
// older jreN tags were built on the deprecated openjdk image (and corretto),
// so a bare jdkN there does not say which JDK it is.
var jdkDefaultVendor = map[string]string{
	"gradle": "eclipse-temurin", "groovy": "eclipse-temurin", "jruby": "eclipse-temurin",
	"jetty": "eclipse-temurin", "flink": "eclipse-temurin", "spark": "eclipse-temurin",
}

// splitTag splits on '-' outside ${...}.
func splitTag(tag string) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(tag); i++ {
		switch tag[i] {
		case '{':
			depth++
		case '}':
			if depth > 0 {
				depth--
			}
		case '-':
			if depth == 0 {
				if i > start {
					out = append(out, tag[start:i])
				}
				start = i + 1
			}
		}
	}
	if start < len(tag) {
		out = append(out, tag[start:])
	}
	return out
}

// parseTag reads tag for subject s.
func (k *knowledge) parseTag(s *subject, tag string) tagInfo {
	info := tagInfo{plain: true, variable: strings.Contains(tag, "$")}
	t := tag
	if s.spec != nil {
		for _, p := range s.spec.StripPrefix {
			if rest, ok := strings.CutPrefix(t, p); ok {
				t = rest
				break
			}
		}
		t = k.cutEmbedded(s, t, &info)
	}
	toks := splitTag(t)
	for i := 0; i < len(toks); {
		tok := toks[i]
		if strings.Contains(tok, "$") {
			i++
			continue
		}
		if i == 0 && k.readVersion(s, tok, &info) {
			i++
			continue
		}
		if hit, n := k.osTokenAt(s, toks, i); n > 0 {
			info.os = append(info.os, hit) // an empty hit (azurelinux) still says the tag names its OS
			info.osText = append(info.osText, strings.Join(toks[i:i+n], "-"))
			if hit.product == "debian" && hit.cycle == "" && !hit.floating {
				info.prerelease = true
			}
			i += n
			continue
		}
		if preReleaseTokens[tok] {
			info.prerelease = true
		}
		i++
	}
	if info.product == "" && s.product == "sonarqube-community|sonarqube-server" {
		info.product = "sonarqube-community"
		for _, tok := range toks {
			if tok == "developer" || tok == "enterprise" || tok == "datacenter" {
				info.product = "sonarqube-server"
			}
		}
	}
	return info
}

// cutEmbedded applies the image's embedded-runtime rules and removes what
// they matched (and the JDK vendor token) from the tag.
func (k *knowledge) cutEmbedded(s *subject, t string, info *tagInfo) string {
	for _, rule := range s.spec.embedded {
		for guard := 0; guard < 8; guard++ {
			m := rule.re.FindStringSubmatchIndex(t)
			if len(m) < 4 || m[2] < 0 {
				break
			}
			info.plain = false
			g1 := t[m[2]:m[3]]
			switch {
			case rule.vendor && len(m) >= 6 && m[4] >= 0:
				k.addJDK(info, k.jdkVendors[g1], t[m[4]:m[5]])
			case rule.jdk:
				var vendor string
				t, vendor = k.cutVendor(t[:m[0]] + "-" + t[m[1]:])
				if vendor == "" {
					vendor = jdkDefaultVendor[s.library]
				}
				k.addJDK(info, vendor, g1)
				continue
			case rule.product == "!openjdk":
				info.deprecated = append(info.deprecated, "openjdk")
			case rule.product != "":
				info.embedded = append(info.embedded, item{product: rule.product, version: g1, kind: KindRuntime})
			}
			t = t[:m[0]] + "-" + t[m[1]:]
		}
	}
	return t
}

// cutVendor finds a JDK vendor token sequence ("temurin", "eclipse-temurin")
// in t, returns t without it and the vendor's product.
func (k *knowledge) cutVendor(t string) (string, string) {
	padded := "-" + t + "-"
	for _, key := range k.vendorKeys {
		if i := strings.Index(padded, "-"+key+"-"); i >= 0 {
			rest := padded[:i] + "-" + padded[i+len(key)+2:]
			return strings.Trim(rest, "-"), k.jdkVendors[key]
		}
	}
	return t, ""
}

// addJDK records a JDK named by the tag: a product, the deprecated openjdk
// image ("!openjdk"), or nothing for vendors without data.
func (k *knowledge) addJDK(info *tagInfo, vendor, major string) {
	switch {
	case strings.HasPrefix(vendor, "!"):
		info.deprecated = append(info.deprecated, vendor[1:])
	case vendor != "":
		info.embedded = append(info.embedded, item{product: vendor, version: major, kind: KindRuntime})
	}
}

// readVersion reads the first token as the version, codename or alias of
// the subject. It reports whether the token was consumed.
func (k *knowledge) readVersion(s *subject, tok string, info *tagInfo) bool {
	if s.spec != nil {
		if c, ok := s.spec.Aliases[tok]; ok {
			info.cycle, info.versionTok = c, tok
			return true
		}
	}
	switch s.style {
	case "codename": // ros: the first token is the ROS distro, never Ubuntu
		for _, prod := range []string{"ros", "ros-2"} {
			if c, ok := k.codenames[prod][tok]; ok {
				info.product, info.cycle, info.versionTok = prod, c, tok
				return true
			}
		}
		return false
	case "windows":
		if c := windowsCycle(k, tok); c != "" {
			info.cycle, info.versionTok = c, tok
			return true
		}
		return false
	case "mssql":
		if c, ok := k.codenames["mssql_year_to_cycle"][tok]; ok {
			info.cycle, info.versionTok = c, tok
			return true
		}
	case "none":
		return false
	}
	if s.spec != nil && s.spec.CodenameTable != "" {
		table := k.codenames[strings.TrimPrefix(s.spec.CodenameTable, "codenames.")]
		if v, ok := table[tok]; ok {
			info.version, info.versionTok = v, tok
			return true
		}
	}
	if s.style == "os-self" {
		if hit, n := k.osTokenAt(s, []string{tok}, 0); n > 0 && hit.product == s.product {
			return false // ubuntu:jammy, centos:centos7: an OS token of the image itself
		}
		for _, distro := range []string{"debian", "ubuntu"} {
			if s.product == distro {
				if c, ok := k.codenames[distro][tok]; ok {
					info.cycle, info.versionTok = c, tok
					return true
				}
			}
		}
	}
	v := tok
	if s.style == "leading-v" {
		v = strings.TrimPrefix(v, "v")
	}
	if dateStamp.MatchString(v) {
		return false
	}
	var num string
	if s.style == "java" {
		num = leadingInt.FindString(v)
	} else {
		num = leadingNumber.FindString(v)
	}
	if num == "" {
		return false
	}
	if s.style != "java" && preSuffix.MatchString(v[len(num):]) {
		info.prerelease = true
	}
	info.version, info.versionTok = num, tok
	return true
}

// osTokenAt recognises an OS token starting at toks[i] (image-map.json
// os_tokens) and returns it with the number of tokens it spans (0: none).
func (k *knowledge) osTokenAt(s *subject, toks []string, i int) (osHit, int) {
	t := toks[i]
	next := ""
	if i+1 < len(toks) {
		next = toks[i+1]
	}
	debianLike := s.library == "debian" || s.library == "buildpack-deps"
	switch {
	case t == "alpine":
		if minor3.MatchString(next) {
			return osHit{product: "alpine-linux", cycle: next}, 2
		}
		return osHit{product: "alpine-linux", floating: true}, 1
	case alpineVersion.MatchString(t):
		return osHit{product: "alpine-linux", cycle: alpineVersion.FindStringSubmatch(t)[1]}, 1
	case k.codenames["debian"][t] != "":
		return osHit{product: "debian", cycle: k.codenames["debian"][t]}, 1
	case t == "forky":
		return osHit{product: "debian", floating: true}, 1
	case debianLike && (t == "sid" || t == "unstable" || t == "testing" || t == "experimental"):
		return osHit{product: "debian"}, 1
	case debianLike && (t == "stable" || t == "oldstable" || t == "oldoldstable"):
		return osHit{product: "debian", floating: true}, 1
	case debianN.MatchString(t):
		return osHit{product: "debian", cycle: debianN.FindStringSubmatch(t)[1]}, 1
	case t == "debian":
		if number.MatchString(next) {
			return osHit{product: "debian", cycle: next}, 2
		}
		return osHit{product: "debian", floating: true}, 1
	case k.ubuntuCodename(t) != "" && !(s.style == "codename" && i == 0):
		return osHit{product: "ubuntu", cycle: k.ubuntuCodename(t)}, 1
	case t == "ubuntu":
		if m := ubuntuYYMM.FindStringSubmatch(next); m != nil {
			return osHit{product: "ubuntu", cycle: m[1]}, 2
		}
		if c := k.ubuntuCodename(next); c != "" {
			return osHit{product: "ubuntu", cycle: c}, 2
		}
		return osHit{product: "ubuntu", floating: true}, 1
	case strings.HasPrefix(t, "ubuntu") && ubuntuYYMM.MatchString(t):
		return osHit{product: "ubuntu", cycle: ubuntuYYMM.FindStringSubmatch(t)[1]}, 1
	case ubiN.MatchString(t):
		return osHit{product: "rhel", cycle: ubiN.FindStringSubmatch(t)[1]}, 1
	case t == "rhel" && ubiN.MatchString(next):
		return osHit{product: "rhel", cycle: ubiN.FindStringSubmatch(next)[1]}, 2
	case t == "ubi":
		return osHit{product: "rhel", floating: true}, 1
	case oracleN.MatchString(t):
		return osHit{product: "oracle-linux", cycle: oracleN.FindStringSubmatch(t)[1]}, 1
	case t == "oracle":
		return osHit{product: "oracle-linux", floating: true}, 1
	case t == "al2023" || t == "amazonlinux2023":
		return osHit{product: "amazon-linux", cycle: "2023"}, 1
	case t == "al2" || t == "amazonlinux2":
		return osHit{product: "amazon-linux", cycle: "2"}, 1
	case centosN.MatchString(t):
		return osHit{product: "centos", cycle: centosN.FindStringSubmatch(t)[1]}, 1
	case t == "centos":
		return osHit{product: "centos", floating: true}, 1
	case streamN.MatchString(t):
		return osHit{product: "centos-stream", cycle: streamN.FindStringSubmatch(t)[1]}, 1
	case rhelLikeN.MatchString(t):
		m := rhelLikeN.FindStringSubmatch(t)
		return osHit{product: rhelLikeProducts[m[1]], cycle: m[2]}, 1
	case t == "windowsservercore" || t == "nanoserver":
		prod := "windows-server-core"
		if t == "nanoserver" {
			prod = "windows-nano-server"
		}
		if c := windowsCycle(k, next); c != "" {
			return osHit{product: prod, cycle: c}, 2
		}
		return osHit{product: prod, floating: true}, 1
	case windowsOld.MatchString(t):
		m := windowsOld.FindStringSubmatch(t)
		prod := "windows-server-core"
		if m[1] == "nanoserver" {
			prod = "windows-nano-server"
		}
		return osHit{product: prod, cycle: m[2]}, 1
	case noDataOS.MatchString(t):
		if t == "cbl" && strings.HasPrefix(next, "mariner") {
			return osHit{}, 2
		}
		return osHit{}, 1
	}
	return osHit{}, 0
}

func (k *knowledge) ubuntuCodename(t string) string {
	if c := k.codenames["ubuntu"][t]; c != "" {
		return c
	}
	return k.codenames["ubuntu_extra"][t]
}

// windowsCycle maps a Windows version token to its endoflife cycle:
// ltscYYYY → YYYY, sac2016 → 1607, a SAC version in lower case, or a build
// number 10.0.NNNNN… through codenames.windows_build_to_cycle. 1809 is the
// build of Windows Server 2019 (10.0.17763): docker-library and dotnet-docker
// used it for their Server 2019 images until 2025, so it maps to 2019 (the
// data set's choice, cases.tsv nanoserver:1809), not to SAC 1809.
func windowsCycle(k *knowledge, tok string) string {
	t := strings.ToLower(tok)
	switch {
	case strings.HasPrefix(t, "ltsc") && len(t) == 8 && number.MatchString(t[4:]):
		return t[4:]
	case t == "sac2016":
		return "1607"
	case t == "1809":
		return "2019"
	case t == "1709" || t == "1803" || t == "1903" || t == "1909" || t == "2004" || t == "20h2":
		return t
	case strings.HasPrefix(t, "10.0."):
		parts := strings.SplitN(t, ".", 4)
		if len(parts) >= 3 {
			if c, ok := k.codenames["windows_build_to_cycle"][strings.Join(parts[:3], ".")]; ok {
				c, _, _ = strings.Cut(c, " ") // "2019 (or SAC 1809)"
				return c
			}
		}
	}
	return ""
}
