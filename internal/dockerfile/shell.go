package dockerfile

import (
	"errors"
	"fmt"
	"path"
	"strings"
	"sync"

	"mvdan.cc/sh/v3/syntax"
)

// Script is the shell of one RUN instruction, parsed with mvdan.cc/sh (bash
// dialect). It is never nil for a RUN; a script that cannot be parsed keeps
// the error in Err and whatever commands were found before it.
type Script struct {
	// Commands are the simple commands in source order, including those
	// inside &&/||/; lists, pipes, subshells, if/for/while/case bodies,
	// functions, command substitutions and `sh -c "…"` strings (one level).
	Commands []*Command
	// Err is the shell parse error, or why the script was not parsed (a
	// non-POSIX SHELL, a heredoc with a non-shell #! line).
	Err error
	// Shell is the shell that runs a shell-form RUN (the stage's SHELL, else
	// ["/bin/sh", "-c"]); nil for the exec form.
	Shell []string
	// Interpreter is the #! interpreter of a RUN <<EOF body that BuildKit
	// runs as a file ("python3"); "" otherwise.
	Interpreter string

	memoMu sync.Mutex
	memo   map[any]any
}

// Memo returns what compute derives from the script, computed once per
// script and key, so rules that each need the same reading of a RUN (the
// package-manager calls) share it. It is safe for concurrent callers. key
// should be a value of an unexported type of the caller's package, as
// with context keys; callers must treat the value as read-only. A nil
// script computes every time.
func (s *Script) Memo(key any, compute func() any) any {
	if s == nil {
		return compute()
	}
	s.memoMu.Lock()
	v, ok := s.memo[key]
	s.memoMu.Unlock()
	if ok {
		return v
	}
	v = compute() // unlocked: compute may itself ask for another key
	s.memoMu.Lock()
	defer s.memoMu.Unlock()
	if first, ok := s.memo[key]; ok {
		return first // a concurrent caller was first
	}
	if s.memo == nil {
		s.memo = map[any]any{}
	}
	s.memo[key] = v
	return v
}

// Find returns the commands with one of the given names (after unwrapping
// sudo, env, …; compared with the base name, so "/usr/bin/apt-get" is
// "apt-get").
func (s *Script) Find(names ...string) []*Command {
	if s == nil {
		return nil
	}
	var out []*Command
	for _, c := range s.Commands {
		for _, n := range names {
			if c.Name == n {
				out = append(out, c)
				break
			}
		}
	}
	return out
}

// Pipeline is a chain of commands joined by | or |&.
type Pipeline struct {
	// Commands are the commands of the pipeline in order; Command.PipeIndex
	// says which element each belongs to (an element such as `(a && b)` may
	// hold several).
	Commands []*Command
	// Len is the number of elements.
	Len int
}

// Command is one simple command of a shell script.
type Command struct {
	// Name is the base name of the command word after unwrapping wrappers
	// ("apt-get" for `sudo -E /usr/bin/apt-get install`).
	Name string
	// Path is the command word as written ("/usr/bin/apt-get").
	Path string
	// Args are the remaining words with quotes and escapes removed; parts
	// that cannot be resolved statically ($VAR, $(cmd), globs' braces) are
	// kept as written (see Literal).
	Args []string
	// Line is the Dockerfile line the command starts on.
	Line int
	// Pipeline is the pipe the command is part of, nil when not in one.
	Pipeline *Pipeline
	// PipeIndex is the element of Pipeline holding the command.
	PipeIndex int
	// Sudo is true when the command runs under sudo or doas.
	Sudo bool
	// SudoUser is the user sudo or doas runs the command as when -u/--user
	// names one ("node" for `sudo -u node npm install`), "" otherwise.
	SudoUser string
	// Wrappers are the wrapper commands removed before Name, outermost
	// first ("sudo", "env", "exec", "nohup", "time", "nice", "timeout",
	// "xargs", "command", "builtin", "stdbuf", "doas").
	Wrappers []string
	// Env are NAME=value assignments for the command (`X=1 cmd`, `env X=1 cmd`).
	Env []string
	// Raw is the command's source text.
	Raw string
	// Parent is the command whose $(…), <(…) or `sh -c` string holds this
	// one, nil at the top level.
	Parent *Command

	literal []bool
}

// Literal reports whether Args[i] is fully known (no $VAR, $(…) etc.).
func (c *Command) Literal(i int) bool {
	return i >= 0 && i < len(c.literal) && c.literal[i]
}

// Has reports whether any of the given flags is among the options (the
// arguments before a "--"). A long flag matches "--flag" and "--flag=…"; a
// one-letter short flag "-y" also matches inside combined letters ("-qy").
func (c *Command) Has(flags ...string) bool {
	for _, f := range flags {
		if len(f) == 2 && f[0] == '-' && f[1] != '-' {
			if c.HasShort(rune(f[1])) {
				return true
			}
			continue
		}
		for _, a := range c.Args {
			if a == "--" {
				break
			}
			if a == f || (strings.HasPrefix(f, "--") && strings.HasPrefix(a, f+"=")) {
				return true
			}
		}
	}
	return false
}

// HasShort reports whether the short option r is set, alone ("-k") or in a
// group of letters ("-fsSLk"). Groups with other characters ("-oFoo=1",
// "-j4") are not read as groups.
func (c *Command) HasShort(r rune) bool {
	for _, a := range c.Args {
		if a == "--" {
			break
		}
		if len(a) < 2 || a[0] != '-' || a[1] == '-' {
			continue
		}
		if a == "-"+string(r) {
			return true
		}
		group := a[1:]
		letters := true
		for _, ch := range group {
			if !(ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z') {
				letters = false
				break
			}
		}
		if letters && strings.ContainsRune(group, r) {
			return true
		}
	}
	return false
}

// Value returns the value of an option given as "--name=value", "--name
// value", "-n value" or "-nvalue", for the first matching name.
func (c *Command) Value(names ...string) (string, bool) {
	for i, a := range c.Args {
		if a == "--" {
			break
		}
		for _, n := range names {
			switch {
			case a == n:
				if i+1 < len(c.Args) {
					return c.Args[i+1], true
				}
				return "", true
			case strings.HasPrefix(n, "--") && strings.HasPrefix(a, n+"="):
				return a[len(n)+1:], true
			case len(n) == 2 && n[0] == '-' && n[1] != '-' && strings.HasPrefix(a, n) && len(a) > 2 && a[1] != '-':
				return a[2:], true
			}
		}
	}
	return "", false
}

// Sub returns the first argument that is not an option ("install" for
// `apt-get -y install curl`), "" when there is none. Options taking a
// separate value (`-o X`) are not known and may be returned.
func (c *Command) Sub() string {
	for _, a := range c.Operands() {
		return a
	}
	return ""
}

// Operands returns the arguments that are not options: those not starting
// with "-", and everything after "--".
func (c *Command) Operands() []string {
	var out []string
	dash := false
	for _, a := range c.Args {
		switch {
		case dash:
			out = append(out, a)
		case a == "--":
			dash = true
		case strings.HasPrefix(a, "-") && a != "-":
		default:
			out = append(out, a)
		}
	}
	return out
}

// PipesTo returns the commands later in c's pipeline (those that read what
// c writes), nil when c is not in a pipe.
func (c *Command) PipesTo() []*Command {
	if c.Pipeline == nil {
		return nil
	}
	var out []*Command
	for _, d := range c.Pipeline.Commands {
		if d.PipeIndex > c.PipeIndex {
			out = append(out, d)
		}
	}
	return out
}

// String returns the command's source text.
func (c *Command) String() string { return c.Raw }

// posixShells are the shells whose scripts mvdan.cc/sh can read.
var posixShells = map[string]bool{"sh": true, "bash": true, "dash": true, "ash": true, "zsh": true, "ksh": true, "mksh": true, "busybox": true}

func shellName(word string) string {
	return strings.TrimSuffix(strings.ToLower(path.Base(strings.ReplaceAll(word, "\\", "/"))), ".exe")
}

// shellParser parses the scripts of one RUN; not concurrency-safe.
type shellParser struct {
	p *syntax.Parser
}

var syntaxParsers = sync.Pool{New: func() any { return syntax.NewParser(syntax.Variant(syntax.LangBash)) }}

func newShellParser() *shellParser {
	return &shellParser{p: syntaxParsers.Get().(*syntax.Parser)}
}

func (sp *shellParser) release() {
	syntaxParsers.Put(sp.p)
	sp.p = nil
}

func (sp *shellParser) parse(src string) (*syntax.File, error) {
	return sp.p.Parse(strings.NewReader(src), "")
}

// maxNesting bounds how deep `sh -c "…"` strings and shells fed a heredoc
// are parsed.
const maxNesting = 2

// scriptWalker collects the commands of one parsed script.
type scriptWalker struct {
	sp       *shellParser
	script   *Script
	src      string
	base     int // Dockerfile line of the script's line 1
	minLine  int
	maxLine  int
	depth    int
	parent   *Command
	pipeline *Pipeline
	pipeIdx  int
}

// parseScript parses src (whose line 1 is Dockerfile line base) and appends
// its commands to s. Lines are clamped to [minLine, maxLine].
func (sp *shellParser) parseScript(s *Script, src string, base, minLine, maxLine, depth int, parent *Command) {
	f, err := sp.parse(src)
	if err != nil {
		var pe syntax.ParseError
		if errors.As(err, &pe) {
			err = fmt.Errorf("line %d: %s", clamp(base+int(pe.Pos.Line())-1, minLine, maxLine), pe.Text)
		}
		if s.Err == nil {
			s.Err = err
		}
	}
	if f == nil {
		return
	}
	w := &scriptWalker{sp: sp, script: s, src: src, base: base, minLine: minLine, maxLine: maxLine, depth: depth, parent: parent}
	w.stmts(f.Stmts)
}

func clamp(n, lo, hi int) int {
	if hi >= lo {
		n = min(n, hi)
	}
	return max(n, lo)
}

func (w *scriptWalker) line(p syntax.Pos) int {
	return clamp(w.base+int(p.Line())-1, w.minLine, w.maxLine)
}

func (w *scriptWalker) text(n syntax.Node) string {
	s, e := int(n.Pos().Offset()), int(n.End().Offset())
	if s < 0 || e > len(w.src) || s > e {
		return ""
	}
	return w.src[s:e]
}

func (w *scriptWalker) stmts(list []*syntax.Stmt) {
	for _, s := range list {
		w.stmt(s)
	}
}

func (w *scriptWalker) stmt(s *syntax.Stmt) {
	if s == nil {
		return
	}
	before := len(w.script.Commands)
	w.command(s.Cmd)
	for _, r := range s.Redirs {
		w.substs(r.Word)
	}
	// A shell fed a heredoc on stdin (`bash <<EOF`) runs its body.
	if len(w.script.Commands) > before && w.depth < maxNesting {
		c := w.script.Commands[before]
		if posixShells[c.Name] && len(c.Operands()) == 0 {
			for _, r := range s.Redirs {
				if (r.Op == syntax.Hdoc || r.Op == syntax.DashHdoc) && r.Hdoc != nil {
					body, _ := w.render(r.Hdoc)
					w.sp.parseScript(w.script, body, w.line(r.Hdoc.Pos()), w.minLine, w.maxLine, w.depth+1, c)
				}
			}
		}
	}
}

func (w *scriptWalker) command(cmd syntax.Command) {
	switch c := cmd.(type) {
	case *syntax.CallExpr:
		w.call(c)
	case *syntax.BinaryCmd:
		if c.Op == syntax.Pipe || c.Op == syntax.PipeAll {
			w.pipe(c)
			return
		}
		w.stmt(c.X)
		w.stmt(c.Y)
	case *syntax.Subshell:
		w.stmts(c.Stmts)
	case *syntax.Block:
		w.stmts(c.Stmts)
	case *syntax.IfClause:
		for ; c != nil; c = c.Else {
			w.stmts(c.Cond)
			w.stmts(c.Then)
		}
	case *syntax.WhileClause:
		w.stmts(c.Cond)
		w.stmts(c.Do)
	case *syntax.ForClause:
		if it, ok := c.Loop.(*syntax.WordIter); ok {
			for _, wd := range it.Items {
				w.substs(wd)
			}
		}
		w.stmts(c.Do)
	case *syntax.CaseClause:
		w.substs(c.Word)
		for _, it := range c.Items {
			w.stmts(it.Stmts)
		}
	case *syntax.FuncDecl:
		w.stmt(c.Body)
	case *syntax.TimeClause:
		w.stmt(c.Stmt)
	case *syntax.CoprocClause:
		w.stmt(c.Stmt)
	case *syntax.DeclClause:
		w.decl(c)
	case nil:
	default:
		w.substs(c)
	}
}

// pipe flattens a | b | c into one Pipeline.
func (w *scriptWalker) pipe(c *syntax.BinaryCmd) {
	var elems []*syntax.Stmt
	var flatten func(s *syntax.Stmt)
	flatten = func(s *syntax.Stmt) {
		if b, ok := s.Cmd.(*syntax.BinaryCmd); ok && (b.Op == syntax.Pipe || b.Op == syntax.PipeAll) && !s.Negated && len(s.Redirs) == 0 {
			flatten(b.X)
			flatten(b.Y)
			return
		}
		elems = append(elems, s)
	}
	flatten(c.X)
	flatten(c.Y)
	p := &Pipeline{Len: len(elems)}
	saveP, saveI := w.pipeline, w.pipeIdx
	for i, s := range elems {
		w.pipeline, w.pipeIdx = p, i
		w.stmt(s)
	}
	w.pipeline, w.pipeIdx = saveP, saveI
}

func (w *scriptWalker) decl(c *syntax.DeclClause) {
	cmd := &Command{Name: c.Variant.Value, Path: c.Variant.Value, Line: w.line(c.Pos()), Raw: w.text(c), Parent: w.parent}
	for _, a := range c.Args {
		var s string
		lit := true
		switch {
		case a.Naked && a.Name != nil:
			s = a.Name.Value
		case a.Name != nil && a.Value != nil:
			v, l := w.render(a.Value)
			s, lit = a.Name.Value+"="+v, l
		case a.Name != nil:
			s = a.Name.Value + "="
		case a.Value != nil:
			s, lit = w.render(a.Value)
		default:
			s, lit = w.text(a), false
		}
		cmd.Args = append(cmd.Args, s)
		cmd.literal = append(cmd.literal, lit)
	}
	w.add(cmd)
	w.substs(c)
}

func (w *scriptWalker) add(c *Command) {
	if w.pipeline != nil {
		c.Pipeline, c.PipeIndex = w.pipeline, w.pipeIdx
		w.pipeline.Commands = append(w.pipeline.Commands, c)
	}
	w.script.Commands = append(w.script.Commands, c)
}

func (w *scriptWalker) call(c *syntax.CallExpr) {
	if len(c.Args) == 0 {
		for _, a := range c.Assigns {
			w.substs(a)
		}
		return
	}
	words := make([]string, len(c.Args))
	lits := make([]bool, len(c.Args))
	for i, a := range c.Args {
		words[i], lits[i] = w.render(a)
	}
	cmd := &Command{Line: w.line(c.Pos()), Raw: w.text(c), Parent: w.parent}
	for _, a := range c.Assigns {
		if a.Name != nil {
			v := ""
			if a.Value != nil {
				v, _ = w.render(a.Value)
			}
			cmd.Env = append(cmd.Env, a.Name.Value+"="+v)
		}
	}
	i := unwrap(cmd, words)
	cmd.Path = words[i]
	cmd.Name = shellName(words[i])
	if !strings.ContainsAny(cmd.Name, "/") && strings.HasSuffix(words[i], "/") {
		cmd.Name = words[i]
	}
	cmd.Args = words[i+1:]
	cmd.literal = lits[i+1:]
	w.add(cmd)

	// Commands inside $(…) and <(…) of this call.
	saveParent, saveP := w.parent, w.pipeline
	w.parent, w.pipeline = cmd, nil
	for _, a := range c.Assigns {
		w.substs(a)
	}
	for _, a := range c.Args {
		w.substs(a)
	}
	w.parent, w.pipeline = saveParent, saveP

	if posixShells[cmd.Name] && w.depth < maxNesting {
		if k := shellDashC(cmd.Args); k >= 0 {
			arg := c.Args[len(c.Args)-len(cmd.Args)+k]
			body, _ := w.render(arg)
			w.sp.parseScript(w.script, body, w.line(arg.Pos()), w.minLine, w.maxLine, w.depth+1, cmd)
		}
	}
}

// substs walks the command and process substitutions inside n.
func (w *scriptWalker) substs(n syntax.Node) {
	if n == nil || plainWord(n) {
		return
	}
	syntax.Walk(n, func(n syntax.Node) bool {
		switch s := n.(type) {
		case *syntax.CmdSubst:
			w.nested(s.Stmts)
			return false
		case *syntax.ProcSubst:
			w.nested(s.Stmts)
			return false
		}
		return true
	})
}

// plainWord reports whether n is a word of literals and single-quoted
// strings only, which hold no substitution (most words are).
func plainWord(n syntax.Node) bool {
	word, ok := n.(*syntax.Word)
	if !ok || word == nil {
		return false
	}
	for _, p := range word.Parts {
		switch p.(type) {
		case *syntax.Lit, *syntax.SglQuoted:
		default:
			return false
		}
	}
	return true
}

func (w *scriptWalker) nested(list []*syntax.Stmt) {
	saveP, saveI := w.pipeline, w.pipeIdx
	w.pipeline = nil
	w.stmts(list)
	w.pipeline, w.pipeIdx = saveP, saveI
}

// shellDashC returns the index in args of the script string of
// `sh [options] -c script …`, or -1.
func shellDashC(args []string) int {
	hasC := false
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			if hasC && i+1 < len(args) {
				return i + 1
			}
			return -1
		case a == "-o" || a == "+o" || a == "-O" || a == "+O":
			i++
		case strings.HasPrefix(a, "--"):
		case len(a) > 1 && (a[0] == '-' || a[0] == '+'):
			if a[0] == '-' && strings.ContainsRune(a[1:], 'c') {
				hasC = true
			}
		default:
			if hasC {
				return i
			}
			return -1
		}
	}
	return -1
}

// render returns a word with quotes and escapes removed, and whether it was
// fully literal. Expansions are kept as written.
func (w *scriptWalker) render(word *syntax.Word) (string, bool) {
	if word == nil {
		return "", true
	}
	if len(word.Parts) == 1 {
		if l, ok := word.Parts[0].(*syntax.Lit); ok && strings.IndexByte(l.Value, '\\') < 0 {
			return l.Value, true
		}
	}
	var b strings.Builder
	lit := w.renderParts(&b, word.Parts, false)
	return b.String(), lit
}

func (w *scriptWalker) renderParts(b *strings.Builder, parts []syntax.WordPart, inDouble bool) bool {
	lit := true
	for _, p := range parts {
		switch p := p.(type) {
		case *syntax.Lit:
			unescape(b, p.Value, inDouble)
		case *syntax.SglQuoted:
			if p.Dollar {
				b.WriteString(w.text(p))
				lit = false
				continue
			}
			b.WriteString(strings.ReplaceAll(p.Value, "\\\n", ""))
		case *syntax.DblQuoted:
			if !w.renderParts(b, p.Parts, true) {
				lit = false
			}
		default:
			b.WriteString(w.text(p))
			lit = false
		}
	}
	return lit
}

// unescape removes shell backslash escapes from a literal.
func unescape(b *strings.Builder, s string, inDouble bool) {
	if strings.IndexByte(s, '\\') < 0 {
		b.WriteString(s)
		return
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 >= len(s) {
			b.WriteByte(c)
			continue
		}
		n := s[i+1]
		switch {
		case n == '\n':
			i++
		case !inDouble:
			b.WriteByte(n)
			i++
		case n == '$' || n == '`' || n == '"' || n == '\\':
			b.WriteByte(n)
			i++
		default:
			b.WriteByte(c)
		}
	}
}

// unwrap strips wrapper commands (sudo, env, …) from words, recording them
// in c, and returns the index of the real command word.
func unwrap(c *Command, words []string) int {
	i := 0
	for i < len(words)-1 {
		name := shellName(words[i])
		j := -1
		switch name {
		case "sudo":
			j = skipOptions(words, i+1, "ugCDhpPrtTUR", true)
			c.SudoUser = sudoUser(words[i+1 : min(j, len(words))])
			j = skipAssigns(c, words, j)
		case "doas":
			j = skipOptions(words, i+1, "uC", true)
			c.SudoUser = sudoUser(words[i+1 : min(j, len(words))])
		case "env":
			j = skipEnvOptions(words, i+1)
			j = skipAssigns(c, words, j)
		case "exec":
			j = skipOptions(words, i+1, "a", false)
		case "nohup", "builtin":
			j = i + 1
			if j < len(words) && words[j] == "--" {
				j++
			}
		case "command":
			if hasAnyShort(words[i+1:], "vV") {
				return i
			}
			j = skipOptions(words, i+1, "", false)
		case "time":
			j = skipOptions(words, i+1, "fo", false)
		case "nice":
			j = skipOptions(words, i+1, "n", false)
		case "stdbuf":
			j = skipOptions(words, i+1, "ioe", false)
		case "timeout":
			j = skipOptions(words, i+1, "sk", false)
			if j < len(words) {
				j++ // the duration
			}
		case "xargs":
			j = skipOptions(words, i+1, "adEIiLlnPs", false)
		}
		if j < 0 || j >= len(words) {
			return i
		}
		c.Wrappers = append(c.Wrappers, name)
		if name == "sudo" || name == "doas" {
			c.Sudo = true
		}
		i = j
	}
	return i
}

// sudoUser returns the value of -u/--user among the options of sudo or
// doas ("-u node", "-unode", "--user=node"), "" when none is given.
func sudoUser(opts []string) string {
	for k, a := range opts {
		switch {
		case a == "-u" || a == "--user":
			if k+1 < len(opts) {
				return opts[k+1]
			}
		case strings.HasPrefix(a, "--user="):
			return a[len("--user="):]
		case strings.HasPrefix(a, "-u") && len(a) > 2:
			return a[2:]
		}
	}
	return ""
}

// skipOptions skips options from words[i:]; short options listed in
// withValue take the next word (or the rest of their group). Long options
// with a separate value are only handled for sudo's --user and friends.
func skipOptions(words []string, i int, withValue string, sudoLong bool) int {
	for i < len(words) {
		a := words[i]
		switch {
		case a == "--":
			return i + 1
		case strings.HasPrefix(a, "--"):
			if sudoLong && !strings.Contains(a, "=") {
				switch a {
				case "--user", "--group", "--chdir", "--chroot", "--host", "--prompt", "--role", "--type", "--close-from", "--other-user", "--command-timeout":
					i++
				}
			}
			i++
		case len(a) > 1 && a[0] == '-':
			// A short group: the first letter that takes a value ends it.
			for k := 1; k < len(a); k++ {
				if strings.IndexByte(withValue, a[k]) >= 0 {
					if k == len(a)-1 {
						i++
					}
					break
				}
			}
			i++
		default:
			return i
		}
	}
	return i
}

func skipEnvOptions(words []string, i int) int {
	for i < len(words) {
		a := words[i]
		switch {
		case a == "--":
			return i + 1
		case a == "-u" || a == "-C" || a == "--unset" || a == "--chdir":
			i += 2
		case a == "-S" || strings.HasPrefix(a, "--split-string"):
			return len(words) // env -S "cmd args": not followed
		case strings.HasPrefix(a, "-") && a != "-":
			i++
		default:
			return i
		}
	}
	return i
}

func skipAssigns(c *Command, words []string, i int) int {
	for i < len(words) && isAssign(words[i]) {
		c.Env = append(c.Env, words[i])
		i++
	}
	return i
}

func isAssign(w string) bool {
	k, _, ok := strings.Cut(w, "=")
	if !ok || k == "" {
		return false
	}
	for i, r := range k {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

func hasAnyShort(words []string, letters string) bool {
	for _, a := range words {
		if !strings.HasPrefix(a, "-") || strings.HasPrefix(a, "--") {
			return false
		}
		if strings.ContainsAny(a[1:], letters) {
			return true
		}
	}
	return false
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
