package githubtest

import (
	"strconv"
	"strings"
)

// hunkLines maps, for one side of a patch, each commentable line number to
// the index of the hunk it belongs to. RIGHT holds added and context lines
// (new numbering), LEFT deleted and context lines (old numbering).
type hunkLines struct {
	right    map[int]int
	left     map[int]int
	patchLen int // lines after the first @@ header, for position-style comments
}

// parsePatch reads a GitHub "patch" (unified hunks without file headers).
func parsePatch(patch string) hunkLines {
	h := hunkLines{right: map[int]int{}, left: map[int]int{}}
	if patch == "" {
		return h
	}
	hunk, oldLine, newLine := -1, 0, 0
	started := false
	for _, line := range strings.Split(strings.TrimSuffix(patch, "\n"), "\n") {
		if strings.HasPrefix(line, "@@") {
			if started {
				h.patchLen++ // later @@ lines count as positions
			}
			started = true
			hunk++
			oldLine, newLine = parseHunkHeader(line)
			continue
		}
		if !started {
			continue
		}
		h.patchLen++
		switch {
		case strings.HasPrefix(line, "+"):
			h.right[newLine] = hunk
			newLine++
		case strings.HasPrefix(line, "-"):
			h.left[oldLine] = hunk
			oldLine++
		case strings.HasPrefix(line, `\`):
			// "\ No newline at end of file"
		default:
			h.right[newLine] = hunk
			h.left[oldLine] = hunk
			oldLine++
			newLine++
		}
	}
	return h
}

// parseHunkHeader returns the first old and new line numbers of
// "@@ -a,b +c,d @@".
func parseHunkHeader(line string) (oldStart, newStart int) {
	fields := strings.Fields(line)
	for _, f := range fields[1:] {
		switch {
		case strings.HasPrefix(f, "-"):
			oldStart = atoiPrefix(f[1:])
		case strings.HasPrefix(f, "+"):
			newStart = atoiPrefix(f[1:])
		}
	}
	return oldStart, newStart
}

func atoiPrefix(s string) int {
	if i := strings.IndexByte(s, ','); i >= 0 {
		s = s[:i]
	}
	n, _ := strconv.Atoi(s)
	return n
}

// countPatch counts added and deleted lines of a patch.
func countPatch(patch string) (add, del int) {
	for _, line := range strings.Split(patch, "\n") {
		switch {
		case strings.HasPrefix(line, "@@"):
		case strings.HasPrefix(line, "+"):
			add++
		case strings.HasPrefix(line, "-"):
			del++
		}
	}
	return add, del
}

// side returns the line map for "LEFT" or "RIGHT" (default RIGHT).
func (h hunkLines) side(s string) map[int]int {
	if s == "LEFT" {
		return h.left
	}
	return h.right
}

// diffProblem says why a line-style comment cannot be placed on this patch,
// using GitHub's messages, or "" when it can.
func (h hunkLines) diffProblem(line, startLine int, side, startSide string) string {
	lines := h.side(side)
	hunk, ok := lines[line]
	if !ok {
		return "Pull request review thread line must be part of the diff"
	}
	if startLine > 0 {
		if startSide == "" {
			startSide = side
		}
		sh, ok := h.side(startSide)[startLine]
		if !ok {
			return "Pull request review thread start line must be part of the diff"
		}
		if sh != hunk {
			return "Pull request review thread start line must be part of the same hunk as the line."
		}
	}
	return ""
}
