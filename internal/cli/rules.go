package cli

import (
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/stevedore-dev/stevedore/internal/engine"
	"github.com/stevedore-dev/stevedore/rules"
	"github.com/stevedore-dev/stevedore/rules/notes"
)

func runRules(args []string, io IO) int {
	fs := flag.NewFlagSet("rules", flag.ContinueOnError)
	fs.SetOutput(io.Stderr)
	kind := fs.String("kind", "", "only rules of this `KIND` (dockerfile, compose, kubernetes, crossfile, any)")
	if err := fs.Parse(args); err != nil {
		return ExitError
	}
	tw := tabwriter.NewWriter(io.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tSEVERITY\tKIND\tTITLE")
	for _, r := range rules.All() {
		if *kind != "" && string(r.Kind) != *kind {
			continue
		}
		title := r.Title
		if r.DefaultOff {
			title += " (off by default)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.ID, r.Name, r.Severity, r.Kind, title)
	}
	if err := tw.Flush(); err != nil {
		return fail(io, err)
	}
	return ExitOK
}

func runExplain(args []string, io IO) int {
	fs := flag.NewFlagSet("explain", flag.ContinueOnError)
	fs.SetOutput(io.Stderr)
	docs := fs.String("docs-url", engine.DefaultDocsBase, "base `URL` of rule pages and notes")
	if err := fs.Parse(args); err != nil {
		return ExitError
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(io.Stderr, "Usage: stevedore explain RULE   (an ID like DF001 or a name like final-stage-runs-as-root)")
		return ExitError
	}
	r := rules.Lookup(fs.Arg(0))
	if r == nil {
		if page, ok := notes.Lookup(fs.Arg(0)); ok {
			fmt.Fprint(io.Stdout, page)
			return ExitOK
		}
		fmt.Fprintf(io.Stderr, "stevedore: no rule or note %q (see `stevedore rules`)\n", fs.Arg(0))
		return ExitError
	}
	fmt.Fprint(io.Stdout, strings.TrimRight(r.Doc, "\n")+"\n")
	fmt.Fprintf(io.Stdout, "\n## Severity\n%s (default%s)\n", r.Severity, map[bool]string{true: "; off by default", false: ""}[r.DefaultOff])
	fmt.Fprintln(io.Stdout, "\n## Equivalents in other tools")
	tools := r.Equivalents.Tools()
	if len(tools) == 0 {
		fmt.Fprintln(io.Stdout, "None: no peer checks this.")
	}
	for _, t := range tools {
		fmt.Fprintf(io.Stdout, "- %s: %s\n", t[0], t[1])
	}
	fmt.Fprintf(io.Stdout, "\n## Suppress\n```\n# stevedore:ignore %s <reason> [until=YYYY-MM-DD]\n```\n", r.ID)
	base := strings.TrimSuffix(*docs, "/") + "/"
	fmt.Fprintf(io.Stdout, "\nPage: %s%s\nTopic note (%s): %s%s\n", base, r.DocPath(), notes.Title(r.Note), base, r.NotePath())
	return ExitOK
}
