package dockerfile

import (
	"fmt"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
)

// defaultShell is what BuildKit prepends to a shell-form RUN on Linux, and
// windowsShell on Windows.
var (
	defaultShell = []string{"/bin/sh", "-c"}
	windowsShell = []string{"cmd", "/S", "/C"}
)

// IsWindows guesses whether the stage builds a Windows image: its chain's
// base image names Windows Server Core or Nano Server.
func (s *Stage) IsWindows() bool {
	r := s.Root()
	base := strings.ToLower(r.Base + " " + r.BaseRaw)
	for _, w := range []string{"windows", "nanoserver", "servercore", "ltsc20"} {
		if strings.Contains(base, w) {
			return true
		}
	}
	return false
}

// stageShell returns the SHELL in effect before instruction at of stage s,
// following FROM <stage> (SHELL is part of the image config).
func stageShell(s *Stage, at *Instruction) []string {
	s0 := s
	for ; s != nil; s, at = s.BaseStage, nil {
		found := at == nil
		for i := len(s.Instructions) - 1; i >= 0; i-- {
			in := s.Instructions[i]
			if !found {
				found = in == at
				continue
			}
			if c, ok := in.Command.(*instructions.ShellCommand); ok && len(c.Shell) > 0 {
				return c.Shell
			}
		}
	}
	if start := s0; start != nil && start.IsWindows() {
		return windowsShell
	}
	return defaultShell
}

// runScript parses the shell of a RUN instruction.
func (f *File) runScript(in *Instruction, run *instructions.RunCommand) *Script {
	sp := newShellParser()
	defer sp.release()
	s := &Script{}
	start, end := in.Range.StartLine, in.Range.EndLine
	args := run.CmdLine
	if !run.PrependShell {
		if len(args) > 0 {
			sp.execCommand(s, args, start, end)
		}
		return s
	}
	s.Shell = stageShell(in.Stage, in)
	if len(s.Shell) == 0 || !posixShells[shellName(s.Shell[0])] {
		s.Err = fmt.Errorf("line %d: RUN uses a non-POSIX SHELL %q; its script is not parsed", start, strings.Join(s.Shell, " "))
		return s
	}
	lay := in.lay
	if lay == nil {
		return s
	}
	// RUN <<EOF: BuildKit runs the body itself (as a file when it has #!).
	if len(run.Files) > 0 && len(args) == 1 && parser.MustParseHeredoc(args[0]) != nil && len(in.Heredocs) > 0 {
		data := run.Files[0].Data
		if run.Files[0].Chomp {
			data = parser.ChompHeredocContent(data)
		}
		if interp := shebang(data); interp != "" && !posixShells[interp] {
			s.Interpreter = interp
			return s
		}
		sp.parseScript(s, data, in.Heredocs[0].Range.StartLine, start, end, 0, nil)
		return s
	}
	src := lay.shellSource(f.Escape)
	if len(in.Heredocs) > 0 {
		var sb strings.Builder
		sb.WriteString(src)
		for n := lay.logicalEnd + 1; n <= lay.end && n <= len(f.Lines); n++ {
			sb.WriteString(strings.TrimSuffix(f.Lines[n-1], "\r"))
			sb.WriteByte('\n')
		}
		src = sb.String()
	}
	sp.parseScript(s, src, start, start, end, 0, nil)
	return s
}

// execCommand records an exec-form RUN ["cmd", "arg", …]; a shell given a
// -c script has the script parsed.
func (sp *shellParser) execCommand(s *Script, args []string, start, end int) {
	cmd := &Command{Line: start, Raw: strings.Join(args, " ")}
	i := unwrap(cmd, args)
	cmd.Path = args[i]
	cmd.Name = shellName(args[i])
	cmd.Args = args[i+1:]
	cmd.literal = make([]bool, len(cmd.Args))
	for k := range cmd.literal {
		cmd.literal[k] = true
	}
	s.Commands = append(s.Commands, cmd)
	if posixShells[cmd.Name] {
		if k := shellDashC(cmd.Args); k >= 0 {
			sp.parseScript(s, cmd.Args[k], start, start, end, 1, cmd)
		}
	}
}

// shebang returns the interpreter's base name of a "#!" first line ("python3"
// for "#!/usr/bin/env python3"), "" when there is none.
func shebang(data string) string {
	if !strings.HasPrefix(data, "#!") {
		return ""
	}
	line, _, _ := strings.Cut(data[2:], "\n")
	fields := strings.Fields(line)
	if len(fields) == 0 {
		return ""
	}
	name := shellName(fields[0])
	if name == "env" {
		for _, f := range fields[1:] {
			if !strings.HasPrefix(f, "-") && !strings.Contains(f, "=") {
				return shellName(f)
			}
		}
	}
	return name
}
