package secret

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// TestKICSConformance runs Scan and ScanAssignments over the KICS
// passwords_and_secrets samples (testdata/kics, Apache-2.0, see NOTICE) and
// compares the flagged lines with KICS's expected lines. Misses are
// explained in testdata/kics-deviations.md.
func TestKICSConformance(t *testing.T) {
	dir := filepath.Join("testdata", "kics")
	raw, err := os.ReadFile(filepath.Join(dir, "expected.json"))
	if err != nil {
		t.Fatalf("read expected: %v", err)
	}
	var expected []struct {
		QueryName string `json:"queryName"`
		Line      int    `json:"line"`
		FileName  string `json:"fileName"`
	}
	if err := json.Unmarshal(raw, &expected); err != nil {
		t.Fatalf("parse expected.json: %v", err)
	}
	want := map[string]map[int]string{}
	for _, e := range expected {
		if want[e.FileName] == nil {
			want[e.FileName] = map[int]string{}
		}
		want[e.FileName][e.Line] = e.QueryName
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatalf("read %s: %v", dir, err)
	}
	var hits, total, negFP, posExtra int
	var misses []string
	for _, ent := range entries {
		name := ent.Name()
		isPos, isNeg := strings.HasPrefix(name, "positive"), strings.HasPrefix(name, "negative")
		if !isPos && !isNeg {
			continue
		}
		text, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatalf("read %s: %v", name, err)
		}
		got := flaggedLines(string(text))
		if isNeg {
			for _, l := range sortedLines(got) {
				negFP++
				t.Errorf("false positive on negative sample %s:%d: %s", name, l, got[l])
			}
			continue
		}
		for _, l := range sortedLines(want[name]) {
			total++
			if got[l] != "" {
				hits++
			} else {
				misses = append(misses, name+":"+strconv.Itoa(l)+" ("+want[name][l]+")")
			}
		}
		for _, l := range sortedLines(got) {
			if _, ok := want[name][l]; !ok {
				posExtra++
				t.Logf("extra line on positive sample %s:%d: %s", name, l, got[l])
			}
		}
	}
	if total == 0 {
		t.Fatal("no expected lines found")
	}
	rate := float64(hits) / float64(total)
	t.Logf("KICS passwords_and_secrets: matched %d/%d expected lines (%.0f%%), %d false positives on negatives, %d extra lines on positives",
		hits, total, 100*rate, negFP, posExtra)
	for _, m := range misses {
		t.Logf("missed %s", m)
	}
	if rate < 0.9 {
		t.Errorf("match rate %.2f < 0.90", rate)
	}
}

// flaggedLines maps each 1-based line that holds a secret to what found it.
func flaggedLines(text string) map[int]string {
	out := map[int]string{}
	for _, m := range Scan(text) {
		out[1+strings.Count(text[:m.Start], "\n")] = m.Kind
	}
	for _, a := range ScanAssignments(text) {
		if out[a.Line] == "" {
			out[a.Line] = "assignment " + a.Name
		}
	}
	return out
}

func sortedLines(m map[int]string) []int {
	ls := make([]int, 0, len(m))
	for l := range m {
		ls = append(ls, l)
	}
	sort.Ints(ls)
	return ls
}
