package dockerfile

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

func parseTestdata(t *testing.T, name string, opts Options) *File {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	f, err := Parse(name, b, opts)
	if err != nil {
		t.Fatalf("Parse(%s): %v", name, err)
	}
	return f
}

func stageNames(ss []*Stage) []string {
	var out []string
	for _, s := range ss {
		out = append(out, s.String())
	}
	return out
}

func TestStagesAndTarget(t *testing.T) {
	tests := []struct {
		name       string
		opts       Options
		final      string
		shipped    []string
		copiedFrom []string
		maybeBase  string
		maybeUnres bool
		firstBase  string
	}{
		{name: "default", final: "stage 4", shipped: []string{"stage 4", "runtime-base"}, copiedFrom: []string{"build"}, maybeUnres: true, firstBase: "golang:1.22"},
		{name: "target", opts: Options{Target: "TEST"}, final: "test", shipped: []string{"test", "build"}, maybeUnres: true, firstBase: "golang:1.22"},
		{name: "build args", opts: Options{BuildArgs: map[string]string{"RUNTIME": "debian:12", "BASE": "golang:1.23"}}, final: "stage 4", shipped: []string{"stage 4", "runtime-base"}, copiedFrom: []string{"build"}, maybeBase: "debian:12", firstBase: "golang:1.23"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := parseTestdata(t, "multistage.Dockerfile", tt.opts)
			if got := f.Final().String(); got != tt.final {
				t.Errorf("Final = %s, want %s", got, tt.final)
			}
			if !f.Final().IsFinal() || f.Stages[0].IsFinal() {
				t.Errorf("IsFinal wrong")
			}
			if got := stageNames(f.Shipped()); !reflect.DeepEqual(got, tt.shipped) {
				t.Errorf("Shipped = %v, want %v", got, tt.shipped)
			}
			if tt.copiedFrom != nil {
				if got := stageNames(f.CopiedFrom(f.Final())); !reflect.DeepEqual(got, tt.copiedFrom) {
					t.Errorf("CopiedFrom = %v, want %v", got, tt.copiedFrom)
				}
			}
			maybe := f.Stage("maybe")
			if maybe.Base != tt.maybeBase || maybe.BaseUnresolved != tt.maybeUnres {
				t.Errorf("maybe: Base=%q unresolved=%v, want %q %v", maybe.Base, maybe.BaseUnresolved, tt.maybeBase, tt.maybeUnres)
			}
			if f.Stages[0].Base != tt.firstBase || f.Stages[0].BaseRaw != "${BASE}" {
				t.Errorf("stage 0 base = %q (raw %q)", f.Stages[0].Base, f.Stages[0].BaseRaw)
			}
			if f.Stages[1].BaseStage != f.Stages[0] {
				t.Errorf("test stage should build FROM build")
			}
			if f.Syntax != "docker/dockerfile:1" {
				t.Errorf("Syntax = %q", f.Syntax)
			}
		})
	}
}

func TestUnknownTarget(t *testing.T) {
	b, _ := os.ReadFile("testdata/multistage.Dockerfile")
	_, err := Parse("x", b, Options{Target: "nope"})
	var pe *ParseError
	if err == nil || errors.As(err, &pe) || !strings.Contains(err.Error(), "nope") {
		t.Fatalf("err = %v, want a plain unknown-target error", err)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		file string
		line int
		msg  string
	}{
		{"empty.Dockerfile", 1, "no instructions"},
		{"comments.Dockerfile", 2, "no instructions"},
		{"nofrom.Dockerfile", 2, "no FROM"},
		{"unknown.Dockerfile", 3, "unknown instruction: RUNN"},
		{"unterminated.Dockerfile", 2, "unterminated heredoc"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			b, _ := os.ReadFile(filepath.Join("testdata", tt.file))
			_, err := Parse(tt.file, b, Options{})
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("err = %v, want *ParseError", err)
			}
			if pe.Line != tt.line || !strings.Contains(pe.Msg, tt.msg) {
				t.Errorf("got line %d %q, want line %d containing %q", pe.Line, pe.Msg, tt.line, tt.msg)
			}
		})
	}
}

func TestEffectiveUser(t *testing.T) {
	ms := parseTestdata(t, "multistage.Dockerfile", Options{})
	env := parseTestdata(t, "env.Dockerfile", Options{})
	esc := parseTestdata(t, "escape.Dockerfile", Options{})
	tests := []struct {
		name string
		f    *File
		st   *Stage
		want UserInfo
		line int
	}{
		{"inherited from stage", ms, ms.Final(), UserInfo{User: "nobody"}, 14},
		{"from base image", ms, ms.Stages[1], UserInfo{Root: true, FromBase: true, BaseRef: "golang:1.22"}, 0},
		{"expanded", env, env.Stages[0], UserInfo{User: "app"}, 7},
		{"root by name", env, env.Stages[1], UserInfo{User: "root", Root: true}, 10},
		{"numeric root", esc, esc.Final(), UserInfo{User: "0:0", Root: true, Numeric: true}, 6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.f.EffectiveUser(tt.st)
			line := 0
			if got.Instruction != nil {
				line = got.Instruction.Range.StartLine
			}
			got.Instruction = nil
			if got != tt.want || line != tt.line {
				t.Errorf("got %+v at line %d, want %+v at line %d", got, line, tt.want, tt.line)
			}
		})
	}
}

func TestEnvAndArgs(t *testing.T) {
	f := parseTestdata(t, "env.Dockerfile", Options{})
	st := f.Stages[0]
	if st.Base != "alpine:3.20" {
		t.Errorf("Base = %q; ${IMG:-alpine} with IMG unset should use the default", st.Base)
	}
	if f.Stages[1].Base != "" || !f.Stages[1].BaseUnresolved {
		t.Errorf("TARGETARCH base must be unresolved, got %q", f.Stages[1].Base)
	}
	envs := st.Env()
	if e := envs["APP_HOME"]; e.Value != "/opt/app" || !e.Resolved || e.Instruction.Range.StartLine != 6 {
		t.Errorf("APP_HOME = %+v", e)
	}
	if e := envs["PATH"]; e.Value != "/opt/app/bin:$PATH" || e.Resolved {
		t.Errorf("PATH = %+v, want base-image $PATH kept as written", e)
	}
	args := st.Args()
	if a := args["VERSION"]; a.Value != "1.0" || !a.HasValue {
		t.Errorf("VERSION = %+v, want the global default", a)
	}
	if v, ok := f.GlobalArg("IMG"); ok {
		t.Errorf("GlobalArg(IMG) = %q, want unset", v)
	}
	f2 := parseTestdata(t, "env.Dockerfile", Options{BuildArgs: map[string]string{"USER_NAME": "svc", "TARGETARCH": "arm64"}})
	if u := f2.EffectiveUser(f2.Stages[0]); u.User != "svc" {
		t.Errorf("build arg USER_NAME: user = %q", u.User)
	}
	if f2.Stages[1].Base != "alpine:arm64" {
		t.Errorf("TARGETARCH given: Base = %q", f2.Stages[1].Base)
	}
}

type cmdWant struct {
	line int
	name string
	args string
}

func TestShellCommands(t *testing.T) {
	f := parseTestdata(t, "shell.Dockerfile", Options{})
	runs := f.Final().Find("RUN")
	tests := []struct {
		startLine, endLine int
		want               []cmdWant
		err                bool
		interp             string
	}{
		{2, 6, []cmdWant{{2, "apt-get", "update"}, {4, "apt-get", "install -qy curl ca-certificates"}, {6, "rm", "-rf /var/lib/apt/lists/*"}}, false, ""},
		{7, 7, []cmdWant{{7, "curl", "-fsSL https://example.com/install.sh"}, {7, "bash", "-"}}, false, ""},
		{8, 8, []cmdWant{{8, "sh", "-c wget -qO- https://x | sh"}, {8, "wget", "-qO- https://x"}, {8, "sh", ""}}, false, ""},
		{9, 11, []cmdWant{{9, "set", "-eux"}, {10, "[", "-n $X ]"}, {10, "pip", "install --no-cache-dir foo"}, {11, "echo", "$p"}}, false, ""},
		{12, 12, []cmdWant{{12, "bash", "-c apk add --no-cache git && git clone https://x"}, {12, "apk", "add --no-cache git"}, {12, "git", "clone https://x"}}, false, ""},
		{13, 15, []cmdWant{{15, "make", "install"}}, false, ""},
		{16, 19, []cmdWant{{17, "set", "-e"}, {18, "useradd", "-r app"}}, false, ""},
		{20, 22, []cmdWant{{20, "python3", ""}}, false, ""},
		{23, 26, nil, false, "python3"},
		{27, 27, []cmdWant{{27, "echo", "$(curl -s https://x)"}, {27, "curl", "-s https://x"}}, false, ""},
		{28, 28, []cmdWant{{28, "apt-get", "install -y x"}}, false, ""},
		{29, 29, nil, true, ""},
		{30, 32, []cmdWant{{30, "bash", ""}, {31, "curl", "-k https://x"}}, false, ""},
	}
	if len(runs) != len(tests) {
		t.Fatalf("%d RUNs, want %d", len(runs), len(tests))
	}
	for i, tt := range tests {
		in := runs[i]
		if in.Range.StartLine != tt.startLine || in.Range.EndLine != tt.endLine {
			t.Errorf("RUN %d: range %d-%d, want %d-%d", i, in.Range.StartLine, in.Range.EndLine, tt.startLine, tt.endLine)
		}
		s := in.Shell()
		if (s.Err != nil) != tt.err || s.Interpreter != tt.interp {
			t.Errorf("RUN line %d: err=%v interp=%q", tt.startLine, s.Err, s.Interpreter)
		}
		var got []cmdWant
		for _, c := range s.Commands {
			got = append(got, cmdWant{c.Line, c.Name, strings.Join(c.Args, " ")})
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("RUN line %d:\n got %v\nwant %v", tt.startLine, got, tt.want)
		}
	}

	install := runs[0].Shell().Find("apt-get")[1]
	if install.Sub() != "install" || !install.Has("-y", "--yes") || install.Has("--no-install-recommends") || !install.HasShort('q') {
		t.Errorf("apt-get install flags misread: %+v", install)
	}
	if !reflect.DeepEqual(install.Env, []string{"DEBIAN_FRONTEND=noninteractive"}) {
		t.Errorf("Env = %q", install.Env)
	}
	curl := runs[1].Shell().Find("curl")[0]
	if !curl.HasShort('L') || curl.HasShort('k') || curl.Pipeline == nil {
		t.Errorf("curl flags/pipeline misread")
	}
	to := curl.PipesTo()
	if len(to) != 1 || to[0].Name != "bash" || !to[0].Sudo || !reflect.DeepEqual(to[0].Wrappers, []string{"sudo"}) {
		t.Errorf("curl | sudo -E bash: PipesTo = %+v", to)
	}
	if sub := runs[9].Shell().Find("curl")[0]; sub.Parent == nil || sub.Parent.Name != "echo" {
		t.Errorf("curl in $(…) should have Parent echo")
	}
	mk := runs[5].Shell().Commands[0]
	if !reflect.DeepEqual(mk.Wrappers, []string{"env", "nohup", "timeout"}) || !reflect.DeepEqual(mk.Env, []string{"A=1"}) {
		t.Errorf("make wrappers = %q env = %q", mk.Wrappers, mk.Env)
	}
	if m := runs[5].FlagValues("mount"); len(m) != 2 || m[1] != "type=secret,id=tok" {
		t.Errorf("FlagValues(mount) = %q", m)
	}
	if !runs[1].Shell().Find("bash")[0].Literal(0) || runs[3].Shell().Find("echo")[0].Literal(0) {
		t.Errorf("Literal misreports")
	}
	if h := runs[6].Heredocs; len(h) != 1 || h[0].Range.StartLine != 17 || h[0].Range.EndLine != 19 || h[0].Content != "set -e\nuseradd -r app\n" {
		t.Errorf("heredocs = %+v", h)
	}
}

func TestEscapeDirective(t *testing.T) {
	f := parseTestdata(t, "escape.Dockerfile", Options{})
	if f.Escape != '`' {
		t.Fatalf("Escape = %q", f.Escape)
	}
	var got []cmdWant
	for _, c := range f.Final().Instructions[0].Shell().Commands {
		got = append(got, cmdWant{c.Line, c.Name, strings.Join(c.Args, " ")})
	}
	want := []cmdWant{{3, "apk", "add curl"}, {5, "echo", "done"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestNonPOSIXShell(t *testing.T) {
	f := parseTestdata(t, "env.Dockerfile", Options{})
	s := f.Final().Find("RUN")[0].Shell()
	if s.Err == nil || len(s.Commands) != 0 || s.Shell[0] != "powershell" {
		t.Errorf("powershell RUN: %+v", s)
	}
}

func TestCopyHeredocRange(t *testing.T) {
	f := parseTestdata(t, "copyheredoc.Dockerfile", Options{})
	cp := f.Final().Instructions[0]
	if cp.Range.StartLine != 2 || cp.Range.EndLine != 4 || len(cp.Heredocs) != 1 || cp.Heredocs[0].Range.StartLine != 3 {
		t.Errorf("COPY heredoc: range %+v heredocs %+v", cp.Range, cp.Heredocs)
	}
	if cp.Shell() != nil {
		t.Errorf("Shell() must be nil for COPY")
	}
	if f.Final().Instructions[1].Range.StartLine != 5 {
		t.Errorf("USER after heredoc at wrong line")
	}
}

func TestWarnings(t *testing.T) {
	tests := []struct {
		file     string
		want     []string
		checkErr bool
	}{
		{"lint.Dockerfile", []string{"NoEmptyContinuation@5", "StageNameCasing@1", "FromAsCasing@1", "MaintainerDeprecated@2"}, false},
		{"lint-skip.Dockerfile", []string{"FromAsCasing@2"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			f := parseTestdata(t, tt.file, Options{})
			var got []string
			for _, w := range f.Warnings {
				if w.URL == "" || w.Message == "" {
					t.Errorf("warning without URL or message: %+v", w)
				}
				got = append(got, w.RuleName+"@"+strconv.Itoa(w.Range.StartLine))
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("warnings = %v, want %v", got, tt.want)
			}
			if f.Check.Error != tt.checkErr {
				t.Errorf("Check.Error = %v", f.Check.Error)
			}
		})
	}
}

func TestFlagAccessor(t *testing.T) {
	f := parseTestdata(t, "multistage.Dockerfile", Options{})
	cp := f.Final().Instructions[0]
	if v, ok := cp.Flag("from"); !ok || v != "build" {
		t.Errorf("Flag(from) = %q %v", v, ok)
	}
	if _, ok := cp.Flag("chmod"); ok {
		t.Errorf("Flag(chmod) present")
	}
	if s := f.CopySource(f.Final().Instructions[2]); s != f.Stages[0] {
		t.Errorf("COPY --from=0 should resolve to stage 0")
	}
	if s := f.CopySource(f.Final().Instructions[1]); s != nil {
		t.Errorf("COPY --from=nginx:latest is an image, not a stage")
	}
}

func TestCommandHelpers(t *testing.T) {
	c := &Command{Name: "curl", Args: []string{"-fsSLk", "-o", "out", "--retry=3", "--", "-x"}}
	if !c.HasShort('k') || !c.Has("-L") || c.Has("-x") || !c.Has("--retry") {
		t.Errorf("Has/HasShort wrong")
	}
	if v, _ := c.Value("-o", "--output"); v != "out" {
		t.Errorf("Value(-o) = %q", v)
	}
	if v, _ := c.Value("--retry"); v != "3" {
		t.Errorf("Value(--retry) = %q", v)
	}
	if got := c.Operands(); !reflect.DeepEqual(got, []string{"out", "-x"}) {
		t.Errorf("Operands = %q", got)
	}
	apt := &Command{Args: []string{"-oAPT::Assume-Yes=true", "install"}}
	if apt.HasShort('y') || apt.Sub() != "install" {
		t.Errorf("-o groups must not count as short flags")
	}
}

func TestParseNeverPanics(t *testing.T) {
	inputs := []string{
		"FROM", "FROM a AS", "FROM a b c d", "\ufeffFROM alpine\nRUN x", "FROM alpine\nRUN \\", "FROM alpine\nRUN <<", "FROM alpine\nRUN [\"sh\",\"-c\"]",
		"FROM alpine\nONBUILD RUN echo", "# escape=`\nFROM a\nRUN a `", "FROM alpine\r\nRUN echo \\\r\n  hi\r\n", "FROM alpine\nRUN --mount=type=cache \\\n\n",
		"ARG X=${", "FROM ${X", "FROM alpine\nUSER ${U:?missing}", "FROM alpine\nCOPY --from= a b",
	}
	for _, in := range inputs {
		f, err := Parse("fuzz", []byte(in), Options{})
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Line < 1 {
				t.Errorf("%q: err %v", in, err)
			}
			continue
		}
		for _, st := range f.Stages {
			f.EffectiveUser(st)
			st.Env()
			for _, in := range st.Instructions {
				in.Shell()
			}
		}
	}
}

func FuzzParse(f *testing.F) {
	entries, _ := os.ReadDir("testdata")
	for _, e := range entries {
		if b, err := os.ReadFile(filepath.Join("testdata", e.Name())); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		file, err := Parse("fuzz", b, Options{})
		if err != nil {
			return
		}
		for _, st := range file.Stages {
			file.EffectiveUser(st)
			file.CopiedFrom(st)
			st.Env()
			for _, in := range st.Instructions {
				in.Shell()
			}
		}
	})
}

func TestCRLFAndBOM(t *testing.T) {
	f, err := Parse("crlf", []byte("\ufeffFROM alpine\r\nRUN apk add \\\r\n    curl && \\\r\n    echo ok\r\n"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []cmdWant
	for _, c := range f.Final().Instructions[0].Shell().Commands {
		got = append(got, cmdWant{c.Line, c.Name, strings.Join(c.Args, " ")})
	}
	want := []cmdWant{{2, "apk", "add curl"}, {4, "echo", "ok"}}
	if !reflect.DeepEqual(got, want) || f.Final().Base != "alpine" {
		t.Errorf("got %v, want %v (base %q)", got, want, f.Final().Base)
	}
}

func TestSudoUser(t *testing.T) {
	tests := []struct {
		run, name, want string
	}{
		{"sudo -u node npm install -g x", "npm", "node"},
		{"sudo --user=app make install", "make", "app"},
		{"sudo --user app -E make", "make", "app"},
		{"sudo -unode npm ci", "npm", "node"},
		{"doas -u app ls", "ls", "app"},
		{"sudo -E apt-get update", "apt-get", ""},
		{"sudo apt-get update", "apt-get", ""},
	}
	for _, tt := range tests {
		f, err := Parse("sudo", []byte("FROM alpine\nRUN "+tt.run+"\n"), Options{})
		if err != nil {
			t.Fatalf("Parse: %v", err)
		}
		cmds := f.Final().Find("RUN")[0].Shell().Find(tt.name)
		if len(cmds) != 1 || !cmds[0].Sudo || cmds[0].SudoUser != tt.want {
			t.Errorf("%s: got %+v, want SudoUser %q", tt.run, cmds, tt.want)
		}
	}
}
