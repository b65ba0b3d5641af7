package dockerfile

import (
	"bytes"

	"github.com/moby/buildkit/frontend/dockerfile/parser"
)

// directiveHead returns the part of content where BuildKit looks for parser
// directives: after a byte-order mark and a #! line, the leading lines that
// start with "#" or "/" (BuildKit reads `# key=value` and `// key=value`
// lines and stops at the first other line).
func directiveHead(content []byte) []byte {
	dt := bytes.TrimPrefix(content, []byte{0xEF, 0xBB, 0xBF})
	if bytes.HasPrefix(dt, []byte("#!")) {
		_, rest, _ := bytes.Cut(dt, []byte("\n"))
		dt = rest
	}
	end := 0
	for end < len(dt) && (dt[end] == '#' || dt[end] == '/') {
		nl := bytes.IndexByte(dt[end:], '\n')
		if nl < 0 {
			end = len(dt)
			break
		}
		end += nl + 1
	}
	return dt[:end]
}

// mayBeJSON reports whether content could be a JSON object, the third form
// parser.DetectSyntax accepts.
func mayBeJSON(content []byte) bool {
	dt := bytes.TrimPrefix(content, []byte{0xEF, 0xBB, 0xBF})
	if bytes.HasPrefix(dt, []byte("#!")) {
		_, rest, _ := bytes.Cut(dt, []byte("\n"))
		dt = rest
	}
	dt = bytes.TrimLeft(dt, " \t\r\n")
	return len(dt) > 0 && dt[0] == '{'
}

// detectSyntax is parser.DetectSyntax without its cost when the file cannot
// hold a syntax directive (no "syntax" in the directive lines, not JSON):
// BuildKit reads the whole file three times with fresh 4 KB buffers.
func detectSyntax(content, head []byte) string {
	if !containsFold(head, "syntax") && !mayBeJSON(content) {
		return ""
	}
	syntax, _, _, _ := parser.DetectSyntax(content)
	return syntax
}

// parseCheckDirective is parser.ParseDirective("check", content), skipped
// when the directive lines cannot hold it.
func parseCheckDirective(content, head []byte) (string, []parser.Range) {
	if !containsFold(head, "check") {
		return "", nil
	}
	raw, _, loc, _ := parser.ParseDirective("check", content)
	return raw, loc
}

// containsFold reports whether s contains the lower-case ASCII word lit in
// any letter case.
func containsFold(s []byte, lit string) bool {
	for i := 0; i+len(lit) <= len(s); i++ {
		if s[i]|0x20 != lit[0] {
			continue
		}
		match := true
		for j := 1; j < len(lit); j++ {
			if s[i+j]|0x20 != lit[j] {
				match = false
				break
			}
		}
		if match {
			return true
		}
	}
	return false
}
