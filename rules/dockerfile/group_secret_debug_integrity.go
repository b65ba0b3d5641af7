package dockerfile

import (
	"strconv"
	"strings"

	"github.com/stevedore-dev/stevedore/internal/dockerfile"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// secretDebugIntegrityRules lists this group's rules: secrets (DF020–DF023),
// the admin and debug surface of what ships (DF030–DF034) and the integrity
// of what the build downloads and copies (DF040–DF045).
func secretDebugIntegrityRules() []*rule.Rule {
	return []*rule.Rule{
		DF020, DF021, DF022, DF023,
		DF030, DF031, DF032, DF033, DF034,
		DF040, DF041, DF042, DF043, DF044, DF045,
	}
}

// The helpers below are shared by this group's rules. Their names start
// with "sdi" (secrets, debug surface, integrity) so that they never clash
// with the helpers of the other rule groups of this package.

// sdiStageRef names a stage for a Location: its AS name, else "final" for
// the stage that is built, else its index.
func sdiStageRef(st *dockerfile.Stage) string {
	switch {
	case st == nil:
		return "global"
	case st.Name != "":
		return st.Name
	case st.IsFinal():
		return "final"
	default:
		return strconv.Itoa(st.Index)
	}
}

// sdiLoc builds "stage[<ref>]/<parts…>" for instruction in ("global/…" for
// the ARGs before the first FROM).
func sdiLoc(in *dockerfile.Instruction, parts ...string) string {
	var b strings.Builder
	if in.Stage == nil {
		b.WriteString("global")
	} else {
		b.WriteString("stage[")
		b.WriteString(sdiStageRef(in.Stage))
		b.WriteString("]")
	}
	for _, p := range parts {
		b.WriteByte('/')
		b.WriteString(p)
	}
	return b.String()
}

// sdiStageDesc describes a stage for a message: "the final stage", "stage
// base (the final stage is built FROM it)" or "build stage builder".
func sdiStageDesc(f *dockerfile.File, st *dockerfile.Stage) string {
	switch {
	case st == nil:
		return "the global scope"
	case st.IsFinal():
		return "the final stage"
	case f.Ships(st):
		return "stage " + sdiStageRef(st) + " (the final stage is built FROM it)"
	default:
		return "build stage " + sdiStageRef(st)
	}
}

// sdiAllInstructions returns the global ARGs and every stage's instructions
// (without the FROM lines), in file order.
func sdiAllInstructions(f *dockerfile.File) []*dockerfile.Instruction {
	if f == nil {
		return nil
	}
	out := append([]*dockerfile.Instruction(nil), f.GlobalArgs...)
	for _, st := range f.Stages {
		out = append(out, st.Instructions...)
	}
	return out
}

// sdiShippedInOrder returns the shipped stages (the final stage and those it
// is built FROM) in file order, base first.
func sdiShippedInOrder(f *dockerfile.File) []*dockerfile.Stage {
	if f == nil {
		return nil
	}
	sh := f.Shipped()
	for i, j := 0, len(sh)-1; i < j; i, j = i+1, j-1 {
		sh[i], sh[j] = sh[j], sh[i]
	}
	return sh
}

// sdiRunMentions reports whether the text of a RUN (its logical line or a
// heredoc body) contains any of subs; a cheap filter before Shell().
func sdiRunMentions(in *dockerfile.Instruction, subs ...string) bool {
	for _, s := range subs {
		if strings.Contains(in.Original, s) {
			return true
		}
		for _, h := range in.Heredocs {
			if strings.Contains(h.Content, s) {
				return true
			}
		}
	}
	return false
}

// sdiFoldSet finds any of a set of lower-case ASCII literals (two bytes or
// longer) in a text, ignoring case, in one pass: a bit set of the literals'
// first two bytes rejects most positions before any comparison.
type sdiFoldSet struct {
	pairs   [256][4]uint64 // pairs[b0] has bit b1 for each literal starting b0 b1
	byFirst [256][]string
}

// newSdiFoldSet indexes lits, which must be lower case.
func newSdiFoldSet(lits ...string) *sdiFoldSet {
	s := &sdiFoldSet{}
	for _, l := range lits {
		if len(l) < 2 {
			continue
		}
		for _, c0 := range sdiCases(l[0]) {
			s.byFirst[c0] = append(s.byFirst[c0], l)
			for _, c1 := range sdiCases(l[1]) {
				s.pairs[c0][c1>>6] |= 1 << (c1 & 63)
			}
		}
	}
	return s
}

// sdiCases returns the lower- and upper-case forms of an ASCII byte.
func sdiCases(c byte) []byte {
	if 'a' <= c && c <= 'z' {
		return []byte{c, c - 'a' + 'A'}
	}
	return []byte{c}
}

// in reports whether text contains one of the set's literals, ignoring case.
func (s *sdiFoldSet) in(text string) bool {
	for i := 0; i+1 < len(text); i++ {
		c0, c1 := text[i], text[i+1]
		if s.pairs[c0][c1>>6]&(1<<(c1&63)) == 0 {
			continue
		}
		for _, l := range s.byFirst[c0] {
			if sdiHasPrefixFold(text[i:], l) {
				return true
			}
		}
	}
	return false
}

// inRun reports whether a RUN's logical line or a heredoc body contains one
// of the set's literals: a cheap filter before Shell().
func (s *sdiFoldSet) inRun(in *dockerfile.Instruction) bool {
	if s.in(in.Original) {
		return true
	}
	for _, h := range in.Heredocs {
		if s.in(h.Content) {
			return true
		}
	}
	return false
}

// sdiHasPrefixFold reports whether text starts with the lower-case ASCII
// lit, ignoring the case of text.
func sdiHasPrefixFold(text, lit string) bool {
	if len(text) < len(lit) {
		return false
	}
	for j := 0; j < len(lit); j++ {
		c := text[j]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lit[j] {
			return false
		}
	}
	return true
}

// sdiWordLine returns the line of instruction in, from line `from` on, that
// holds word as a blank-separated word (quotes around it allowed), or from
// when none does.
func sdiWordLine(f *dockerfile.File, in *dockerfile.Instruction, from int, word string) int {
	if word == "" {
		return from
	}
	for n := max(from, in.Range.StartLine); n <= in.Range.EndLine; n++ {
		if sdiWordIndex(f.Line(n), word) >= 0 {
			return n
		}
	}
	return from
}

// sdiWordIndex returns the byte offset of word in line where it stands as a
// word of its own (between blanks, quotes, a line start or end, a `\`
// continuation, ; & | ( ) or a comma), or -1.
func sdiWordIndex(line, word string) int {
	for i := 0; ; {
		k := strings.Index(line[i:], word)
		if k < 0 {
			return -1
		}
		s, e := i+k, i+k+len(word)
		if (s == 0 || sdiWordSep(line[s-1])) && (e == len(line) || sdiWordSep(line[e])) {
			return s
		}
		i = s + 1
	}
}

func sdiWordSep(c byte) bool {
	switch c {
	case ' ', '\t', '\r', '"', '\'', '\\', ';', '&', '|', '(', ')', ',', '[', ']':
		return true
	}
	return false
}

// sdiUnquote removes one pair of matching quotes around v.
func sdiUnquote(v string) string {
	v = strings.TrimSpace(v)
	if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
		return v[1 : len(v)-1]
	}
	return v
}

// sdiEachPackage calls report once for each flagged package of pkgs, at the
// line of the package's own word (a RUN's continuation line), skipping a
// package a RUN names twice. One finding per package keeps a review exact:
// a pull request that adds tcpdump to a RUN that already installs gdb adds
// a finding, at the line it changed.
func sdiEachPackage(f *dockerfile.File, pkgs []sdiPackage, report func(pk sdiPackage, line int)) {
	type key struct {
		in   *dockerfile.Instruction
		base string
	}
	seen := map[key]bool{}
	for _, pk := range pkgs {
		k := key{pk.in, pk.base}
		if seen[k] {
			continue
		}
		seen[k] = true
		report(pk, sdiWordLine(f, pk.in, pk.cmd.Line, pk.name))
	}
}
