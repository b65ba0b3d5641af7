package diff

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Parse reads `git diff` output (also with -M renames, -C copies,
// --no-prefix and --binary) and plain `diff -u` output.
func Parse(r io.Reader) ([]*FileDiff, error) {
	p := &parser{r: bufio.NewReaderSize(r, 64<<10)}
	if err := p.run(); err != nil {
		return p.files, fmt.Errorf("parse diff: %w", err)
	}
	return p.files, nil
}

// ParsePatch reads one file's hunks as GitHub's API gives them in a file's
// "patch" field (no headers). oldPath is "" for an added file and newPath ""
// for a removed one; different paths make a rename. An empty patch (binary
// or too large for the API) gives a FileDiff without hunks.
func ParsePatch(oldPath, newPath, patch string) (*FileDiff, error) {
	f := &FileDiff{OldPath: oldPath, NewPath: newPath}
	switch {
	case oldPath == "" && newPath == "":
		return nil, errors.New("parse patch: no path")
	case oldPath == "":
		f.Status = StatusAdded
	case newPath == "":
		f.Status = StatusRemoved
	case oldPath != newPath:
		f.Status = StatusRenamed
	default:
		f.Status = StatusModified
	}
	p := &parser{r: bufio.NewReader(strings.NewReader(patch)), cur: f, hunksOnly: true}
	p.files = []*FileDiff{f}
	if err := p.run(); err != nil {
		return f, fmt.Errorf("parse patch for %s: %w", f.Path(), err)
	}
	return f, nil
}

type parser struct {
	r         *bufio.Reader
	lineNo    int
	files     []*FileDiff
	cur       *FileDiff
	hunksOnly bool
	// per file, from the diff --git line
	prefixed   bool
	gitPending bool // a diff --git file still waiting for its ---/+++ pair
	binary     bool // inside a GIT binary patch
	// the open hunk
	hunk             *Hunk
	oldLeft, newLeft int
	oldNext, newNext int
	pendingOld       string
	pendingOldSet    bool
}

func (p *parser) next() (string, bool, error) {
	line, err := p.r.ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", false, err
	}
	if line == "" && err != nil {
		return "", false, nil
	}
	p.lineNo++
	return strings.TrimSuffix(line, "\n"), true, nil
}

func (p *parser) run() error {
	for {
		line, ok, err := p.next()
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		if err := p.line(line); err != nil {
			return fmt.Errorf("line %d: %w", p.lineNo, err)
		}
	}
	if p.hunk != nil && (p.oldLeft > 0 || p.newLeft > 0) {
		return fmt.Errorf("line %d: hunk %s ends early: %d old and %d new lines missing", p.lineNo, hunkRange(p.hunk), p.oldLeft, p.newLeft)
	}
	return nil
}

func hunkRange(h *Hunk) string {
	return fmt.Sprintf("@@ -%d,%d +%d,%d @@", h.OldStart, h.OldLines, h.NewStart, h.NewLines)
}

func (p *parser) line(line string) error {
	if p.hunk != nil && (p.oldLeft > 0 || p.newLeft > 0) {
		return p.hunkLine(line)
	}
	if p.hunk != nil && strings.HasPrefix(line, `\`) {
		return nil // "\ No newline at end of file" after the last line
	}
	p.hunk = nil
	if strings.HasPrefix(line, "@@ ") {
		if p.cur == nil {
			return errors.New("hunk before any file header")
		}
		return p.startHunk(line)
	}
	if p.hunksOnly {
		if strings.TrimSpace(line) == "" {
			return nil
		}
		return fmt.Errorf("unexpected %q outside a hunk", clip(line))
	}
	switch {
	case strings.HasPrefix(line, "diff --git "):
		return p.gitHeader(line[len("diff --git "):])
	case p.binary:
		return nil // GIT binary patch data
	case strings.HasPrefix(line, "--- "):
		p.pendingOld, p.pendingOldSet = line[4:], true
		return nil
	case strings.HasPrefix(line, "+++ ") && p.pendingOldSet:
		return p.fileNames(p.pendingOld, line[4:])
	}
	p.pendingOldSet = false
	if p.cur == nil {
		return nil // preamble (a commit message, say)
	}
	switch {
	case strings.HasPrefix(line, "new file mode "):
		p.cur.Status, p.cur.OldPath = StatusAdded, ""
	case strings.HasPrefix(line, "deleted file mode "):
		p.cur.Status, p.cur.NewPath = StatusRemoved, ""
	case strings.HasPrefix(line, "rename from "):
		return p.setPath(&p.cur.OldPath, line[len("rename from "):], StatusRenamed)
	case strings.HasPrefix(line, "rename to "):
		return p.setPath(&p.cur.NewPath, line[len("rename to "):], StatusRenamed)
	case strings.HasPrefix(line, "copy from "):
		return p.setPath(&p.cur.OldPath, line[len("copy from "):], StatusCopied)
	case strings.HasPrefix(line, "copy to "):
		return p.setPath(&p.cur.NewPath, line[len("copy to "):], StatusCopied)
	case strings.HasPrefix(line, "similarity index "):
		n, err := strconv.Atoi(strings.TrimSuffix(line[len("similarity index "):], "%"))
		if err != nil {
			return fmt.Errorf("bad %q", line)
		}
		p.cur.Similarity = n
	case strings.HasPrefix(line, "Binary files ") && strings.HasSuffix(line, " differ"):
		p.cur.Binary = true
	case line == "GIT binary patch":
		p.cur.Binary, p.binary = true, true
	}
	return nil
}

func clip(s string) string {
	if len(s) > 60 {
		return s[:60] + "…"
	}
	return s
}

func (p *parser) setPath(dst *string, raw string, st Status) error {
	name, err := unquote(raw)
	if err != nil {
		return err
	}
	*dst = name
	p.cur.Status = st
	return nil
}

// gitHeader starts a file at "diff --git a/old b/new".
func (p *parser) gitHeader(rest string) error {
	p.binary, p.pendingOldSet = false, false
	oldName, newName, err := splitGitNames(rest)
	if err != nil {
		return err
	}
	p.prefixed = hasPrefixPair(oldName, newName)
	if p.prefixed {
		oldName, newName = oldName[2:], newName[2:]
	}
	p.cur = &FileDiff{OldPath: oldName, NewPath: newName, Status: StatusModified}
	p.files = append(p.files, p.cur)
	p.gitPending = true
	return nil
}

// hasPrefixPair reports whether two header names carry git's source and
// destination prefixes: a/ and b/, or the mnemonic c/ i/ o/ w/ ones.
func hasPrefixPair(oldName, newName string) bool {
	if len(oldName) < 3 || len(newName) < 3 || oldName[1] != '/' || newName[1] != '/' {
		return false
	}
	if oldName[0] == 'a' && newName[0] == 'b' {
		return true
	}
	return strings.IndexByte("ciow", oldName[0]) >= 0 && strings.IndexByte("ciow", newName[0]) >= 0 && oldName[0] != newName[0]
}

// splitGitNames splits the two names of a diff --git line. Quoted names are
// unquoted; unquoted names with spaces are split where both halves name the
// same file, which is always the case when git cannot tell otherwise (renames
// also carry "rename from/to" lines that override these names).
func splitGitNames(s string) (string, string, error) {
	if strings.HasPrefix(s, `"`) {
		end := quotedEnd(s)
		if end < 0 {
			return "", "", fmt.Errorf("bad quoted name in %q", clip(s))
		}
		a, err := unquote(s[:end])
		if err != nil {
			return "", "", err
		}
		b, err := unquote(strings.TrimPrefix(s[end:], " "))
		return a, b, err
	}
	if i := strings.Index(s, ` "`); i >= 0 && strings.HasSuffix(s, `"`) {
		b, err := unquote(s[i+1:])
		return s[:i], b, err
	}
	if n := len(s); n%2 == 1 && s[n/2] == ' ' {
		a, b := s[:n/2], s[n/2+1:]
		if a == b || (hasPrefixPair(a, b) && a[2:] == b[2:]) {
			return a, b, nil
		}
	}
	if i := strings.Index(s, " b/"); i >= 0 {
		return s[:i], s[i+1:], nil
	}
	if i := strings.IndexByte(s, ' '); i >= 0 {
		return s[:i], s[i+1:], nil
	}
	return "", "", fmt.Errorf("cannot split names in %q", clip(s))
}

// quotedEnd returns the index just past the closing quote of the quoted
// string s starts with, or -1.
func quotedEnd(s string) int {
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return -1
}

// fileNames handles a ---/+++ pair.
func (p *parser) fileNames(oldRaw, newRaw string) error {
	p.pendingOldSet = false
	oldName, err := headerName(oldRaw)
	if err != nil {
		return err
	}
	newName, err := headerName(newRaw)
	if err != nil {
		return err
	}
	if !p.gitPending {
		// plain unified diff: the ---/+++ pair starts the file
		p.cur = &FileDiff{Status: StatusModified}
		p.files = append(p.files, p.cur)
		p.prefixed = oldName != "/dev/null" && newName != "/dev/null" && hasPrefixPair(oldName, newName) ||
			oldName == "/dev/null" && strings.HasPrefix(newName, "b/") ||
			newName == "/dev/null" && strings.HasPrefix(oldName, "a/")
	}
	p.gitPending = false
	strip := func(n string) string {
		if p.prefixed && len(n) > 2 && n[1] == '/' {
			return n[2:]
		}
		return n
	}
	switch {
	case oldName == "/dev/null":
		p.cur.Status, p.cur.OldPath, p.cur.NewPath = StatusAdded, "", strip(newName)
	case newName == "/dev/null":
		p.cur.Status, p.cur.OldPath, p.cur.NewPath = StatusRemoved, strip(oldName), ""
	default:
		p.cur.OldPath, p.cur.NewPath = strip(oldName), strip(newName)
	}
	return nil
}

// headerName reads the name of a ---/+++ line: quoted, or up to a tab (git
// adds one after names with spaces; diff -u puts a timestamp after it).
func headerName(raw string) (string, error) {
	if strings.HasPrefix(raw, `"`) {
		end := quotedEnd(raw)
		if end < 0 {
			return "", fmt.Errorf("bad quoted name %q", clip(raw))
		}
		return unquote(raw[:end])
	}
	if i := strings.IndexByte(raw, '\t'); i >= 0 {
		raw = raw[:i]
	}
	return strings.TrimRight(raw, "\r"), nil
}

func (p *parser) startHunk(line string) error {
	rest := line[3:]
	end := strings.Index(rest, " @@")
	if end < 0 {
		return fmt.Errorf("bad hunk header %q", clip(line))
	}
	ranges := strings.Fields(rest[:end])
	if len(ranges) != 2 || !strings.HasPrefix(ranges[0], "-") || !strings.HasPrefix(ranges[1], "+") {
		return fmt.Errorf("bad hunk header %q", clip(line))
	}
	h := &Hunk{Header: strings.TrimPrefix(rest[end+3:], " ")}
	var err1, err2 error
	h.OldStart, h.OldLines, err1 = parseRange(ranges[0][1:])
	h.NewStart, h.NewLines, err2 = parseRange(ranges[1][1:])
	if err := errors.Join(err1, err2); err != nil {
		return fmt.Errorf("bad hunk header %q: %w", clip(line), err)
	}
	p.cur.Hunks = append(p.cur.Hunks, h)
	p.hunk = h
	p.gitPending = false
	p.oldLeft, p.newLeft = h.OldLines, h.NewLines
	p.oldNext, p.newNext = h.OldStart, h.NewStart
	return nil
}

// parseRange reads "start[,count]"; the count defaults to 1.
func parseRange(s string) (start, count int, err error) {
	a, b, found := strings.Cut(s, ",")
	start, err = strconv.Atoi(a)
	if err != nil || start < 0 {
		return 0, 0, fmt.Errorf("bad range %q", s)
	}
	count = 1
	if found {
		count, err = strconv.Atoi(b)
		if err != nil || count < 0 {
			return 0, 0, fmt.Errorf("bad range %q", s)
		}
	}
	return start, count, nil
}

func (p *parser) hunkLine(line string) error {
	kind, text := byte(' '), ""
	if line != "" {
		kind, text = line[0], line[1:]
	}
	h := p.hunk
	switch kind {
	case ' ':
		if p.oldLeft == 0 || p.newLeft == 0 {
			return p.short(line)
		}
		h.Lines = append(h.Lines, Line{Kind: ' ', OldLine: p.oldNext, NewLine: p.newNext, Text: text})
		p.oldNext++
		p.newNext++
		p.oldLeft--
		p.newLeft--
	case '-':
		if p.oldLeft == 0 {
			return p.short(line)
		}
		h.Lines = append(h.Lines, Line{Kind: '-', OldLine: p.oldNext, Text: text})
		p.oldNext++
		p.oldLeft--
	case '+':
		if p.newLeft == 0 {
			return p.short(line)
		}
		h.Lines = append(h.Lines, Line{Kind: '+', NewLine: p.newNext, Text: text})
		p.newNext++
		p.newLeft--
	case '\\':
		// "\ No newline at end of file"
	default:
		return p.short(line)
	}
	return nil
}

func (p *parser) short(line string) error {
	return fmt.Errorf("hunk %s: unexpected %q with %d old and %d new lines left", hunkRange(p.hunk), clip(line), p.oldLeft, p.newLeft)
}

// unquote decodes a name git quoted C-style ("a\tb", "\303\251"); a name
// without quotes is returned as it is.
func unquote(s string) (string, error) {
	if len(s) < 2 || s[0] != '"' || s[len(s)-1] != '"' {
		return s, nil
	}
	s = s[1 : len(s)-1]
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		i++
		if i >= len(s) {
			return "", fmt.Errorf("bad escape at end of %q", s)
		}
		switch c = s[i]; c {
		case 'a':
			b.WriteByte('\a')
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'v':
			b.WriteByte('\v')
		case '\\', '"':
			b.WriteByte(c)
		case '0', '1', '2', '3':
			if i+2 >= len(s) || !isOctal(s[i+1]) || !isOctal(s[i+2]) {
				return "", fmt.Errorf("bad octal escape in %q", s)
			}
			b.WriteByte((c-'0')<<6 | (s[i+1]-'0')<<3 | (s[i+2] - '0'))
			i += 2
		default:
			return "", fmt.Errorf("bad escape \\%c in %q", c, s)
		}
	}
	return b.String(), nil
}

func isOctal(c byte) bool { return '0' <= c && c <= '7' }
