package report

import (
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// SARIF constants that consumers match on.
const (
	SARIFVersion = "2.1.0"
	SARIFSchema  = "https://json.schemastore.org/sarif-2.1.0.json"
	// SARIFFingerprintKey names stevedore's entry in partialFingerprints.
	SARIFFingerprintKey = "stevedoreFingerprint/v1"
	// SARIFSourceRoot is the uriBaseId every artifact location is relative to.
	SARIFSourceRoot = "%SRCROOT%"
	// ProjectURL is the informationUri used when the Result's Tool has none.
	ProjectURL = "https://github.com/stevedore-dev/stevedore"
)

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool               sarifTool                        `json:"tool"`
	AutomationDetails  *sarifAutomation                 `json:"automationDetails,omitempty"`
	OriginalURIBaseIDs map[string]sarifArtifactLocation `json:"originalUriBaseIds"`
	ColumnKind         string                           `json:"columnKind"`
	Results            []sarifResult                    `json:"results"`
}

type sarifAutomation struct {
	ID string `json:"id"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name            string      `json:"name"`
	Version         string      `json:"version,omitempty"`
	SemanticVersion string      `json:"semanticVersion,omitempty"`
	InformationURI  string      `json:"informationUri,omitempty"`
	Rules           []sarifRule `json:"rules"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifHelp struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifRule struct {
	ID                   string             `json:"id"`
	Name                 string             `json:"name,omitempty"`
	ShortDescription     sarifText          `json:"shortDescription"`
	FullDescription      sarifText          `json:"fullDescription"`
	Help                 sarifHelp          `json:"help"`
	HelpURI              string             `json:"helpUri,omitempty"`
	DefaultConfiguration sarifConfiguration `json:"defaultConfiguration"`
	Properties           sarifRuleProps     `json:"properties"`
}

type sarifConfiguration struct {
	Level string `json:"level"`
}

type sarifRuleProps struct {
	Tags             []string `json:"tags"`
	SecuritySeverity string   `json:"security-severity"`
	Precision        string   `json:"precision"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifText         `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	Properties          sarifResultProps  `json:"properties"`
}

type sarifResultProps struct {
	Severity string `json:"severity"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysicalLocation `json:"physicalLocation"`
}

type sarifPhysicalLocation struct {
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
	Region           sarifRegion           `json:"region"`
}

type sarifArtifactLocation struct {
	URI         string     `json:"uri,omitempty"`
	URIBaseID   string     `json:"uriBaseId,omitempty"`
	Description *sarifText `json:"description,omitempty"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	EndLine     int `json:"endLine"`
	StartColumn int `json:"startColumn,omitempty"`
}

// SARIF writes the scan as a SARIF 2.1.0 log with one run, in the shape
// GitHub code scanning ingests: rule metadata with help pages and
// security-severity, results with relative percent-encoded URIs under
// %SRCROOT%, 1-based regions and stevedore's fingerprint as a partial
// fingerprint. It always writes a valid log, also with no findings.
func SARIF(w io.Writer, r *Result) error {
	v := prepare(r)
	rules, index := v.sarifRules()
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name:            v.r.Tool.Name,
			Version:         v.r.Tool.Version,
			SemanticVersion: semanticVersion(v.r.Tool.Version),
			InformationURI:  v.r.Tool.InformationURI,
			Rules:           rules,
		}},
		OriginalURIBaseIDs: map[string]sarifArtifactLocation{SARIFSourceRoot: sourceRootLocation(v.r.SourceRoot)},
		ColumnKind:         "utf16CodeUnits",
		Results:            make([]sarifResult, 0, len(v.findings)),
	}
	if run.Tool.Driver.Name == "" {
		run.Tool.Driver.Name = "stevedore"
	}
	if run.Tool.Driver.InformationURI == "" {
		run.Tool.Driver.InformationURI = ProjectURL
	}
	if v.r.AutomationID != "" {
		run.AutomationDetails = &sarifAutomation{ID: v.r.AutomationID}
	}
	for _, f := range v.findings {
		run.Results = append(run.Results, sarifResult{
			RuleID:    f.RuleID,
			RuleIndex: index[f.RuleID],
			Level:     level(f.Severity, "note"),
			Message:   sarifText{Text: f.Message},
			Locations: []sarifLocation{{PhysicalLocation: sarifPhysicalLocation{
				ArtifactLocation: sarifArtifactLocation{URI: relativeURI(f.Path), URIBaseID: SARIFSourceRoot},
				Region: sarifRegion{
					StartLine:   f.Range.StartLine,
					EndLine:     f.Range.EndLine,
					StartColumn: f.Range.StartCol,
				},
			}}},
			PartialFingerprints: map[string]string{SARIFFingerprintKey: f.Fingerprint()},
			Properties:          sarifResultProps{Severity: f.Severity.String()},
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(sarifLog{Schema: SARIFSchema, Version: SARIFVersion, Runs: []sarifRun{run}}); err != nil {
		return fmt.Errorf("write sarif report: %w", err)
	}
	return nil
}

// sarifRules describes every rule that ran, by ID, then any rule a finding
// names that did not (so every result's ruleIndex points at metadata).
func (v *view) sarifRules() ([]sarifRule, map[string]int) {
	ran := slices.DeleteFunc(slices.Clone(v.r.Rules), func(r *rule.Rule) bool { return r == nil })
	slices.SortStableFunc(ran, func(a, b *rule.Rule) int { return strings.Compare(a.ID, b.ID) })
	index := map[string]int{}
	var out []sarifRule
	for _, ru := range ran {
		if _, dup := index[ru.ID]; dup {
			continue
		}
		index[ru.ID] = len(out)
		out = append(out, v.sarifRule(ru))
	}
	var extra []*rule.Rule
	for _, f := range v.findings {
		if _, ok := index[f.RuleID]; ok {
			continue
		}
		ru := &rule.Rule{ID: f.RuleID, Name: f.RuleName, Title: f.RuleName, Severity: f.Severity, Kind: rule.KindAny}
		index[f.RuleID] = -1
		extra = append(extra, ru)
	}
	slices.SortFunc(extra, func(a, b *rule.Rule) int { return strings.Compare(a.ID, b.ID) })
	for _, ru := range extra {
		index[ru.ID] = len(out)
		out = append(out, v.sarifRule(ru))
	}
	if out == nil {
		out = []sarifRule{}
	}
	return out, index
}

func (v *view) sarifRule(ru *rule.Rule) sarifRule {
	title := cmpOr(ru.Title, ru.Name, ru.ID)
	full := whatItFlags(ru.Doc)
	if full == "" {
		full = title
	}
	helpURI := ""
	if v.r.DocsBase != "" {
		helpURI = v.r.DocsBase + ru.DocPath()
	}
	help := sarifHelp{Text: full, Markdown: absoluteLinks(ru.Doc, helpURI)}
	if helpURI != "" {
		help.Text += "\n\nDocumentation: " + helpURI
	}
	if help.Markdown == "" {
		help.Markdown = markdownEscape(full)
		if helpURI != "" {
			help.Markdown += "\n\n[Documentation](" + helpURI + ")"
		}
	}
	tags := []string{"security"}
	for _, t := range []string{string(ru.Kind), ru.Note} {
		if t != "" && !slices.Contains(tags, t) {
			tags = append(tags, t)
		}
	}
	sev := min(max(ru.Severity, finding.Info), finding.Critical)
	return sarifRule{
		ID:                   ru.ID,
		Name:                 ru.Name,
		ShortDescription:     sarifText{Text: title},
		FullDescription:      sarifText{Text: full},
		Help:                 help,
		HelpURI:              helpURI,
		DefaultConfiguration: sarifConfiguration{Level: level(sev, "note")},
		Properties:           sarifRuleProps{Tags: tags, SecuritySeverity: sev.SecuritySeverity(), Precision: "high"},
	}
}

func cmpOr(vals ...string) string {
	for _, s := range vals {
		if s != "" {
			return s
		}
	}
	return ""
}

// level maps a severity to the three levels SARIF and workflow commands
// share: "error" for high and critical, "warning" for medium, and below that
// lowest, the name each format gives its lowest level (SARIF "note",
// workflow commands "notice").
func level(s finding.Severity, lowest string) string {
	switch {
	case s >= finding.High:
		return "error"
	case s == finding.Medium:
		return "warning"
	default:
		return lowest
	}
}

var semverPattern = regexp.MustCompile(`^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$`)

// semanticVersion returns version without a leading "v" when it is a
// semantic version, and "" otherwise ("devel").
func semanticVersion(version string) string {
	v := strings.TrimPrefix(version, "v")
	if semverPattern.MatchString(v) {
		return v
	}
	return ""
}

// sourceRootLocation is the value of %SRCROOT%: the root as an absolute
// file URI ending in "/" when known, else only a description.
func sourceRootLocation(root string) sarifArtifactLocation {
	if root == "" || !filepath.IsAbs(root) {
		return sarifArtifactLocation{Description: &sarifText{Text: "The root of the scanned tree."}}
	}
	p := filepath.ToSlash(root)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // C:/src → /C:/src
	}
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return sarifArtifactLocation{URI: (&url.URL{Scheme: "file", Path: p}).String()}
}

// relativeURI turns a slash-separated relative path into a relative URI
// reference: every byte but unreserved characters and "/" is
// percent-encoded, so spaces, "#", "?" and a ":" in the first segment cannot
// change its meaning.
func relativeURI(path string) string {
	path = strings.ReplaceAll(path, "\\", "/")
	for strings.HasPrefix(path, "./") {
		path = path[2:]
	}
	path = strings.TrimLeft(path, "/")
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(path); i++ {
		c := path[i]
		if c == '/' || c == '-' || c == '.' || c == '_' || c == '~' ||
			'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

var (
	whatItFlagsHeading = regexp.MustCompile(`(?im)^##[ \t]+what it flags[ \t]*$`)
	mdLink             = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
	mdEmphasis         = regexp.MustCompile(`(\*\*|__)(.+?)(\*\*|__)`)
)

// whatItFlags returns the first paragraph under the "## What it flags"
// heading of a rule page, as plain text on one line.
func whatItFlags(doc string) string {
	loc := whatItFlagsHeading.FindStringIndex(doc)
	if loc == nil {
		return ""
	}
	var para []string
	for _, line := range strings.Split(doc[loc[1]:], "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			if len(para) > 0 {
				break
			}
			continue
		}
		if strings.HasPrefix(line, "#") || strings.HasPrefix(line, "```") {
			break
		}
		para = append(para, line)
	}
	return plainText(strings.Join(para, " "))
}

// plainText drops inline markdown: code spans keep their text, links keep
// their label, strong emphasis loses its markers.
func plainText(md string) string {
	var b strings.Builder
	for md != "" {
		i := strings.IndexByte(md, '`')
		if i < 0 {
			b.WriteString(plainInline(md))
			break
		}
		b.WriteString(plainInline(md[:i]))
		run := len(md[i:]) - len(strings.TrimLeft(md[i:], "`"))
		fence := md[i : i+run]
		rest := md[i+run:]
		end := strings.Index(rest, fence)
		if end < 0 {
			b.WriteString(plainInline(md[i:]))
			break
		}
		b.WriteString(strings.TrimSpace(rest[:end]))
		md = rest[end+run:]
	}
	return b.String()
}

func plainInline(s string) string {
	s = mdLink.ReplaceAllString(s, "$1")
	return mdEmphasis.ReplaceAllString(s, "$2")
}

var mdLinkTarget = regexp.MustCompile(`\]\(([^()\s]+)\)`)

// absoluteLinks resolves the relative link targets of a doc page against
// the page's own URL, since code scanning shows the help away from the
// repository tree ("../notes/x.md" would lead nowhere).
func absoluteLinks(doc, pageURL string) string {
	base, err := url.Parse(pageURL)
	if pageURL == "" || err != nil || !base.IsAbs() {
		return doc
	}
	return mdLinkTarget.ReplaceAllStringFunc(doc, func(m string) string {
		target := m[2 : len(m)-1]
		u, err := url.Parse(target)
		if err != nil || u.IsAbs() || strings.HasPrefix(target, "//") {
			return m
		}
		return "](" + base.ResolveReference(u).String() + ")"
	})
}
