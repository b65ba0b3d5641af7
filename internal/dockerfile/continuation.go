package dockerfile

import (
	"bytes"
	"sync"
	"unicode"

	"github.com/moby/buildkit/frontend/dockerfile/parser"
)

// parseBuildKit is parser.Parse(content), faster on files with continued
// lines, and with the same result.
//
// BuildKit's parser matches every line against a line-continuation regular
// expression, and rewrites every continued line with it; on real
// Dockerfiles that is about a third of stevedore's CPU time. Where it is
// safe, joinContinuations does that joining first, with plain byte tests
// that mirror BuildKit's (trimContinuation): each instruction becomes
// one physical line with exactly the text BuildKit would have joined, so
// BuildKit builds the same nodes, and their line numbers are mapped back to
// the original file. Files where joining could change anything — heredocs,
// carriage returns, a byte-order mark, empty continuation lines (BuildKit warns about them), a
// continuation that starts with nothing, a backtick escape directive, very
// long joined lines, any parse error — are parsed as they are. A test holds
// the two paths equal on every Dockerfile of the test data and the corpus.
func parseBuildKit(content []byte) (*parser.Result, error) {
	buf := joinBuffers.Get().(*[]byte)
	defer joinBuffers.Put(buf)
	joined, lines, ok := joinContinuations((*buf)[:0], content)
	if !ok {
		return parser.Parse(bytes.NewReader(content))
	}
	*buf = joined
	// BuildKit copies what it keeps (its scanner reads into its own
	// buffer), so the joined text can be reused for the next file.
	res, err := parser.Parse(bytes.NewReader(joined))
	if err != nil || res.EscapeToken != '\\' {
		return parser.Parse(bytes.NewReader(content))
	}
	remapLines(res.AST, lines)
	for i := range res.Warnings {
		if loc := res.Warnings[i].Location; loc != nil {
			loc.Start.Line = lines.start(loc.Start.Line)
			loc.End.Line = lines.end(loc.End.Line)
		}
	}
	return res, nil
}

// joinBuffers holds the buffers joined files are written to.
var joinBuffers = sync.Pool{New: func() any { return new([]byte) }}

// maxJoinedLine keeps joined lines well below bufio.Scanner's default token
// limit, which BuildKit's parser uses.
const maxJoinedLine = 32 << 10

// lineMap maps the lines of a joined file to the original lines: joined
// line n (1-based) spans original lines first[n-1] to last[n-1].
type lineMap struct{ first, last []int }

func (m lineMap) start(n int) int {
	if n < 1 || n > len(m.first) {
		return n
	}
	return m.first[n-1]
}

func (m lineMap) end(n int) int {
	if n < 1 || n > len(m.last) {
		return n
	}
	return m.last[n-1]
}

// joinContinuations appends to out each line of content, with each continued
// instruction joined into one line, as BuildKit's parser would (comment lines inside the instruction
// dropped, continuation characters removed, continuation lines not
// left-trimmed), and returns the joined text with its line map. ok is false
// when the file has nothing to join or must be parsed as it is.
func joinContinuations(out, content []byte) (joined []byte, m lineMap, ok bool) {
	if bytes.IndexByte(content, '\\') < 0 || bytes.IndexByte(content, '\r') >= 0 || bytes.Contains(content, []byte("<<")) ||
		bytes.HasPrefix(content, []byte("\xef\xbb\xbf")) {
		return nil, m, false
	}
	inCont, start, n, begin := false, 0, 0, 0
	for pos := 0; pos < len(content); {
		end := bytes.IndexByte(content[pos:], '\n')
		next := pos + end + 1
		if end < 0 {
			end, next = len(content)-pos, len(content)
		}
		line := content[pos : pos+end]
		pos = next
		n++
		if !inCont {
			trimmed := bytes.TrimLeftFunc(line, unicode.IsSpace)
			if len(trimmed) > 0 && trimmed[0] != '#' {
				if body, cont := trimContinuation(trimmed, '\\'); cont {
					if len(bytes.TrimSpace(body)) == 0 {
						return nil, m, false
					}
					inCont, start, begin = true, n, len(out)
					out = append(out, body...)
					continue
				}
			}
			out = append(out, line...)
			out = append(out, '\n')
			m.first, m.last = append(m.first, n), append(m.last, n)
			continue
		}
		trimmed := bytes.TrimLeftFunc(line, unicode.IsSpace)
		if len(trimmed) > 0 && trimmed[0] == '#' {
			continue
		}
		if len(trimmed) == 0 {
			return nil, m, false
		}
		body, cont := trimContinuation(line, '\\')
		out = append(out, body...)
		if len(out)-begin > maxJoinedLine {
			return nil, m, false
		}
		if !cont {
			out = append(out, '\n')
			m.first, m.last = append(m.first, start), append(m.last, n)
			inCont = false
		}
	}
	if inCont {
		out = append(out, '\n')
		m.first, m.last = append(m.first, start), append(m.last, n)
	}
	return out, m, len(m.first) < n
}

// remapLines maps the line numbers of node and its descendants from the
// joined file back to the original one.
func remapLines(node *parser.Node, m lineMap) {
	if node == nil {
		return
	}
	if node.StartLine > 0 {
		node.StartLine = m.start(node.StartLine)
	}
	if node.EndLine > 0 {
		node.EndLine = m.end(node.EndLine)
	}
	for _, c := range node.Children {
		remapLines(c, m)
	}
	remapLines(node.Next, m)
}
