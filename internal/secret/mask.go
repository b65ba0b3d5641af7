package secret

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// maskMinLen is the shortest value of which Mask shows a prefix.
const maskMinLen = 12

// Mask hides a secret: values shorter than 12 characters become "****";
// longer ones keep their first 4 characters ("ghp_****"), which tells a
// reader which credential it was without revealing it.
func Mask(s string) string {
	if utf8.RuneCountInString(s) < maskMinLen {
		return "****"
	}
	n := 0
	for i := range s {
		if n == 4 {
			return s[:i] + "****"
		}
		n++
	}
	return "****"
}

// MaskMatches returns text with the span of each match replaced by its
// Mask. Overlapping or out-of-range spans are clipped, never a panic.
func MaskMatches(text string, ms []Match) string {
	if len(ms) == 0 {
		return text
	}
	sorted := append([]Match(nil), ms...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Start < sorted[j].Start })
	var b strings.Builder
	pos := 0
	for _, m := range sorted {
		s, e := max(m.Start, pos), min(m.End, len(text))
		if s >= e {
			continue
		}
		// Widen to rune boundaries so a mask never splits a character.
		for s > pos && !utf8.RuneStart(text[s]) {
			s--
		}
		for e < len(text) && !utf8.RuneStart(text[e]) {
			e++
		}
		b.WriteString(text[pos:s])
		b.WriteString(Mask(text[s:e]))
		pos = e
	}
	b.WriteString(text[pos:])
	return b.String()
}
