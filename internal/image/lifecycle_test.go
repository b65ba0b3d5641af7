package image

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stevedore-dev/stevedore/internal/testenv"
)

// casesDate is the status date of cases.tsv.
var casesDate = time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)

type eolCase struct {
	line     int
	from     string // as written after FROM
	ref      string // the image reference alone
	expected []string
	status   string
}

// readCases parses a cases.tsv file (shared/eol/README.md, cases.tsv).
func readCases(t testing.TB, path string) []eolCase {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	var out []eolCase
	sc := bufio.NewScanner(bytes.NewReader(b))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 3 {
			t.Fatalf("%s:%d: want 3 tab-separated columns, got %d", path, n, len(cols))
		}
		c := eolCase{line: n, from: cols[0], ref: fromImage(cols[0]), status: cols[2]}
		if cols[1] != "-" {
			c.expected = strings.Split(cols[1], ",")
			sort.Strings(c.expected)
		}
		out = append(out, c)
	}
	return out
}

// fromImage drops FROM flags (--platform=…) and "AS name".
func fromImage(from string) string {
	var words []string
	for _, w := range strings.Fields(from) {
		if strings.HasPrefix(w, "--") {
			continue
		}
		words = append(words, w)
	}
	if len(words) >= 3 && strings.EqualFold(words[len(words)-2], "as") {
		words = words[:len(words)-2]
	}
	return strings.Join(words, " ")
}

// tsvStatus folds a Verdict status into the three values cases.tsv uses.
func tsvStatus(s Status) string {
	switch s {
	case StatusEOL, StatusDeprecatedImage:
		return "eol"
	case StatusEOLSoon, StatusSupported:
		return "supported"
	}
	return "unknown"
}

// checkCases runs every case and returns the number that pass.
func checkCases(t *testing.T, cases []eolCase) int {
	t.Helper()
	pass := 0
	for _, c := range cases {
		ref, err := Parse(c.ref)
		if err != nil {
			t.Errorf("line %d %q: Parse: %v", c.line, c.from, err)
			continue
		}
		v := Lifecycle(ref, casesDate, 90)
		got := sortedMatchStrings(v.Matches)
		okItems := strings.Join(got, ",") == strings.Join(c.expected, ",")
		okStatus := tsvStatus(v.Status) == c.status
		if okItems && okStatus {
			pass++
			continue
		}
		t.Errorf("line %d %q:\n  got  %v %s (%s)\n  want %v %s", c.line, c.from, got, v.Status, v.Reason, c.expected, c.status)
	}
	return pass
}

func TestLifecycleCases(t *testing.T) {
	cases := readCases(t, filepath.Join("testdata", "cases.tsv"))
	pass := checkCases(t, cases)
	t.Logf("cases.tsv (testdata): %d/%d cases pass", pass, len(cases))
}

// TestLifecycleSharedCases runs the shared copy, which may be newer than
// testdata/cases.tsv, and reports drift between the two.
func TestLifecycleSharedCases(t *testing.T) {
	path := testenv.Shared(t, "eol", "cases.tsv")
	cases := readCases(t, path)
	pass := checkCases(t, cases)
	t.Logf("cases.tsv (shared): %d/%d cases pass", pass, len(cases))
	local, err := os.ReadFile(filepath.Join("testdata", "cases.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	remote, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(local, remote) {
		t.Errorf("testdata/cases.tsv differs from %s: run scripts/gen-eol.sh", path)
	}
}

// sortedMatchStrings renders matches as cases.tsv does, sorted.
func sortedMatchStrings(ms []Match) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.String()
	}
	sort.Strings(out)
	return out
}
