package dockerfile

import (
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/shell"
)

// automaticArgs are the platform ARGs BuildKit defines in the global scope.
// Their values depend on the build machine, so they are never guessed.
var automaticArgs = []string{
	"TARGETPLATFORM", "TARGETOS", "TARGETARCH", "TARGETVARIANT",
	"BUILDPLATFORM", "BUILDOS", "BUILDARCH", "BUILDVARIANT",
}

// unknownValue stands for the value of an automatic ARG during expansion.
const unknownValue = "\x00"

// argValue is the value of a variable during expansion.
type argValue struct {
	value   string
	set     bool // has a value
	unknown bool // has a value nobody can know statically
}

// EnvVar is the value of an ENV variable in a stage.
type EnvVar struct {
	// Value is the value after expanding ARG/ENV references that are known;
	// unknown ones stay as written ("$PATH:/app/bin").
	Value string
	// Raw is the value as written in the Dockerfile.
	Raw string
	// Resolved is false when Value still holds references nobody can
	// resolve statically (variables from the base image, unset ARGs).
	Resolved bool
	// Instruction is the ENV that set it (in this stage or a FROM-stage
	// ancestor).
	Instruction *Instruction
}

// ArgVar is an ARG declared in a stage.
type ArgVar struct {
	// Value is the value in effect: a build arg, else the expanded default,
	// else the global ARG's value for a redeclared global ARG.
	Value string
	// HasValue is false for an ARG with no default and no build arg.
	HasValue bool
	// Instruction is the ARG that declared it.
	Instruction *Instruction
}

// GlobalArg returns the value of a global ARG (declared before the first
// FROM, overridden by Options.BuildArgs) and whether it has a known value.
func (f *File) GlobalArg(name string) (string, bool) {
	v, ok := f.globalArgs[name]
	if !ok || !v.set || v.unknown || strings.Contains(v.value, unknownValue) {
		return "", false
	}
	return v.value, true
}

func globalArgValues(args []*Instruction, buildArgs map[string]string, escape rune) map[string]argValue {
	vals := make(map[string]argValue, len(automaticArgs)+len(args))
	for _, k := range automaticArgs {
		if v, ok := buildArgs[k]; ok {
			vals[k] = argValue{value: v, set: true}
		} else {
			vals[k] = argValue{value: unknownValue, set: true, unknown: true}
		}
	}
	for _, in := range args {
		c, ok := in.Command.(*instructions.ArgCommand)
		if !ok {
			continue
		}
		for _, kv := range c.Args {
			switch bv, ok := buildArgs[kv.Key]; {
			case ok:
				vals[kv.Key] = argValue{value: bv, set: true}
			case kv.Value != nil:
				v, resolved := expandGlobal(*kv.Value, vals, escape)
				if !resolved {
					vals[kv.Key] = argValue{value: unknownValue, set: true, unknown: true}
				} else {
					vals[kv.Key] = argValue{value: v, set: true}
				}
			default:
				if _, exists := vals[kv.Key]; !exists {
					vals[kv.Key] = argValue{}
				}
			}
		}
	}
	return vals
}

// mapEnv adapts a lookup function to BuildKit's shell.EnvGetter.
type mapEnv func(string) (string, bool)

func (m mapEnv) Get(k string) (string, bool) { return m(k) }
func (m mapEnv) Keys() []string              { return nil }

// expandGlobal expands word like BuildKit expands FROM: unset variables are
// empty. It reports false when the result depends on an unknown value
// (automatic platform ARGs) or on an unset variable used plainly ($X, ${X}).
func expandGlobal(word string, vals map[string]argValue, escape rune) (string, bool) {
	if !strings.Contains(word, "$") {
		return word, true
	}
	lex := shell.NewLex(escape)
	res, err := lex.ProcessWordWithMatches(word, mapEnv(func(k string) (string, bool) {
		v, ok := vals[k]
		if !ok || !v.set {
			return "", false
		}
		return v.value, true
	}))
	if err != nil || strings.Contains(res.Result, unknownValue) {
		return "", false
	}
	for name := range res.Unmatched {
		if usesPlainly(word, name) {
			return "", false
		}
	}
	return res.Result, true
}

// usesPlainly reports whether word references $name or ${name} without a
// default-value modifier.
func usesPlainly(word, name string) bool {
	if strings.Contains(word, "${"+name+"}") {
		return true
	}
	for i := 0; ; {
		k := strings.Index(word[i:], "$"+name)
		if k < 0 {
			return false
		}
		end := i + k + 1 + len(name)
		if end >= len(word) || !isNameByte(word[end]) {
			return true
		}
		i = end
	}
}

func isNameByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// scope is the ARG and ENV state of a stage at one instruction.
type scope struct {
	env  map[string]EnvVar
	args map[string]ArgVar
}

func (sc *scope) lookup(k string) (string, bool) {
	if e, ok := sc.env[k]; ok {
		return e.Value, true
	}
	if a, ok := sc.args[k]; ok && a.HasValue {
		return a.Value, true
	}
	return "", false
}

func (sc *scope) expand(word string, escape rune) (string, bool) {
	if !strings.Contains(word, "$") {
		return unquote(word, escape)
	}
	lex := shell.NewLex(escape)
	lex.SkipUnsetEnv = true
	res, err := lex.ProcessWordWithMatches(word, mapEnv(sc.lookup))
	if err != nil {
		return word, false
	}
	return res.Result, len(res.Unmatched) == 0
}

// unquote removes quotes and escapes from a word without variables.
func unquote(word string, escape rune) (string, bool) {
	if !strings.ContainsAny(word, "'\"\\`") {
		return word, true
	}
	lex := shell.NewLex(escape)
	res, err := lex.ProcessWordWithMatches(word, mapEnv(func(string) (string, bool) { return "", false }))
	if err != nil {
		return word, false
	}
	return res.Result, true
}

// scopeBefore replays the stage's FROM-stage chain and its instructions up
// to (not including) at; a nil at means the end of the stage.
func (s *Stage) scopeBefore(at *Instruction) *scope {
	sc := &scope{env: map[string]EnvVar{}, args: map[string]ArgVar{}}
	if s.BaseStage != nil {
		for k, v := range s.BaseStage.endScopeCached().env {
			sc.env[k] = v
		}
	}
	f := s.file
	for _, in := range s.Instructions {
		if in == at {
			break
		}
		switch c := in.Command.(type) {
		case *instructions.ArgCommand:
			for _, kv := range c.Args {
				a := ArgVar{Instruction: in}
				if bv, ok := f.buildArgs[kv.Key]; ok {
					a.Value, a.HasValue = bv, true
				} else if kv.Value != nil {
					a.Value, _ = sc.expand(*kv.Value, f.Escape)
					a.HasValue = true
				} else if g, ok := f.GlobalArg(kv.Key); ok {
					a.Value, a.HasValue = g, true
				}
				sc.args[kv.Key] = a
			}
		case *instructions.EnvCommand:
			for _, kv := range c.Env {
				v, ok := sc.expand(kv.Value, f.Escape)
				sc.env[kv.Key] = EnvVar{Value: v, Raw: kv.Value, Resolved: ok, Instruction: in}
			}
		}
	}
	return sc
}

func (s *Stage) endScopeCached() *scope {
	s.endOnce.Do(func() { s.endScope = s.scopeBefore(nil) })
	return s.endScope
}

// Env returns the ENV variables in effect at the end of the stage, including
// those set in FROM-stage ancestors (not those of an external base image).
// The map is a copy.
func (s *Stage) Env() map[string]EnvVar {
	out := make(map[string]EnvVar, len(s.endScopeCached().env))
	for k, v := range s.endScopeCached().env {
		out[k] = v
	}
	return out
}

// Args returns the ARGs declared in the stage (ARGs do not carry over from
// other stages; a global ARG is visible only when redeclared). The map is a
// copy.
func (s *Stage) Args() map[string]ArgVar {
	out := make(map[string]ArgVar, len(s.endScopeCached().args))
	for k, v := range s.endScopeCached().args {
		out[k] = v
	}
	return out
}

// EnvAt returns the ENV variables in effect when instruction at runs.
func (s *Stage) EnvAt(at *Instruction) map[string]EnvVar {
	return s.scopeBefore(at).env
}

// Expand expands ARG/ENV references in word as BuildKit would when
// instruction at runs (nil: at the end of the stage), removing quotes.
// References nobody can resolve statically stay as written and make the
// result false.
func (s *Stage) Expand(word string, at *Instruction) (string, bool) {
	if !strings.Contains(word, "$") {
		return unquote(word, s.file.Escape) // no reference: no scope to replay
	}
	var sc *scope
	if at == nil {
		sc = s.endScopeCached()
	} else {
		sc = s.scopeBefore(at)
	}
	return sc.expand(word, s.file.Escape)
}
