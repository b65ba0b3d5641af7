package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/stevedore-dev/stevedore/internal/finding"
)

// TextOptions tune the terminal output.
type TextOptions struct {
	// Color adds ANSI colours: severities, file headers, dimmed links.
	Color bool
}

const (
	ansiReset   = "\x1b[0m"
	ansiBold    = "\x1b[1m"
	ansiDim     = "\x1b[2m"
	ansiRed     = "\x1b[31m"
	ansiYellow  = "\x1b[33m"
	ansiCyan    = "\x1b[36m"
	ansiMagenta = "\x1b[1;35m"
)

var severityColor = map[finding.Severity]string{
	finding.Critical: ansiMagenta,
	finding.High:     ansiRed,
	finding.Medium:   ansiYellow,
	finding.Low:      ansiCyan,
	finding.Info:     ansiDim,
}

// Text writes findings grouped by file for a terminal: a header line per
// file, then one aligned row per finding
//
//	12:3  high  DF001 final-stage-runs-as-root  message  doc-url
//
// and a last line counting findings by severity. Control characters in
// messages and paths are shown escaped, so a scanned file cannot drive the
// terminal.
func Text(w io.Writer, r *Result, opts TextOptions) error {
	v := prepare(r)
	bw := bufio.NewWriter(w)
	paint := func(code, s string) string {
		if !opts.Color || code == "" {
			return s
		}
		return code + s + ansiReset
	}
	for i, g := range v.byFile(v.findings) {
		if i > 0 {
			bw.WriteString("\n")
		}
		bw.WriteString(paint(ansiBold, printable(g.path)) + "\n")
		var posW, sevW, ruleW int
		for _, f := range g.findings {
			posW = max(posW, len(position(f.Range)))
			sevW = max(sevW, len(f.Severity.String()))
			ruleW = max(ruleW, len(ruleLabel(f)))
		}
		for _, f := range g.findings {
			sev := f.Severity.String()
			row := fmt.Sprintf("  %-*s  %s%s  %s%s  %s",
				posW, position(f.Range),
				paint(severityColor[f.Severity], sev), strings.Repeat(" ", sevW-len(sev)),
				ruleLabel(f), strings.Repeat(" ", ruleW-len(ruleLabel(f))),
				printable(oneLine(f.Message)))
			if f.DocURL != "" {
				row += "  " + paint(ansiDim, printable(f.DocURL))
			}
			bw.WriteString(strings.TrimRight(row, " ") + "\n")
		}
	}
	if len(v.findings) > 0 {
		bw.WriteString("\n")
	}
	bw.WriteString(v.summaryLine() + "\n")
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write text report: %w", err)
	}
	return nil
}

// ruleLabel is "DF001 final-stage-runs-as-root".
func ruleLabel(f finding.Finding) string {
	return strings.TrimSpace(printable(f.RuleID + " " + f.RuleName))
}

// printable replaces control characters with Go-style escapes.
func printable(s string) string {
	if strings.IndexFunc(s, unicode.IsControl) < 0 {
		return s
	}
	var b strings.Builder
	for _, c := range s {
		if unicode.IsControl(c) {
			fmt.Fprintf(&b, "\\x%02x", c)
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}
