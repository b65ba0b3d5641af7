package finding

import (
	"encoding/json"
	"testing"
)

func TestParseSeverity(t *testing.T) {
	tests := []struct {
		in      string
		want    Severity
		wantErr bool
	}{
		{"high", High, false}, {" Critical ", Critical, false}, {"INFO", Info, false}, {"none", None, false},
		{"severe", 0, true}, {"", 0, true},
	}
	for _, tt := range tests {
		got, err := ParseSeverity(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("ParseSeverity(%q) = %v, %v; want %v (error %v)", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
	if !(Info < Low && Low < Medium && Medium < High && High < Critical && Critical < None) {
		t.Error("severities are not ordered")
	}
}

func TestSeverityJSON(t *testing.T) {
	b, err := json.Marshal(struct{ S Severity }{High})
	if err != nil || string(b) != `{"S":"high"}` {
		t.Fatalf("marshal = %s, %v", b, err)
	}
	var v struct{ S Severity }
	if err := json.Unmarshal([]byte(`{"S":"low"}`), &v); err != nil || v.S != Low {
		t.Errorf("unmarshal = %v, %v", v.S, err)
	}
}

func TestRangeNormalize(t *testing.T) {
	for _, tt := range []struct{ in, want Range }{
		{Range{}, Range{StartLine: 1, EndLine: 1}},
		{Range{StartLine: -3, EndLine: -7}, Range{StartLine: 1, EndLine: 1}},
		{Range{StartLine: 5}, Range{StartLine: 5, EndLine: 5}},
		{Range{StartLine: 5, EndLine: 9}, Range{StartLine: 5, EndLine: 9}},
	} {
		if got := tt.in.Normalize(); got != tt.want {
			t.Errorf("%+v.Normalize() = %+v, want %+v", tt.in, got, tt.want)
		}
	}
	if !Lines(3, 5).Contains(4) || Lines(3, 5).Contains(6) || !Line(2).Contains(2) {
		t.Error("Contains is wrong")
	}
}

func TestFingerprintIgnoresLinesAndCase(t *testing.T) {
	a := Finding{RuleID: "DF001", Path: "Dockerfile", Location: "stage[final]/USER", Evidence: "root", Range: Line(3)}
	b := a
	b.Range = Line(30)
	b.Evidence = "  ROOT "
	b.Message = "another wording"
	if a.Fingerprint() != b.Fingerprint() {
		t.Error("fingerprint changed with the line, message or evidence spacing")
	}
	for _, c := range []Finding{
		{RuleID: "DF002", Path: a.Path, Location: a.Location, Evidence: a.Evidence},
		{RuleID: a.RuleID, Path: "other/Dockerfile", Location: a.Location, Evidence: a.Evidence},
		{RuleID: a.RuleID, Path: a.Path, Location: "stage[build]/USER", Evidence: a.Evidence},
		{RuleID: a.RuleID, Path: a.Path, Location: a.Location, Evidence: "0"},
	} {
		if c.Fingerprint() == a.Fingerprint() {
			t.Errorf("fingerprint of %+v equals the original", c)
		}
	}
	if FingerprintOf(a.RuleID, a.Path, a.Location, a.Evidence) != a.Fingerprint() {
		t.Error("FingerprintOf disagrees with Fingerprint")
	}
}
