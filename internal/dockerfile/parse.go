package dockerfile

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/moby/buildkit/frontend/dockerfile/parser"

	"github.com/stevedore-dev/stevedore/internal/finding"
)

// ParseError is a Dockerfile that BuildKit would refuse, at the failing line.
type ParseError struct {
	Path string
	// Line is the 1-based line BuildKit blamed (best effort, at least 1).
	Line int
	// Msg is BuildKit's message without its "line N" prefix.
	Msg string
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("parse %s:%d: %s", e.Path, e.Line, e.Msg)
}

// Parse reads a Dockerfile. A file BuildKit cannot parse (syntax error,
// unknown instruction, empty, no FROM) gives a *ParseError; an unknown
// Options.Target gives a plain error. Bad input never panics.
func Parse(path string, content []byte, opts Options) (f *File, err error) {
	defer func() {
		if r := recover(); r != nil {
			f, err = nil, &ParseError{Path: path, Line: 1, Msg: fmt.Sprintf("internal error while parsing: %v", r)}
		}
	}()
	f = &File{Path: path}
	f.source, f.Lines = splitLines(content)

	res, err := parseBuildKit(content)
	if err != nil {
		return nil, newParseError(path, err)
	}
	f.Escape = res.EscapeToken
	head := directiveHead(content)
	f.Syntax = detectSyntax(content, head)

	lint := f.newLinter(content, head)
	for _, w := range res.Warnings {
		if w.URL == linter.RuleNoEmptyContinuation.URL && w.Location != nil {
			lint.Run(&linter.RuleNoEmptyContinuation, []parser.Range{*w.Location}, linter.RuleNoEmptyContinuation.Format())
		}
	}

	b := builder{f: f, opts: opts}
	for _, node := range res.AST.Children {
		v, err := instructions.ParseInstructionWithLinter(node, lint)
		if err != nil {
			return nil, newParseError(path, err)
		}
		if err := b.add(node, v); err != nil {
			return nil, newParseError(path, err)
		}
	}
	if len(f.Stages) == 0 {
		return nil, &ParseError{Path: path, Line: max(1, len(f.Lines)), Msg: "no FROM instruction: the Dockerfile has no build stage"}
	}
	if err := b.finish(); err != nil {
		return nil, err
	}
	return f, nil
}

// newLinter builds BuildKit's linter from the `# check=` directive, with a
// Warn function that collects into f.Warnings.
func (f *File) newLinter(content, head []byte) *linter.Linter {
	raw, loc := parseCheckDirective(content, head)
	f.Check.Raw = raw
	cfg, err := linter.ParseLintOptions(raw)
	if err != nil {
		line := 1
		if len(loc) > 0 {
			line = loc[0].Start.Line
		}
		f.Warnings = append(f.Warnings, Warning{
			RuleName:    "InvalidCheckDirective",
			Description: "The # check= directive cannot be parsed (BuildKit fails the build)",
			Message:     err.Error(),
			Range:       finding.Line(line),
		})
		cfg = &linter.Config{}
	}
	f.Check.SkipAll, f.Check.Skip, f.Check.Error = cfg.SkipAll, cfg.SkipRules, cfg.ReturnAsError
	cfg.Warn = func(rule, desc, url, msg string, loc []parser.Range) {
		f.Warnings = append(f.Warnings, Warning{RuleName: rule, Description: desc, URL: url, Message: msg, Range: rangeOf(loc)})
	}
	return linter.New(cfg)
}

func rangeOf(loc []parser.Range) finding.Range {
	start, end := 0, 0
	for _, r := range loc {
		if start == 0 || r.Start.Line < start {
			start = r.Start.Line
		}
		end = max(end, r.End.Line, r.Start.Line)
	}
	return finding.Lines(start, end).Normalize()
}

// newParseError turns a BuildKit error into a *ParseError at its line.
func newParseError(path string, err error) *ParseError {
	pe := &ParseError{Path: path, Line: 1, Msg: err.Error()}
	var le *parser.LocationError
	if errors.As(err, &le) {
		for _, rs := range le.Locations {
			if len(rs) > 0 && rs[0].Start.Line > 0 {
				pe.Line = rs[0].Start.Line
				break
			}
		}
		if inner := le.Unwrap(); inner != nil {
			pe.Msg = inner.Error()
		}
	} else {
		var ue *instructions.UnknownInstructionError
		if errors.As(err, &ue) && ue.Line > 0 {
			pe.Line = ue.Line
		}
	}
	pe.Msg = strings.TrimSpace(pe.Msg)
	return pe
}

// splitLines splits content into lines without their "\n"; text is the
// lines joined with "\n" (content without its final newline).
func splitLines(content []byte) (text string, lines []string) {
	s := string(content)
	s = strings.TrimSuffix(s, "\n")
	if s == "" && len(content) == 0 {
		return "", nil
	}
	return s, strings.Split(s, "\n")
}

// builder assembles a File from BuildKit's nodes and typed commands.
type builder struct {
	f    *File
	opts Options
}

func (b *builder) add(node *parser.Node, v any) error {
	f := b.f
	in := &Instruction{
		Cmd:      strings.ToUpper(node.Value),
		Original: node.Original,
		Flags:    node.Flags,
		Args:     nodeArgs(node),
		JSONForm: node.Attributes["json"],
		Comments: node.PrevComment,
	}
	lay := layout(f.Lines, node.StartLine, f.Escape, node.Heredocs)
	in.Range = finding.Lines(node.StartLine, max(node.EndLine, lay.end))
	in.Heredocs = lay.heredocs

	switch c := v.(type) {
	case *instructions.Stage:
		st := &Stage{
			Index:    len(f.Stages),
			Name:     c.Name,
			From:     in,
			BaseRaw:  c.BaseName,
			Platform: c.Platform,
			Command:  c,
			file:     f,
		}
		in.Stage = st
		f.Stages = append(f.Stages, st)
		return nil
	case *instructions.ArgCommand:
		if len(f.Stages) == 0 {
			in.Command = c
			f.GlobalArgs = append(f.GlobalArgs, in)
			return nil
		}
	}
	cmd, ok := v.(instructions.Command)
	if !ok {
		return parser.WithLocation(fmt.Errorf("%T is not a command type", v), node.Location())
	}
	if len(f.Stages) == 0 {
		return parser.WithLocation(errors.New("no build stage in current context: the first instruction must be FROM (or ARG)"), node.Location())
	}
	st := f.Stages[len(f.Stages)-1]
	in.Command = cmd
	in.Stage = st
	st.Instructions = append(st.Instructions, in)
	if rc, ok := cmd.(*instructions.RunCommand); ok {
		in.lay = &lay
		if slices.Contains(rc.FlagsUsed, "mount") {
			// BuildKit reads every field of a --mount only when it expands
			// the command (before that it keeps from= alone); words are
			// kept as written, as everywhere in the model. A mount BuildKit
			// would refuse keeps its from= only.
			_ = rc.Expand(func(word string) (string, error) { return word, nil })
		}
	}
	return nil
}

// ErrUnknownTarget is wrapped by Parse when Options.Target names no stage.
var ErrUnknownTarget = errors.New("no stage of that name")

// finish resolves global ARGs, bases, the target and stage links.
func (b *builder) finish() error {
	f := b.f
	f.buildArgs = b.opts.BuildArgs
	f.globalArgs = globalArgValues(f.GlobalArgs, b.opts.BuildArgs, f.Escape)
	for _, st := range f.Stages {
		b.resolveBase(st)
	}
	f.FinalIndex = len(f.Stages) - 1
	if b.opts.Target != "" {
		t := f.Stage(b.opts.Target)
		if t == nil {
			return fmt.Errorf("parse %s: target stage %q: %w", f.Path, b.opts.Target, ErrUnknownTarget)
		}
		f.FinalIndex = t.Index
		f.Target = t.Name
	}
	f.linkStages(b.opts.Target != "")
	return nil
}

func (b *builder) resolveBase(st *Stage) {
	f := b.f
	base, ok := expandGlobal(st.BaseRaw, f.globalArgs, f.Escape)
	if !ok || strings.TrimSpace(base) == "" {
		st.BaseUnresolved = true
		return
	}
	st.Base = base
	// BuildKit looks earlier stage names up first: after `FROM x AS
	// scratch`, `FROM scratch` builds on that stage, not the empty image.
	lower := strings.ToLower(base)
	for i := st.Index - 1; i >= 0; i-- {
		if f.Stages[i].Name != "" && f.Stages[i].Name == lower {
			st.BaseStage = f.Stages[i]
			return
		}
	}
	st.Scratch = lower == "scratch"
}

// nodeArgs mirrors BuildKit's unexported instructions.nodeArgs.
func nodeArgs(node *parser.Node) []string {
	var out []string
	for ; node.Next != nil; node = node.Next {
		arg := node.Next
		switch len(arg.Children) {
		case 0:
			out = append(out, arg.Value)
		case 1:
			out = append(out, arg.Children[0].Value)
			out = append(out, nodeArgs(arg.Children[0])...)
		}
	}
	return out
}
