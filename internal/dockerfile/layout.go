package dockerfile

import (
	"strings"
	"unsafe"

	"github.com/moby/buildkit/frontend/dockerfile/parser"

	"github.com/stevedore-dev/stevedore/internal/finding"
)

// lineLayout says how an instruction's physical lines map to its logical
// line, repeating BuildKit's scanner (continuations, comment and empty lines
// inside them, heredoc bodies).
type lineLayout struct {
	start      int // first line, 1-based
	logicalEnd int // last line of the logical instruction (before heredoc bodies)
	end        int // last line including heredoc terminators
	parts      []linePart
	heredocs   []Heredoc
}

// linePart is one physical line of the logical instruction.
type linePart struct {
	text string // the line without its continuation character
	cont bool   // the line continues on the next one
	skip bool   // a comment or empty line inside a continuation
}

func layout(lines []string, start int, escape rune, docs []parser.Heredoc) lineLayout {
	lay := lineLayout{start: start, logicalEnd: start, end: start}
	if start < 1 || start > len(lines) {
		return lay
	}
	esc := byte('\\')
	if escape == '`' {
		esc = '`'
	}
	i := start - 1
	first := strings.TrimSuffix(lines[i], "\r")
	if i == 0 {
		first = strings.TrimPrefix(first, "\ufeff")
	}
	text, cont := trimContinuation(first, esc)
	lay.parts = append(lay.parts, linePart{text: text, cont: cont})
	for cont && i+1 < len(lines) {
		i++
		raw := strings.TrimSuffix(lines[i], "\r")
		trimmed := strings.TrimLeft(raw, " \t\v\f")
		if strings.HasPrefix(trimmed, "#") || strings.TrimSpace(raw) == "" {
			lay.parts = append(lay.parts, linePart{skip: true})
			continue
		}
		text, cont = trimContinuation(raw, esc)
		lay.parts = append(lay.parts, linePart{text: text, cont: cont})
	}
	lay.logicalEnd = i + 1
	lay.end = lay.logicalEnd

	j := i + 1 // 0-based index of the next line
	for _, d := range docs {
		hd := Heredoc{Name: d.Name, Content: d.Content}
		bodyStart := j + 1
		term := 0
		for ; j < len(lines); j++ {
			l := strings.TrimRight(lines[j], "\r\n")
			if d.Chomp {
				l = strings.TrimLeft(l, "\t")
			}
			if l == d.Name {
				term = j + 1
				j++
				break
			}
		}
		if term == 0 {
			term = len(lines)
		}
		hd.Range = finding.Lines(bodyStart, term)
		lay.heredocs = append(lay.heredocs, hd)
		lay.end = max(lay.end, term)
	}
	return lay
}

// trimContinuation mirrors BuildKit's line-continuation regexp
// (([^\\])\\[ \t]*$|^\\[ \t]*$ for the escape character `\`): the escape
// character, then only blanks, at the end of a line, not itself escaped. A
// continued line loses the escape character and what follows it.
func trimContinuation[T string | []byte](line T, esc byte) (T, bool) {
	n := len(line)
	for n > 0 && (line[n-1] == ' ' || line[n-1] == '\t') {
		n--
	}
	if n == 0 || line[n-1] != esc {
		return line, false
	}
	if n >= 2 && line[n-2] == esc {
		return line, false
	}
	return line[:n-1], true
}

// shellSource rebuilds the shell text of a shell-form instruction so that
// line k of the result is line start+k of the Dockerfile: continuations
// become `\`-newline (whatever the escape directive), comment lines inside
// them become a lone `\`, and the keyword and BuildKit flags are blanked.
func (lay *lineLayout) shellSource(escape rune) string {
	n := 0
	for _, p := range lay.parts {
		n += len(p.text) + 2
	}
	src := make([]byte, 0, n)
	for k, p := range lay.parts {
		switch {
		case p.skip:
			if k < len(lay.parts)-1 {
				src = append(src, '\\')
			}
		default:
			src = append(src, p.text...)
			if p.cont {
				src = append(src, '\\')
			}
		}
		src = append(src, '\n')
	}
	blankKeywordAndFlags(src, byte(escape))
	if len(src) == 0 {
		return ""
	}
	// src is not written again: share it as the string, as strings.Builder does.
	return unsafe.String(&src[0], len(src))
}

// blankKeywordAndFlags overwrites the instruction keyword and the leading
// --flags with spaces (keeping newlines), as BuildKit's splitCommand and
// extractBuilderFlags strip them.
func blankKeywordAndFlags(src []byte, esc byte) {
	pos := 0
	skipBlank := func() {
		for pos < len(src) {
			switch {
			case src[pos] == ' ' || src[pos] == '\t' || src[pos] == '\n' || src[pos] == '\r' || src[pos] == '\v' || src[pos] == '\f':
				pos++
			case src[pos] == '\\' && pos+1 < len(src) && src[pos+1] == '\n':
				pos += 2
			default:
				return
			}
		}
	}
	blankWord := func() string {
		var w []byte
		var quote byte
		for pos < len(src) {
			c := src[pos]
			if c == '\\' && pos+1 < len(src) && src[pos+1] == '\n' {
				src[pos] = ' '
				pos += 2
				continue
			}
			if quote == 0 && (c == ' ' || c == '\t' || c == '\n') {
				break
			}
			switch {
			case quote == 0 && (c == '\'' || c == '"'):
				quote = c
			case quote != 0 && c == quote:
				quote = 0
			case c == esc && pos+1 < len(src) && src[pos+1] != '\n':
				src[pos] = ' '
				pos++
				w = append(w, src[pos])
			default:
				w = append(w, c)
			}
			if src[pos] != '\n' {
				src[pos] = ' '
			}
			pos++
		}
		return string(w)
	}
	skipBlank()
	blankWord() // the keyword
	for {
		skipBlank()
		if pos+1 >= len(src) || src[pos] != '-' || src[pos+1] != '-' {
			return
		}
		if blankWord() == "--" {
			return
		}
	}
}
