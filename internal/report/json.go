package report

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"

	"github.com/stevedore-dev/stevedore/internal/finding"
)

// JSONVersion is the version of the JSON document JSON writes. It changes
// only when a field is removed, renamed or changes meaning; new optional
// fields are added without a change (see docs/json-output.md).
const JSONVersion = 1

//go:embed schema/scan-result.schema.json
var jsonSchema []byte

// JSONSchema returns the JSON Schema (draft 2020-12) of the document JSON
// writes. The caller may keep the slice; it is a copy.
func JSONSchema() []byte { return bytes.Clone(jsonSchema) }

// The wire types are separate from finding.Finding so that the published
// schema changes only when this file does.
type jsonDocument struct {
	Version  int           `json:"version"`
	Tool     jsonTool      `json:"tool"`
	Files    []jsonFile    `json:"files"`
	Findings []jsonFinding `json:"findings"`
	Summary  jsonSummary   `json:"summary"`
}

type jsonTool struct {
	Name           string `json:"name"`
	Version        string `json:"version"`
	InformationURI string `json:"informationUri,omitempty"`
}

type jsonFile struct {
	Path string `json:"path"`
	Kind string `json:"kind"`
}

type jsonRange struct {
	StartLine   int `json:"startLine"`
	EndLine     int `json:"endLine"`
	StartColumn int `json:"startColumn,omitempty"`
	EndColumn   int `json:"endColumn,omitempty"`
}

type jsonEdit struct {
	StartLine int    `json:"startLine"`
	EndLine   int    `json:"endLine"`
	NewText   string `json:"newText"`
}

type jsonFix struct {
	Description string     `json:"description"`
	Edits       []jsonEdit `json:"edits"`
}

type jsonFinding struct {
	RuleID      string    `json:"ruleId"`
	RuleName    string    `json:"ruleName"`
	Title       string    `json:"title"`
	Severity    string    `json:"severity"`
	Path        string    `json:"path"`
	Range       jsonRange `json:"range"`
	Message     string    `json:"message"`
	Location    string    `json:"location"`
	Evidence    string    `json:"evidence,omitempty"`
	Fingerprint string    `json:"fingerprint"`
	DocURL      string    `json:"docUrl"`
	NoteURL     string    `json:"noteUrl"`
	Fix         *jsonFix  `json:"fix,omitempty"`
}

type jsonSummary struct {
	Total      int            `json:"total"`
	BySeverity jsonBySeverity `json:"bySeverity"`
}

// jsonBySeverity keeps the severities in a fixed order, most severe first.
type jsonBySeverity struct {
	Critical int `json:"critical"`
	High     int `json:"high"`
	Medium   int `json:"medium"`
	Low      int `json:"low"`
	Info     int `json:"info"`
}

func (c *jsonBySeverity) add(s finding.Severity) {
	switch s {
	case finding.Critical:
		c.Critical++
	case finding.High:
		c.High++
	case finding.Medium:
		c.Medium++
	case finding.Low:
		c.Low++
	default:
		c.Info++
	}
}

// JSON writes the scan as one indented JSON document of version JSONVersion;
// docs/json-output.md describes every field. Lists are never null and
// bySeverity always has all five severities.
func JSON(w io.Writer, r *Result) error {
	v := prepare(r)
	doc := jsonDocument{
		Version:  JSONVersion,
		Tool:     jsonTool{Name: v.r.Tool.Name, Version: v.r.Tool.Version, InformationURI: v.r.Tool.InformationURI},
		Files:    make([]jsonFile, 0, len(v.r.Files)),
		Findings: make([]jsonFinding, 0, len(v.findings)),
		Summary:  jsonSummary{Total: len(v.findings)},
	}
	for _, f := range v.r.Files {
		doc.Files = append(doc.Files, jsonFile(f))
	}
	for _, f := range v.findings {
		doc.Summary.BySeverity.add(f.Severity)
		jf := jsonFinding{
			RuleID:   f.RuleID,
			RuleName: f.RuleName,
			Title:    v.title(f),
			Severity: f.Severity.String(),
			Path:     f.Path,
			Range: jsonRange{
				StartLine: f.Range.StartLine, EndLine: f.Range.EndLine,
				StartColumn: f.Range.StartCol, EndColumn: f.Range.EndCol,
			},
			Message:     f.Message,
			Location:    f.Location,
			Evidence:    f.Evidence,
			Fingerprint: f.Fingerprint(),
			DocURL:      f.DocURL,
			NoteURL:     f.NoteURL,
		}
		if f.Fix != nil {
			fix := &jsonFix{Description: f.Fix.Description, Edits: make([]jsonEdit, 0, len(f.Fix.Edits))}
			for _, e := range f.Fix.Edits {
				fix.Edits = append(fix.Edits, jsonEdit{StartLine: e.StartLine, EndLine: e.EndLine, NewText: e.NewText})
			}
			jf.Fix = fix
		}
		doc.Findings = append(doc.Findings, jf)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("write json report: %w", err)
	}
	return nil
}
