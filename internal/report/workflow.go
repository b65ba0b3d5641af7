package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// WorkflowCommands writes one GitHub Actions workflow command per finding,
// which the runner turns into an annotation on the file and line:
//
//	::error file=Dockerfile,line=12,endLine=12,col=3,title=DF001 final-stage-runs-as-root::message
//
// error for high and critical, warning for medium, notice for low and info.
// The message is followed by the rule page on a second line. Values are
// escaped as the runner expects: %, CR and LF everywhere, and also ":" and
// "," in properties.
func WorkflowCommands(w io.Writer, r *Result) error {
	v := prepare(r)
	bw := bufio.NewWriter(w)
	for _, f := range v.findings {
		props := []string{
			"file=" + escapeProperty(f.Path),
			fmt.Sprintf("line=%d", f.Range.StartLine),
			fmt.Sprintf("endLine=%d", f.Range.EndLine),
		}
		if f.Range.StartCol > 0 {
			props = append(props, fmt.Sprintf("col=%d", f.Range.StartCol))
			if f.Range.EndCol > 0 && f.Range.EndLine == f.Range.StartLine {
				props = append(props, fmt.Sprintf("endColumn=%d", f.Range.EndCol))
			}
		}
		props = append(props, "title="+escapeProperty(strings.TrimSpace(f.RuleID+" "+f.RuleName)))
		msg := f.Message
		if f.DocURL != "" {
			msg += "\n" + f.DocURL
		}
		fmt.Fprintf(bw, "::%s %s::%s\n", level(f.Severity, "notice"), strings.Join(props, ","), EscapeWorkflowData(msg))
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write workflow commands: %w", err)
	}
	return nil
}

var (
	dataEscaper     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	propertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

// EscapeWorkflowData escapes the message of a workflow command (%, CR, LF).
func EscapeWorkflowData(s string) string { return dataEscaper.Replace(s) }

// escapeProperty escapes a command property's value.
func escapeProperty(s string) string { return propertyEscaper.Replace(s) }
