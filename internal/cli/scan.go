package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/stevedore-dev/stevedore/internal/config"
	"github.com/stevedore-dev/stevedore/internal/engine"
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/gctune"
	"github.com/stevedore-dev/stevedore/internal/report"
	"github.com/stevedore-dev/stevedore/internal/source"
	"github.com/stevedore-dev/stevedore/rules"
)

// commonFlags are the flags scan and review share.
type commonFlags struct {
	format, output, failOn, configPath, target, docsURL, today, k8sVersion string
	// stats prints files/s and peak memory to standard error (benchmarks).
	stats bool
}

func (c *commonFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&c.format, "format", "text", "output format: text, json, sarif or markdown")
	fs.StringVar(&c.output, "output", "", "write the report to `FILE` instead of standard output")
	fs.StringVar(&c.failOn, "fail-on", "", "lowest severity that fails: none, info, low, medium, high or critical (default high, or the config's fail-on)")
	fs.StringVar(&c.configPath, "config", "", "read the config from `FILE` (default .stevedore.yml at the scanned root)")
	fs.StringVar(&c.target, "target", "", "the Dockerfile `STAGE` that ships (default: the last stage)")
	fs.StringVar(&c.docsURL, "docs-url", engine.DefaultDocsBase, "base `URL` of rule pages and notes")
	fs.StringVar(&c.today, "today", "", "judge dates (end of life, ignore expiry) as of `YYYY-MM-DD` (default today)")
	fs.StringVar(&c.k8sVersion, "k8s-version", "", "Pod Security Standards `VERSION` (v1.33; default the newest known)")
	fs.BoolVar(&c.stats, "stats", false, "print files scanned, files/s and peak memory to standard error")
}

// settings resolves the flags against a config into engine options and the
// failure threshold.
func (c *commonFlags) settings(cfg *config.Config) (engine.Options, finding.Severity, error) {
	opts := engine.Options{Target: c.target, DocsBase: c.docsURL, K8sVersion: c.k8sVersion}
	if c.today != "" {
		t, err := time.Parse("2006-01-02", c.today)
		if err != nil {
			return opts, 0, fmt.Errorf("--today %q: want YYYY-MM-DD", c.today)
		}
		opts.Today = t
	}
	switch c.format {
	case "text", "json", "sarif", "markdown":
	default:
		return opts, 0, fmt.Errorf("--format %q: want text, json, sarif or markdown", c.format)
	}
	failOn := "high"
	if cfg != nil && cfg.FailOn != "" {
		failOn = cfg.FailOn
	}
	if c.failOn != "" {
		failOn = c.failOn
	}
	sev, err := finding.ParseSeverity(failOn)
	if err != nil {
		return opts, 0, fmt.Errorf("--fail-on: %w", err)
	}
	return opts, sev, nil
}

// loadConfig reads --config (a missing or invalid file is an error) or the
// root's .stevedore.yml.
func (c *commonFlags) loadConfig(root string) (*config.Config, error) {
	if c.configPath != "" {
		return config.Load(c.configPath)
	}
	cfg, err := config.Find(os.DirFS(root))
	if err != nil {
		return nil, err
	}
	if cfg.Path != "" {
		cfg.Path = path.Join(filepath.ToSlash(root), cfg.Path)
	}
	return cfg, nil
}

// scanTarget is one scan root and the paths below it.
type scanTarget struct {
	root  string // OS path
	paths []string
}

// targets groups PATH arguments: a folder is its own root; files are
// scanned from the current folder (as pre-commit passes them).
func targets(args []string) ([]scanTarget, error) {
	if len(args) == 0 {
		args = []string{"."}
	}
	var out []scanTarget
	var files []string
	for _, a := range args {
		st, err := os.Stat(a)
		if err != nil {
			return nil, fmt.Errorf("scan %s: %w", a, err)
		}
		if st.IsDir() {
			out = append(out, scanTarget{root: a, paths: []string{"."}})
			continue
		}
		rel := filepath.ToSlash(filepath.Clean(a))
		if filepath.IsAbs(a) || strings.HasPrefix(rel, "../") {
			out = append(out, scanTarget{root: filepath.Dir(a), paths: []string{filepath.Base(a)}})
			continue
		}
		files = append(files, rel)
	}
	if len(files) > 0 {
		out = append(out, scanTarget{root: ".", paths: files})
	}
	return out, nil
}

func runScan(args []string, io IO) int {
	fs := flag.NewFlagSet("scan", flag.ContinueOnError)
	fs.SetOutput(io.Stderr)
	var cf commonFlags
	cf.register(fs)
	fs.Usage = func() {
		fmt.Fprintln(io.Stderr, "Usage: stevedore scan [flags] [PATH...]\n\nChecks the Dockerfiles, Compose files and Kubernetes manifests below each PATH (default .).\nExit status: 0 nothing at or above --fail-on, 1 findings at or above it, 2 errors.\n\nFlags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitOK
		}
		return ExitError
	}
	gctune.Batch(io.Getenv)
	tgts, err := targets(fs.Args())
	if err != nil {
		return fail(io, err)
	}
	res := &report.Result{Tool: tool(), DocsBase: cf.docsURL}
	started := time.Now()
	var threshold finding.Severity
	for _, tg := range tgts {
		cfg, err := cf.loadConfig(tg.root)
		if err != nil {
			return fail(io, err)
		}
		opts, sev, err := cf.settings(cfg)
		if err != nil {
			return fail(io, err)
		}
		threshold = sev
		stop := startProgress(io, &opts)
		s, err := engine.New(rules.All(), cfg, opts)
		if err != nil {
			stop()
			return fail(io, err)
		}
		out, err := s.Scan(context.Background(), os.DirFS(tg.root), tg.paths...)
		stop()
		if err != nil {
			return fail(io, err)
		}
		prefix := filepath.ToSlash(tg.root)
		for _, f := range out.Files {
			if f.Kind == source.KindDockerignore {
				continue
			}
			res.Files = append(res.Files, report.ScannedFile{Path: joinPath(prefix, f.Path), Kind: string(f.Kind)})
		}
		for _, f := range out.Findings {
			f.Path = joinPath(prefix, f.Path)
			res.Findings = append(res.Findings, f)
		}
		res.Rules = s.Rules()
	}
	sort.SliceStable(res.Findings, func(i, j int) bool { return res.Findings[i].Path < res.Findings[j].Path })
	if cf.stats {
		printStats(io.Stderr, len(res.Files), time.Since(started))
	}
	if err := writeReport(io, cf.format, cf.output, res); err != nil {
		return fail(io, err)
	}
	if threshold != finding.None && len(engine.AtOrAbove(res.Findings, threshold)) > 0 {
		return ExitFindings
	}
	return ExitOK
}

func joinPath(prefix, p string) string {
	if prefix == "" || prefix == "." {
		return p
	}
	return path.Join(prefix, p)
}

func tool() report.Tool {
	return report.Tool{Name: "stevedore", Version: Version(), InformationURI: "https://github.com/stevedore-dev/stevedore"}
}

// writeReport renders res in format to output (a file) or standard output.
func writeReport(io IO, format, output string, res *report.Result) (err error) {
	w := io.Stdout
	color := io.tty(io.Stdout)
	if output != "" {
		f, err := os.Create(output)
		if err != nil {
			return fmt.Errorf("output: %w", err)
		}
		defer func() {
			if cerr := f.Close(); err == nil && cerr != nil {
				err = fmt.Errorf("output: %w", cerr)
			}
		}()
		w, color = f, false
	}
	switch format {
	case "json":
		return report.JSON(w, res)
	case "sarif":
		return report.SARIF(w, res)
	case "markdown":
		return report.Markdown(w, res, report.MarkdownOptions{})
	default:
		return report.Text(w, res, report.TextOptions{Color: color})
	}
}

func fail(io IO, err error) int {
	fmt.Fprintf(io.Stderr, "stevedore: %v\n", err)
	return ExitError
}

// startProgress shows a progress line on a terminal once a scan has run
// for a second; never in pipes or CI logs. It returns the function that
// clears it.
func startProgress(io IO, opts *engine.Options) func() {
	if !io.tty(io.Stderr) {
		return func() {}
	}
	var mu sync.Mutex
	var done, total int
	opts.Progress = func(d, t int) {
		mu.Lock()
		done, total = d, t
		mu.Unlock()
	}
	stop := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		shown := false
		timer := time.NewTimer(time.Second)
		defer timer.Stop()
		tick := time.NewTicker(200 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				if shown {
					fmt.Fprint(io.Stderr, "\r\033[K")
				}
				return
			case <-timer.C:
				shown = true
			case <-tick.C:
				if shown {
					mu.Lock()
					fmt.Fprintf(io.Stderr, "\rscanning… %d/%d", done, total)
					mu.Unlock()
				}
			}
		}
	}()
	return func() { close(stop); <-finished }
}

var _ io.Writer = (*os.File)(nil)
