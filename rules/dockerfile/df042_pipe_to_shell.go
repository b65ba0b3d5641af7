package dockerfile

import (
	"strconv"
	"strings"

	"github.com/stevedore-dev/stevedore/internal/dockerfile"
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DF042 flags downloaded scripts run straight from the network: curl … | sh,
// sh -c "$(curl …)", bash <(curl …).
var DF042 = &rule.Rule{
	ID:       "DF042",
	Name:     "pipe-to-shell",
	Title:    "Downloaded script piped into a shell",
	Severity: finding.High,
	Kind:     rule.KindDockerfile,
	Note:     "supply-chain-and-integrity",
	Check:    checkDF042,
}

// sdiDownloaders fetch URLs to standard output.
var sdiDownloaders = map[string]bool{"curl": true, "wget": true, "fetch": true}

// sdiShells run code read from standard input or from a file operand.
var sdiShells = map[string]bool{"sh": true, "bash": true, "dash": true, "ash": true, "zsh": true, "ksh": true, "mksh": true, "busybox": true}

// sdiInterpreters run code read from standard input ("-" or no operand) or
// from a -c/-e string.
var sdiInterpreters = map[string]bool{"python": true, "python2": true, "python3": true, "perl": true, "node": true,
	"nodejs": true, "ruby": true, "php": true, "pwsh": true, "deno": true, "bun": true}

func checkDF042(p *rule.Pass) {
	f := p.Dockerfile
	if f == nil {
		return
	}
	for _, st := range f.Stages {
		for _, in := range st.Instructions {
			if in.Cmd != "RUN" || !sdiRunMentions(in, "curl", "wget", "fetch") {
				continue
			}
			var seen map[string]bool
			for _, c := range in.Shell().Commands {
				if !sdiDownloaders[c.Name] {
					continue
				}
				runner := sdiRunsDownload(c)
				if runner == "" {
					continue
				}
				if seen == nil {
					seen = map[string]bool{}
				}
				ev := c.Name + " | " + runner
				key := strconv.Itoa(c.Line) + "\x00" + ev
				if seen[key] {
					continue
				}
				seen[key] = true
				p.Reportf(finding.Line(c.Line), sdiLoc(in, "RUN", ev), ev,
					"RUN in %s runs a script straight from the network (%s): whoever controls that URL, its server or its DNS runs code in the build, and nothing records what ran; download it, check its checksum or signature, then run it",
					sdiStageDesc(f, st), ev)
			}
		}
	}
}

// sdiRunsDownload returns the shell or interpreter that runs what the
// downloader c fetches, "" when none does: a later element of c's pipe
// reading code from stdin, or a shell whose -c string is "$(c …)" or whose
// script is <(c …).
func sdiRunsDownload(c *dockerfile.Command) string {
	for _, d := range c.PipesTo() {
		if sdiReadsCodeFromStdin(d) {
			return d.Name
		}
	}
	par := c.Parent
	if par == nil {
		return ""
	}
	switch {
	case par.Name == "eval", par.Name == "source", par.Name == ".":
		for _, a := range par.Args {
			if sdiSubstOf(a, c.Name) {
				return par.Name
			}
		}
	case sdiShells[par.Name] || sdiInterpreters[par.Name]:
		for i, a := range par.Args {
			if a == "--" {
				continue
			}
			if strings.HasPrefix(a, "-") && !strings.HasPrefix(a, "<(") {
				if (a == "-c" || a == "-e") && i+1 < len(par.Args) && sdiSubstOf(par.Args[i+1], c.Name) {
					return par.Name
				}
				if strings.HasSuffix(a, "c") && sdiShells[par.Name] && i+1 < len(par.Args) && sdiSubstOf(par.Args[i+1], c.Name) {
					return par.Name // sh -ec "$(curl …)"
				}
				continue
			}
			// The first operand is the script: bash <(curl …).
			if strings.HasPrefix(a, "<(") && strings.Contains(a, c.Name) {
				return par.Name
			}
			return ""
		}
	}
	return ""
}

// sdiSubstOf reports whether a word is a command substitution that runs
// the downloader: "$(curl …)" or "`curl …`".
func sdiSubstOf(word, name string) bool {
	w := strings.TrimSpace(word)
	return strings.HasPrefix(w, "$("+name+" ") || strings.HasPrefix(w, "`"+name+" ") ||
		strings.HasPrefix(w, "$( "+name+" ") || strings.HasPrefix(w, "<("+name+" ")
}

// sdiReadsCodeFromStdin reports whether a pipe element runs its standard
// input as code: sh, bash -s, python3 -, perl (no script operand).
func sdiReadsCodeFromStdin(d *dockerfile.Command) bool {
	shell := sdiShells[d.Name]
	if !shell && !sdiInterpreters[d.Name] {
		return false
	}
	if d.Name == "busybox" {
		return false
	}
	for _, a := range d.Args {
		switch {
		case a == "-":
			return true
		case a == "--":
			return shell // bash -s -- args
		case a == "-c" || a == "-e" || a == "-m" || a == "--eval" || a == "-p" && d.Name == "node":
			return false
		case shell && strings.HasPrefix(a, "-") && !strings.HasPrefix(a, "--") && strings.ContainsRune(a[1:], 'c'):
			return false // sh -ec 'cmd': stdin is data for cmd
		case strings.HasPrefix(a, "-"):
		default:
			return false // a script file operand: stdin is its data
		}
	}
	return true
}
