package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
)

// SARIF baseline states (SARIF 2.1.0 §3.27.24).
const (
	BaselineNew       = "new"
	BaselineUnchanged = "unchanged"
	BaselineUpdated   = "updated"
	BaselineAbsent    = "absent"
)

// SARIFWithBaseline writes the log SARIF writes, with each result's
// baselineState set from states, keyed by the finding's fingerprint
// (finding.Fingerprint, the value of the stevedoreFingerprint/v1 partial
// fingerprint). Results whose fingerprint is not in states get none.
func SARIFWithBaseline(w io.Writer, r *Result, states map[string]string) error {
	var buf bytes.Buffer
	if err := SARIF(&buf, r); err != nil {
		return err
	}
	var log map[string]any
	dec := json.NewDecoder(&buf)
	dec.UseNumber()
	if err := dec.Decode(&log); err != nil {
		return fmt.Errorf("write sarif report: %w", err)
	}
	runs, _ := log["runs"].([]any)
	for _, run := range runs {
		results, _ := run.(map[string]any)["results"].([]any)
		for _, res := range results {
			m, _ := res.(map[string]any)
			fps, _ := m["partialFingerprints"].(map[string]any)
			fp, _ := fps[SARIFFingerprintKey].(string)
			if st, ok := states[fp]; ok {
				m["baselineState"] = st
			}
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(log); err != nil {
		return fmt.Errorf("write sarif report: %w", err)
	}
	return nil
}
