package image

import (
	"fmt"
	"strings"
	"time"
)

// Status is the end-of-life standing of an image reference on a given day.
type Status string

// The statuses, from best to worst. StatusUnknown means the data cannot
// tell (no data for the image, an unresolved variable, a digest only).
const (
	StatusSupported       Status = "supported"
	StatusEOLSoon         Status = "eol-soon"
	StatusUnknown         Status = "unknown"
	StatusEOL             Status = "eol"
	StatusDeprecatedImage Status = "deprecated-image"
)

// MatchKind says what a Match is to the image.
type MatchKind string

// The match kinds.
const (
	KindImage      MatchKind = "image"      // the image's own product (python, nginx)
	KindOS         MatchKind = "os"         // the base OS (debian 12), or the image itself for OS images
	KindRuntime    MatchKind = "runtime"    // a runtime named by the tag (php8.1, otp-26, jdk17)
	KindDeprecated MatchKind = "deprecated" // the image as a whole is deprecated
)

// DeprecatedProduct is the Product of a KindDeprecated match.
const DeprecatedProduct = "deprecated-image"

// Match is one product release line a reference maps to.
type Match struct {
	Kind         MatchKind
	Product      string    // endoflife product, "python", "debian"; DeprecatedProduct for deprecated images
	ProductTitle string    // "Python", "Debian"
	Cycle        string    // "3.12"; for a deprecated image, the image name; "" when unknown
	Known        bool      // Cycle exists in the data (always true for deprecated images)
	Status       Status    // this line's own status
	EOLDate      time.Time // zero when not announced or unknown
}

// String renders the match as in cases.tsv: "python:3.12", "python:3.15?"
// (identified, not in the data), "debian:?" (cycle unknown),
// "deprecated-image:openjdk".
func (m Match) String() string {
	switch {
	case m.Kind == KindDeprecated || m.Known:
		return m.Product + ":" + m.Cycle
	case m.Cycle != "":
		return m.Product + ":" + m.Cycle + "?"
	default:
		return m.Product + ":?"
	}
}

// Verdict is the end-of-life answer for one reference.
type Verdict struct {
	Status       Status
	Matches      []Match   // every product:cycle the reference maps to, each with its own status
	Product      string    // of the worst match
	Cycle        string    // of the worst match
	ProductTitle string    // of the worst match
	EOLDate      time.Time // of the worst match; zero when unknown
	Reason       string    // one sentence: "python 3.8 reached end of life on 2024-10-07"
	Replacement  string    // for deprecated images: what their maintainers point to
	Notice       string    // image-level facts that do not change the status (frozen image, retired tag)
	Retired      bool      // the tag was removed from the official image and is no longer rebuilt
}

// Lifecycle tells whether the release lines ref names are past end of life
// on today, or within soonDays of it (StatusEOLSoon). A reference is
// deprecated-image when the image itself is deprecated, eol when any of its
// components is, unknown when the image's own product (for OS images, the OS)
// cannot be mapped, else eol-soon or supported. The rules and data are those
// of shared/eol/README.md, embedded in eoldata/.
func Lifecycle(ref Ref, today time.Time, soonDays int) Verdict {
	k, err := data()
	if err != nil {
		return Verdict{Status: StatusUnknown, Reason: "end-of-life data unavailable: " + err.Error()}
	}
	switch {
	case ref.Scratch:
		return Verdict{Status: StatusUnknown, Reason: "scratch is an empty base: it has no release line"}
	case ref.Repository == "" || strings.Contains(ref.Registry+ref.Repository, "$"):
		return Verdict{Status: StatusUnknown, Reason: "the image name is an unresolved variable"}
	}
	s, ok := k.subjectFor(ref)
	if !ok {
		return Verdict{Status: StatusUnknown, Reason: fmt.Sprintf("no end-of-life data for %s", ref.FamiliarName())}
	}
	a := k.analyse(&s, ref)
	return k.verdict(a, ref, today, soonDays)
}

// analysis is the outcome of reading a reference, before dates are applied.
type analysis struct {
	items       []item
	required    int // index in items of the component that decides "unknown"; -1 when missing
	why         string
	replacement string
	notice      string
	retired     bool
}

func (k *knowledge) analyse(s *subject, ref Ref) analysis {
	a := analysis{required: -1}
	tag := ref.TagOrLatest()
	if s.library != "" {
		a.deprecation(k, s, tag)
	}
	if ref.Tag == "" && ref.Digest != "" {
		a.why = "a digest-only reference does not say which release it is"
		return a
	}
	if strings.HasPrefix(s.style, "lambda:") {
		k.lambdaItems(&a, strings.TrimPrefix(s.style, "lambda:"), tag)
		return a
	}

	info := k.parseTag(s, tag)
	prod := s.product
	if info.product != "" {
		prod = info.product
	}
	if info.variable && info.versionTok == "" {
		a.why = "the tag is an unresolved variable"
	}
	var hist *histEntry
	if s.library != "" && !info.variable && !(info.prerelease && info.version == "" && info.cycle == "") {
		hist = k.lookupHistory(s.library, tag, &info)
	}
	if hist != nil && hist.retired {
		a.retired = true
		a.addNotice(fmt.Sprintf("tag %s is no longer in the official image's library file, so it is not rebuilt (last written %s)", tag, hist.lastSeen))
	}

	version, cyc := info.version, info.cycle
	p := k.products[prod]
	floating := cyc == "" && (version == "" || p != nil && p.floats(version))

	// The fixed components named by the repository path come first.
	for _, it := range s.fixed {
		if it.kind == KindImage || s.osOnly && it.kind == KindOS && a.required < 0 {
			a.required = len(a.items)
		}
		a.items = append(a.items, it)
	}

	osHits := info.os
	switch {
	case s.osSelf:
		// The version is the OS: from the tag, or the tag history for floating tags.
		own := -1
		for i, h := range osHits {
			if h.product == prod {
				own = i
				break
			}
		}
		if own >= 0 {
			cyc = osHits[own].cycle
			floating = osHits[own].floating
		}
		if floating && hist != nil {
			if hp, hc := splitOS(hist.os); hp == prod && hc != "" {
				cyc, version = hc, ""
			} else if c := k.parseTag(s, hist.canonical); c.cycle != "" || c.version != "" {
				cyc, version = c.cycle, c.version
			}
		}
		if info.prerelease && cyc == "" {
			version = ""
		}
		a.required = len(a.items)
		a.items = append(a.items, item{product: prod, version: version, cycle: cyc, kind: KindOS})
		osHits = nil
	case prod != "":
		if hist != nil {
			c := k.parseTag(s, hist.canonical)
			if floating {
				if c.cycle != "" {
					cyc, version = c.cycle, ""
				} else if c.version != "" {
					version = c.version
				}
				if c.product != "" && info.product == "" {
					prod = c.product
				}
			}
			if len(info.embedded) == 0 && len(info.deprecated) == 0 {
				info.embedded, info.deprecated = c.embedded, c.deprecated
			}
		}
		if info.variable && info.versionTok == "" {
			version, cyc = "", ""
		}
		if len(s.fixed) == 0 || a.required < 0 {
			a.required = len(a.items)
			a.items = append(a.items, item{product: prod, version: version, cycle: cyc, kind: KindImage})
		}
	}
	for _, name := range info.deprecated {
		a.items = append(a.items, item{product: DeprecatedProduct, cycle: name, kind: KindDeprecated})
		if d, ok := k.deprecated[name]; ok && a.replacement == "" {
			a.replacement = d.Replacement
		}
	}
	a.items = append(a.items, info.embedded...)

	// The OS, unless the repository path named it already.
	if !hasKind(s.fixed, KindOS) && !s.osSelf {
		before := len(a.items)
		a.items = append(a.items, k.osItems(s, osHits, hist, tag, info)...)
		if s.osOnly && len(a.items) > before {
			a.required = before
		}
	}
	return a
}

// osItems decides the OS components of a non-OS image: an OS version named by
// the tag wins; else the tag history's; an unversioned OS token the history
// cannot resolve stays as "product:?"; with no OS token at all, the subject's
// default (cycle unknown) or nothing.
func (k *knowledge) osItems(s *subject, hits []osHit, hist *histEntry, tag string, info tagInfo) []item {
	var out []item
	versioned := false
	for _, h := range hits {
		if h.cycle != "" {
			versioned = true
		}
	}
	unresolved := func() {
		for _, h := range hits {
			if h.product != "" {
				out = append(out, item{product: h.product, cycle: h.cycle, kind: KindOS})
			}
		}
	}
	switch {
	case versioned:
		unresolved()
	case hist != nil && hist.os != "":
		if hp, hc := splitOS(hist.os); hc != "" {
			out = append(out, item{product: hp, cycle: hc, kind: KindOS})
		} else {
			unresolved()
		}
	case len(hits) > 0:
		unresolved()
	case s.osDefault != "":
		out = append(out, item{product: s.osDefault, kind: KindOS})
	case s.library == "openjdk":
		if it, ok := openjdkFrozenOS(info, tag); ok {
			out = append(out, it)
		}
	}
	return out
}

// openjdkFrozenOS gives the OS of the deprecated openjdk image's frozen GA
// tags, which tag-history.json leaves out (its retired table is empty for
// images deprecated as a whole). When the image stopped GA updates in July
// 2022, its 8 and 11 tags and every -slim tag were built on Debian 11
// (bullseye), and the 12+ default tags on Oracle Linux 8 (official-images
// library/openjdk history; cases.tsv openjdk:8, openjdk:17-jdk-slim).
func openjdkFrozenOS(info tagInfo, tag string) (item, bool) {
	if info.prerelease || info.version == "" {
		return item{}, false
	}
	slim := false
	for _, t := range splitTag(tag) {
		if t == "slim" {
			slim = true
		}
	}
	switch {
	case slim || info.version == "8" || info.version == "11":
		return item{product: "debian", cycle: "11", kind: KindOS}, true
	default:
		return item{product: "oracle-linux", cycle: "8", kind: KindOS}, true
	}
}

// splitOS splits a tag-history os field, "debian:13" or "alpine-linux".
// Windows 1809 builds are Windows Server 2019 (see windowsCycle).
func splitOS(os string) (string, string) {
	p, c, _ := strings.Cut(os, ":")
	if strings.HasPrefix(p, "windows-") && c == "1809" {
		c = "2019"
	}
	return p, c
}

func hasKind(items []item, kind MatchKind) bool {
	for _, it := range items {
		if it.kind == kind {
			return true
		}
	}
	return false
}

// lookupHistory finds tag in the tag history of a library image; failing
// that, and when the tag carries only plain variants besides its version and
// OS, the tag without them (retired variants such as 24-dind are dropped from
// the data when their bare tag resolved to the same OS).
func (k *knowledge) lookupHistory(library, tag string, info *tagInfo) *histEntry {
	h := k.historyOf(library)
	if h == nil {
		return nil
	}
	if e, ok := h[tag]; ok {
		return &e
	}
	if !info.plain {
		return nil
	}
	parts := make([]string, 0, 1+len(info.osText))
	if info.versionTok != "" {
		parts = append(parts, info.versionTok)
	}
	parts = append(parts, info.osText...)
	key := strings.Join(parts, "-")
	if key == "" {
		key = "latest"
	}
	if key == tag {
		return nil
	}
	if e, ok := h[key]; ok {
		return &e
	}
	return nil
}

// deprecation records image-level deprecation for a library image.
func (a *analysis) deprecation(k *knowledge, s *subject, tag string) {
	name := s.library
	d, listed := k.deprecated[name]
	whole := false
	if s.spec != nil {
		whole = s.spec.Deprecated == true
	} else {
		whole = listed
	}
	switch {
	case whole && !s.osSelf:
		a.items = append(a.items, item{product: DeprecatedProduct, cycle: name, kind: KindDeprecated})
		a.replacement = d.Replacement
	case listed:
		// OS images (centos) are judged by their cycles; others (rockylinux,
		// liquibase) are only partly deprecated.
		a.replacement = d.Replacement
		a.addNotice(fmt.Sprintf("the %s image is deprecated: %s", name, strings.TrimSuffix(d.Summary, ".")))
	}
	// Tag-level notices, "amazonlinux:1/2018.03".
	for key, d := range k.deprecated {
		img, tags, ok := strings.Cut(key, ":")
		if !ok || img != name {
			continue
		}
		for _, t := range strings.Split(tags, "/") {
			if tag == t || strings.HasPrefix(tag, t+".") || strings.HasPrefix(tag, t+"-") {
				a.replacement = d.Replacement
				a.addNotice(fmt.Sprintf("%s:%s is deprecated: %s", name, t, strings.TrimSuffix(d.Summary, ".")))
				break
			}
		}
	}
}

func (a *analysis) addNotice(s string) {
	if a.notice != "" {
		a.notice += "; "
	}
	a.notice += s
}

// lambdaRuntimeProducts maps AWS Lambda base image runtimes to the language
// product inside. The Java runtimes are built on Amazon Corretto (AWS Lambda
// documentation, "Building Lambda functions with Java").
var lambdaRuntimeProducts = map[string]string{
	"python": "python", "nodejs": "nodejs", "ruby": "ruby", "dotnet": "dotnet", "java": "amazon-corretto",
}

// lambdaItems maps public.ecr.aws/lambda/<runtime>:<tag> to an aws-lambda
// cycle (python3.12, nodejs20.x, java8.al2, provided.al2023) and the language.
func (k *knowledge) lambdaItems(a *analysis, runtime, tag string) {
	first, _, _ := strings.Cut(tag, "-")
	version := leadingNumber.FindString(first)
	var candidates []string
	if runtime == "provided" {
		candidates = []string{"provided." + first, "provided"}
	} else {
		major, _, _ := strings.Cut(version, ".")
		candidates = []string{runtime + first, runtime + version, runtime + version + ".x", runtime + major + ".x", runtime + major}
	}
	lambda := item{product: "aws-lambda", kind: KindImage}
	if p := k.products["aws-lambda"]; p != nil && version+first != "" {
		for _, c := range candidates {
			if _, ok := p.index[c]; ok {
				lambda.cycle = c
				break
			}
		}
	}
	a.required = len(a.items)
	a.items = append(a.items, lambda)
	switch {
	case runtime == "provided" && strings.HasPrefix(first, "al2023"):
		a.items = append(a.items, item{product: "amazon-linux", cycle: "2023", kind: KindOS})
	case runtime == "provided" && strings.HasPrefix(first, "al2"):
		a.items = append(a.items, item{product: "amazon-linux", cycle: "2", kind: KindOS})
	case lambdaRuntimeProducts[runtime] != "" && version != "":
		a.items = append(a.items, item{product: lambdaRuntimeProducts[runtime], version: version, kind: KindRuntime})
	}
}

// verdict applies the date to the components and words the answer.
func (k *knowledge) verdict(a analysis, ref Ref, today time.Time, soonDays int) Verdict {
	v := Verdict{Replacement: a.replacement, Notice: a.notice, Retired: a.retired}
	day := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)
	soon := day.AddDate(0, 0, soonDays)
	seen := make(map[string]bool, len(a.items))
	required := -1
	for i, it := range a.items {
		m := k.resolve(it, day, soon)
		key := m.String()
		if seen[key] {
			continue
		}
		seen[key] = true
		if i == a.required {
			required = len(v.Matches)
		}
		v.Matches = append(v.Matches, m)
	}

	worst := -1
	pick := func(status Status) bool {
		for i, m := range v.Matches {
			if m.Status == status && (worst < 0 || v.Matches[worst].Status != status || earlier(m.EOLDate, v.Matches[worst].EOLDate)) {
				worst = i
			}
		}
		return worst >= 0
	}
	switch {
	case pick(StatusDeprecatedImage):
		v.Status = StatusDeprecatedImage
	case pick(StatusEOL):
		v.Status = StatusEOL
	case required < 0 || !v.Matches[required].Known:
		v.Status = StatusUnknown
		worst = required
	case pick(StatusEOLSoon):
		v.Status = StatusEOLSoon
	default:
		// Everything is supported: report the image's own line.
		v.Status = StatusSupported
		worst = required
	}
	if worst >= 0 {
		w := v.Matches[worst]
		v.Product, v.Cycle, v.ProductTitle, v.EOLDate = w.Product, w.Cycle, w.ProductTitle, w.EOLDate
	}
	v.Reason = reason(v, worst, a.why, ref, day)
	return v
}

// earlier orders end-of-life dates, unknown (zero) dates first: a cycle that
// ended on an unrecorded date ended long ago.
func earlier(a, b time.Time) bool { return a.Before(b) }

// resolve looks one component up and dates it.
func (k *knowledge) resolve(it item, day, soon time.Time) Match {
	m := Match{Kind: it.kind, Product: it.product}
	if it.kind == KindDeprecated {
		m.ProductTitle, m.Cycle, m.Known, m.Status = "deprecated image", it.cycle, true, StatusDeprecatedImage
		return m
	}
	p := k.products[it.product]
	if p == nil {
		m.Status = StatusUnknown
		return m
	}
	m.ProductTitle = p.title
	switch {
	case it.cycle != "":
		if _, ok := p.index[it.cycle]; ok {
			m.Cycle, m.Known = it.cycle, true
		} else if it.cycle[0] >= '0' && it.cycle[0] <= '9' {
			m.Cycle = it.cycle // identified, not in the data: ubuntu 26.10
		}
	case it.version != "":
		c, known, display := p.match(it.version)
		if known {
			m.Cycle, m.Known = c, true
		} else {
			m.Cycle = display
		}
	}
	if !m.Known {
		m.Status = StatusUnknown
		return m
	}
	c := p.cycles[p.index[m.Cycle]]
	switch {
	case c.dateSet:
		m.EOLDate = c.eol
		switch {
		case !c.eol.After(day):
			m.Status = StatusEOL
		case !c.eol.After(soon):
			m.Status = StatusEOLSoon
		default:
			m.Status = StatusSupported
		}
	case c.ended:
		m.Status = StatusEOL
	default:
		m.Status = StatusSupported
	}
	return m
}

func reason(v Verdict, worst int, why string, ref Ref, day time.Time) string {
	if worst < 0 {
		if why != "" {
			return why
		}
		if len(v.Matches) == 0 {
			return fmt.Sprintf("no end-of-life data maps %s to a release", ref.Familiar())
		}
		return fmt.Sprintf("cannot tell which release %s is", ref.Familiar())
	}
	m := v.Matches[worst]
	date := m.EOLDate.Format(time.DateOnly)
	switch v.Status {
	case StatusDeprecatedImage:
		s := fmt.Sprintf("the %s image is deprecated and no longer updated", m.Cycle)
		if v.Replacement != "" {
			s += "; use " + v.Replacement
		}
		return s
	case StatusEOL:
		if m.EOLDate.IsZero() {
			return fmt.Sprintf("%s %s has reached end of life", m.Product, m.Cycle)
		}
		return fmt.Sprintf("%s %s reached end of life on %s", m.Product, m.Cycle, date)
	case StatusEOLSoon:
		days := int(m.EOLDate.Sub(day).Hours() / 24)
		return fmt.Sprintf("%s %s reaches end of life on %s (in %d days)", m.Product, m.Cycle, date, days)
	case StatusUnknown:
		if why != "" {
			return why
		}
		if m.Cycle != "" {
			return fmt.Sprintf("%s %s is not in the end-of-life data", m.Product, m.Cycle)
		}
		return fmt.Sprintf("cannot tell which %s release %s is", m.Product, ref.Familiar())
	}
	if m.EOLDate.IsZero() {
		return fmt.Sprintf("%s %s is supported (no end-of-life date announced)", m.Product, m.Cycle)
	}
	return fmt.Sprintf("%s %s is supported until %s", m.Product, m.Cycle, date)
}
