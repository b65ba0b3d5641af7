package dockerfile

import (
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"

	"github.com/stevedore-dev/stevedore/internal/finding"
)

// Options change how a Dockerfile is read, like `docker build` flags do.
type Options struct {
	// Target names the stage to build (`--target`); empty means the last stage.
	Target string
	// BuildArgs override ARG defaults (`--build-arg NAME=value`).
	BuildArgs map[string]string
}

// File is a parsed Dockerfile.
type File struct {
	// Path is the path the file was parsed under (as given to Parse).
	Path string
	// Lines are the file's lines without their "\n" (a CRLF file keeps its
	// "\r"), so Lines[n-1] is line n.
	Lines []string
	// Stages are the build stages in file order.
	Stages []*Stage
	// GlobalArgs are the ARG instructions before the first FROM.
	GlobalArgs []*Instruction
	// FinalIndex is the index in Stages of the stage that is built: the one
	// named by Options.Target, else the last one.
	FinalIndex int
	// Escape is the escape character (`\` unless `# escape=` says "`").
	Escape rune
	// Syntax is the value of a `# syntax=` directive, "" when there is none.
	Syntax string
	// Check holds the `# check=` directive's settings.
	Check CheckDirective
	// Warnings are BuildKit's own lint warnings for this file, honouring
	// `# check=skip=…`.
	Warnings []Warning
	// Target is the stage name Options.Target asked for, "" when the build
	// names no target (the last stage is built, and any stage nothing
	// consumes may be built on its own: see Outputs).
	Target string

	globalArgs map[string]argValue
	buildArgs  map[string]string
	source     string // Lines joined with "\n"
	consumed   []bool // by stage index: a later stage uses it (Consumed)
	mayShip    []bool // by stage index: MayShip
}

// Source returns the whole text: Lines joined with "\n" (the content
// without its final newline), without copying. Compact drops it.
func (f *File) Source() string { return f.source }

// CheckDirective is the parsed `# check=skip=…;error=true` directive.
type CheckDirective struct {
	// Raw is the directive's value as written, "" when absent.
	Raw string
	// SkipAll is set by `skip=all`.
	SkipAll bool
	// Skip lists the skipped BuildKit rule names.
	Skip []string
	// Error is set by `error=true`: BuildKit fails the build on any warning.
	Error bool
}

// Skips reports whether the directive turns off a BuildKit check with one
// of names: skip=all, or skip= listing one of them exactly as written (as
// BuildKit's linter looks them up).
func (c CheckDirective) Skips(names []string) bool {
	if c.SkipAll {
		return len(names) > 0
	}
	return slices.ContainsFunc(names, func(n string) bool { return slices.Contains(c.Skip, n) })
}

// Warning is one BuildKit lint warning.
type Warning struct {
	// RuleName is BuildKit's rule name, e.g. "StageNameCasing".
	RuleName string
	// Description is the rule's one-line description.
	Description string
	// URL points at BuildKit's page for the rule.
	URL string
	// Message describes this occurrence.
	Message string
	// Range covers the lines BuildKit pointed at.
	Range finding.Range
}

// Stage is one FROM … section of a Dockerfile.
type Stage struct {
	// Index is the stage's position in File.Stages.
	Index int
	// Name is the lower-cased `AS` name, "" when unnamed.
	Name string
	// From is the FROM instruction that opens the stage.
	From *Instruction
	// BaseRaw is the base as written, before ARG expansion ("${IMG}:1").
	BaseRaw string
	// Base is the base after expanding global ARGs with BuildKit's lexer;
	// "" when BaseUnresolved.
	Base string
	// BaseUnresolved is true when the base uses an ARG with no known value
	// (no default, no build arg, or one of BuildKit's automatic platform
	// ARGs such as TARGETARCH). Base is then never guessed.
	BaseUnresolved bool
	// BaseStage is the earlier stage this one builds on (FROM <stage>), or nil.
	BaseStage *Stage
	// Scratch is true for FROM scratch.
	Scratch bool
	// Platform is the raw --platform flag value, "" when absent.
	Platform string
	// Instructions are the stage's instructions after FROM, in order.
	Instructions []*Instruction
	// Command is BuildKit's typed view of the stage.
	Command *instructions.Stage

	file     *File
	endOnce  sync.Once
	endScope *scope
}

// IsFinal reports whether s is the stage that gets built (File.Final).
func (s *Stage) IsFinal() bool { return s != nil && s.file != nil && s.file.FinalIndex == s.Index }

// File returns the file the stage belongs to.
func (s *Stage) File() *File { return s.file }

// String names the stage for messages and locations: its name, else its index.
func (s *Stage) String() string {
	if s.Name != "" {
		return s.Name
	}
	return "stage " + strconv.Itoa(s.Index)
}

// Root returns the first stage of s's FROM-stage chain: the one whose base is
// an external image (or scratch).
func (s *Stage) Root() *Stage {
	for s.BaseStage != nil {
		s = s.BaseStage
	}
	return s
}

// Instruction is one Dockerfile instruction.
type Instruction struct {
	// Cmd is the instruction keyword in upper case: "RUN", "USER", …
	Cmd string
	// Original is BuildKit's logical line: the instruction with continuation
	// lines joined and comment lines removed, heredoc bodies excluded.
	Original string
	// Range covers every line of the instruction: continuation lines, comment
	// lines between them and heredoc bodies with their terminators.
	Range finding.Range
	// Flags are the raw `--name=value` flags (see Flag and FlagValues).
	Flags []string
	// Args are BuildKit's parsed arguments: words for FROM/COPY/…, the whole
	// command line as one element for shell-form RUN/CMD/ENTRYPOINT, the
	// JSON array's elements for exec form, key/value/separator triples for
	// ENV and LABEL.
	Args []string
	// JSONForm is true for the exec (JSON array) form.
	JSONForm bool
	// Heredocs are the here-documents attached to the instruction.
	Heredocs []Heredoc
	// Command is BuildKit's typed command (*instructions.RunCommand, …); nil
	// for FROM (see Stage.Command).
	Command instructions.Command
	// Stage is the stage the instruction belongs to; nil for global ARGs.
	Stage *Stage
	// Comments are the comment lines directly above the instruction.
	Comments []string

	lay       *lineLayout // kept until the shell is parsed
	shellOnce sync.Once
	shell     *Script
}

// Shell returns the parsed shell of a RUN instruction, parsing it on first
// use (safe for concurrent callers); nil for other instructions. It is never
// nil for a RUN.
func (in *Instruction) Shell() *Script {
	run, ok := in.Command.(*instructions.RunCommand)
	if !ok || in.Stage == nil || in.Stage.file == nil {
		return nil
	}
	in.shellOnce.Do(func() {
		in.shell = in.Stage.file.runScript(in, run)
		in.lay = nil
	})
	return in.shell
}

// Heredoc is one here-document body of an instruction.
type Heredoc struct {
	// Name is the terminator word ("EOF").
	Name string
	// Content is the body as BuildKit holds it (lines end in "\n").
	Content string
	// Range covers the body and the terminator line.
	Range finding.Range
}

// Flag returns the value of the flag --name (the first, if repeated) and
// whether it is present. A bare flag (--link) has the value "".
func (in *Instruction) Flag(name string) (string, bool) {
	for _, f := range in.Flags {
		if v, ok := matchFlag(f, name); ok {
			return v, true
		}
	}
	return "", false
}

// FlagValues returns the values of every --name flag, in order (e.g. all
// --mount flags of a RUN).
func (in *Instruction) FlagValues(name string) []string {
	var out []string
	for _, f := range in.Flags {
		if v, ok := matchFlag(f, name); ok {
			out = append(out, v)
		}
	}
	return out
}

// Mounts returns the --mount flags of a RUN as BuildKit parsed them (type,
// from, target, env…, words as written), or nil for another instruction or
// once Compact has dropped the typed command.
func (in *Instruction) Mounts() []*instructions.Mount {
	if rc, ok := in.Command.(*instructions.RunCommand); ok {
		return instructions.GetMounts(rc)
	}
	return nil
}

func matchFlag(flag, name string) (string, bool) {
	f := strings.TrimPrefix(flag, "--")
	if len(f) == len(flag) {
		return "", false
	}
	k, v, _ := strings.Cut(f, "=")
	if !strings.EqualFold(k, name) {
		return "", false
	}
	return v, true
}

// Final returns the stage that is built (the --target stage, else the last).
func (f *File) Final() *Stage {
	if f == nil || f.FinalIndex < 0 || f.FinalIndex >= len(f.Stages) {
		return nil
	}
	return f.Stages[f.FinalIndex]
}

// Shipped returns the stages whose filesystem becomes the built image: the
// final stage and the stages it is built FROM, final stage first. Stages
// that only give files through COPY --from are not included (see
// CopiedFrom). MayShip and Outputs answer the wider question of which
// stages may become an image at all.
func (f *File) Shipped() []*Stage {
	var out []*Stage
	for s := f.Final(); s != nil; s = s.BaseStage {
		out = append(out, s)
	}
	return out
}

// Ships reports whether s is one of Shipped().
func (f *File) Ships(s *Stage) bool {
	for t := f.Final(); t != nil; t = t.BaseStage {
		if t == s {
			return true
		}
	}
	return false
}

// CopiedFrom returns the stages that COPY --from (or ADD --from) in stage s
// copies files from, in order of first use, without duplicates. External
// images named in --from are not stages and are left out.
func (f *File) CopiedFrom(s *Stage) []*Stage {
	var out []*Stage
	seen := map[*Stage]bool{}
	for _, in := range s.Instructions {
		if st := f.CopySource(in); st != nil && !seen[st] {
			seen[st] = true
			out = append(out, st)
		}
	}
	return out
}

// CopySource returns the earlier stage a COPY/ADD --from=… instruction copies
// from, or nil (no --from, an external image, or not a COPY/ADD).
func (f *File) CopySource(in *Instruction) *Stage {
	if in.Cmd != "COPY" && in.Cmd != "ADD" {
		return nil
	}
	from, ok := in.Flag("from")
	if !ok || in.Stage == nil {
		return nil
	}
	if v, ok := in.Stage.Expand(from, in); ok {
		from = v
	}
	return f.stageByRef(from, in.Stage.Index)
}

// stageByRef finds a stage before index `before` by name or number.
func (f *File) stageByRef(ref string, before int) *Stage {
	ref = strings.ToLower(strings.TrimSpace(ref))
	if ref == "" {
		return nil
	}
	for i := before - 1; i >= 0; i-- {
		if f.Stages[i].Name == ref {
			return f.Stages[i]
		}
	}
	if n, err := strconv.Atoi(ref); err == nil && n >= 0 && n < before && isDigits(ref) {
		return f.Stages[n]
	}
	return nil
}

// Stage returns the stage with the given name (case-insensitive), or nil.
func (f *File) Stage(name string) *Stage {
	name = strings.ToLower(name)
	for _, s := range f.Stages {
		if s.Name == name && name != "" {
			return s
		}
	}
	return nil
}

// Instructions returns every instruction of the file in order: global ARGs,
// then each stage's FROM and its instructions.
func (f *File) Instructions() []*Instruction {
	out := append([]*Instruction(nil), f.GlobalArgs...)
	for _, s := range f.Stages {
		out = append(out, s.From)
		out = append(out, s.Instructions...)
	}
	return out
}

// Find returns the stage's instructions with the given keyword (any case).
func (s *Stage) Find(cmd string) []*Instruction {
	cmd = strings.ToUpper(cmd)
	var out []*Instruction
	for _, in := range s.Instructions {
		if in.Cmd == cmd {
			out = append(out, in)
		}
	}
	return out
}

// Line returns line n (1-based) of the file, "" when out of range.
func (f *File) Line(n int) string {
	if n < 1 || n > len(f.Lines) {
		return ""
	}
	return f.Lines[n-1]
}

// Text returns the source lines of r joined with "\n".
func (f *File) Text(r finding.Range) string {
	r = r.Normalize()
	if r.StartLine > len(f.Lines) {
		return ""
	}
	end := min(r.EndLine, len(f.Lines))
	return strings.Join(f.Lines[r.StartLine-1:end], "\n")
}

// Compact drops what only the rules of the file's own pass need — the raw
// lines, BuildKit's typed commands (except USER, which EffectiveUser reads)
// and parsed RUN shells — so that a scan can keep many models for the
// cross-file rules cheaply. After Compact, Line, Text and Source return "" and Shell
// returns nil; stages, instructions, flags, arguments, ranges, Shipped and
// EffectiveUser keep working.
func (f *File) Compact() {
	f.Lines, f.source = nil, ""
	for _, st := range f.Stages {
		st.Command = nil
		for _, in := range st.Instructions {
			if in.Cmd != "USER" {
				in.Command = nil
			}
			in.shellOnce.Do(func() {})
			in.shell = nil
			in.lay = nil
		}
	}
}
