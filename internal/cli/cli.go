// Package cli implements the stevedore command line: scan, review, rules,
// explain, version (and the front ends action and serve). Main returns the
// process exit status: 0 nothing at or above the threshold, 1 findings at or
// above it, 2 usage, config or internal errors.
package cli

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
)

// Exit statuses.
const (
	ExitOK       = 0
	ExitFindings = 1
	ExitError    = 2
)

// IO is where a command reads and writes; tests replace it.
type IO struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	// Getenv reads the environment (os.Getenv by default).
	Getenv func(string) string
	// IsTerminal reports whether a writer is an interactive terminal.
	IsTerminal func(io.Writer) bool
}

// Std returns the process's standard streams.
func Std() IO {
	return IO{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv, IsTerminal: isTerminal}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func (c IO) getenv(k string) string {
	if c.Getenv == nil {
		return ""
	}
	return c.Getenv(k)
}

func (c IO) tty(w io.Writer) bool {
	if c.IsTerminal == nil || c.getenv("CI") != "" || c.getenv("NO_COLOR") != "" {
		return false
	}
	return c.IsTerminal(w)
}

// command is one subcommand.
type command struct {
	name, summary string
	run           func(args []string, io IO) int
}

func commands() []command {
	return []command{
		{"scan", "check container files below PATHs (default .)", runScan},
		{"review", "report what a change makes worse or better (base vs head)", runReview},
		{"action", "run as a GitHub Action (reads GITHUB_* environment)", runAction},
		{"serve", "run the GitHub App webhook server", runServe},
		{"rules", "list the rule catalogue", runRules},
		{"explain", "print a rule's page: stevedore explain DF001", runExplain},
		{"version", "print the version", runVersion},
	}
}

// Main runs the command line and returns the exit status.
func Main(args []string, io IO) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(io.Stdout)
		if len(args) == 0 {
			return ExitError
		}
		return ExitOK
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(args[1:], io)
		}
	}
	fmt.Fprintf(io.Stderr, "stevedore: unknown command %q\n\n", args[0])
	usage(io.Stderr)
	return ExitError
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "stevedore reviews Dockerfiles, Compose files and Kubernetes manifests for container-security problems.")
	fmt.Fprintln(w, "\nUsage: stevedore <command> [flags] [args]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun `stevedore <command> -h` for a command's flags.")
}

// Version returns the module version the binary was built from.
func Version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return strings.TrimPrefix(bi.Main.Version, "v")
	}
	return "0.1.0-dev"
}

func runVersion(args []string, io IO) int {
	fmt.Fprintf(io.Stdout, "stevedore %s\n", Version())
	return ExitOK
}
