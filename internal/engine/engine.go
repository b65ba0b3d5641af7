// Package engine runs the rule catalogue over a tree of files: it discovers
// container files, parses each once, runs the rules of its kind, applies
// config and inline suppressions, audits them, and returns sorted findings.
// It reads from an fs.FS, so the same code scans a checkout, a git revision
// or files fetched from an API.
package engine

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/moby/patternmatcher"
	"github.com/sourcegraph/conc/panics"

	"github.com/stevedore-dev/stevedore/internal/buildctx"
	"github.com/stevedore-dev/stevedore/internal/compose"
	"github.com/stevedore-dev/stevedore/internal/config"
	"github.com/stevedore-dev/stevedore/internal/dockerfile"
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/image"
	"github.com/stevedore-dev/stevedore/internal/kube"
	"github.com/stevedore-dev/stevedore/internal/rule"
	"github.com/stevedore-dev/stevedore/internal/source"
	"github.com/stevedore-dev/stevedore/internal/suppress"
	enginerules "github.com/stevedore-dev/stevedore/rules/engine"
)

// DefaultDocsBase is where rule pages and notes are linked by default.
const DefaultDocsBase = "https://github.com/stevedore-dev/stevedore/blob/main/rules/"

// Options set how a Scanner runs.
type Options struct {
	// Today is the date for end-of-life and expiry checks (default: now).
	Today time.Time
	// Target names the Dockerfile stage that ships (default: the last).
	Target string
	// DocsBase is the base URL of rule pages (default DefaultDocsBase).
	DocsBase string
	// K8sVersion pins the Pod Security Standards version.
	K8sVersion string
	// Only, when set, restricts the run to these rule IDs (tests).
	Only []string
	// Concurrency bounds parallel file work (default GOMAXPROCS).
	Concurrency int
	// Inspect, when set, receives every parsed model — *dockerfile.File,
	// *compose.Project, *kube.File — so callers (the review's posture diff)
	// can read it without parsing the file again. It is called concurrently.
	Inspect func(path string, model any)
	// Progress, when set, is called after each unit of work with the
	// number done and the total so far (Scan starts checking Dockerfiles
	// while discovery still walks, so the total can grow).
	Progress func(done, total int)
}

// Scanner runs a configured rule set. It is safe for concurrent use.
type Scanner struct {
	catalogue map[string]*rule.Rule // by ID and by name
	enabled   map[rule.Kind][]*rule.Rule
	enabledID map[string]*rule.Rule
	cfg       *config.Config
	opts      Options
	ruleOpts  rule.Options
	ignores   []*configIgnore
}

type configIgnore struct {
	directive *suppress.Directive
	matcher   *patternmatcher.PatternMatcher
}

// New builds a Scanner from the catalogue and a config. Unknown rule IDs in
// the config are errors.
func New(catalogue []*rule.Rule, cfg *config.Config, opts Options) (*Scanner, error) {
	image.Preload() // the image knowledge parses while the scan starts
	if cfg == nil {
		cfg = config.Default()
	}
	if opts.Today.IsZero() {
		opts.Today = time.Now().UTC()
	}
	if opts.DocsBase == "" {
		opts.DocsBase = DefaultDocsBase
	}
	if !strings.HasSuffix(opts.DocsBase, "/") {
		opts.DocsBase += "/"
	}
	if opts.Concurrency <= 0 {
		opts.Concurrency = runtime.GOMAXPROCS(0)
	}
	if opts.K8sVersion == "" {
		opts.K8sVersion = cfg.Kubernetes.Version
	}
	if opts.K8sVersion != "" && opts.K8sVersion != "latest" {
		if _, err := kube.ParsePSSVersion(opts.K8sVersion); err != nil {
			return nil, fmt.Errorf("kubernetes version %q: %w", opts.K8sVersion, err)
		}
	}
	s := &Scanner{
		catalogue: map[string]*rule.Rule{},
		enabled:   map[rule.Kind][]*rule.Rule{},
		enabledID: map[string]*rule.Rule{},
		cfg:       cfg,
		opts:      opts,
		ruleOpts: rule.Options{
			TrustedRegistries: cfg.TrustedRegistries,
			Today:             opts.Today,
			EOLSoonDays:       cfg.EOLSoonDays(),
			Target:            opts.Target,
			K8sVersion:        opts.K8sVersion,
		},
	}
	for _, r := range catalogue {
		s.catalogue[r.ID] = r
		s.catalogue[r.Name] = r
	}
	for key := range cfg.Rules {
		if s.catalogue[key] == nil {
			return nil, fmt.Errorf("config %s: rules: unknown rule %q (see `stevedore rules`)", cfg.Path, key)
		}
	}
	only := map[string]bool{}
	for _, id := range opts.Only {
		if s.catalogue[id] == nil {
			return nil, fmt.Errorf("unknown rule %q", id)
		}
		only[s.catalogue[id].ID] = true
	}
	configured := map[string]bool{} // before Only, which only narrows what a test sees
	s.ruleOpts.RuleEnabled = func(id string) bool {
		on, known := configured[id]
		return on || !known
	}
	for _, r := range catalogue {
		on := !r.DefaultOff
		sev := r.Severity
		for _, key := range []string{r.ID, r.Name} {
			if set, ok := cfg.Rules[key]; ok {
				if set.Enabled != nil {
					on = *set.Enabled
				}
				if set.Severity != nil {
					sev = *set.Severity
				}
			}
		}
		configured[r.ID] = on
		if len(only) > 0 {
			on = only[r.ID]
		}
		if !on {
			continue
		}
		eff := *r
		eff.Severity = sev
		s.enabled[r.Kind] = append(s.enabled[r.Kind], &eff)
		s.enabledID[r.ID] = &eff
	}
	for _, ig := range cfg.Ignore {
		for _, id := range ig.RuleIDs() {
			if s.catalogue[id] == nil {
				return nil, fmt.Errorf("config %s: ignore (line %d): unknown rule %q", cfg.Path, ig.Line, id)
			}
		}
		d := &suppress.Directive{Source: suppress.FromConfig, Path: cfg.Path, Line: ig.Line,
			Rules: ig.RuleIDs(), Reason: ig.Reason, Until: ig.Until.Time, Paths: ig.Paths}
		ci := &configIgnore{directive: d}
		if len(ig.Paths) > 0 {
			m, err := patternmatcher.New(ig.Paths)
			if err != nil {
				return nil, fmt.Errorf("config %s: ignore (line %d): %w", cfg.Path, ig.Line, err)
			}
			ci.matcher = m
		}
		s.ignores = append(s.ignores, ci)
	}
	return s, nil
}

// Rule returns the effective (severity-overridden) enabled rule with this ID.
func (s *Scanner) Rule(id string) *rule.Rule { return s.enabledID[id] }

// Rules returns the enabled rules, by ID.
func (s *Scanner) Rules() []*rule.Rule {
	var out []*rule.Rule
	for _, r := range s.enabledID {
		out = append(out, r)
	}
	rule.Sort(out)
	return out
}

// Config returns the config the scanner runs with.
func (s *Scanner) Config() *config.Config { return s.cfg }

// Suppressed is a finding hidden by a directive.
type Suppressed struct {
	Finding   finding.Finding
	Directive *suppress.Directive
}

// Result is what a scan found.
type Result struct {
	Files      []source.File
	Findings   []finding.Finding
	Suppressed []Suppressed
}

// Scan discovers and checks the container files below paths in fsys
// ("." when none are given). Dockerfiles are checked while the walk goes on.
func (s *Scanner) Scan(ctx context.Context, fsys fs.FS, paths ...string) (*Result, error) {
	t := &scan{s: s, fsys: fsys, early: map[string]bool{}}
	opts := source.Options{Paths: paths, Exclude: s.cfg.Exclude}
	// A walk of the whole root also lists the tree for the cross-file rules.
	var tree *buildctx.Collector
	if len(s.enabled[rule.KindCrossFile]) > 0 && (len(paths) == 0 || len(paths) == 1 && path.Clean(paths[0]) == ".") {
		tree = buildctx.NewCollector(fsys)
		opts.Visit = tree.Add
		t.listing = true
	}
	w := t.startWorkers(ctx)
	opts.Found = func(f source.File) {
		if f.Kind != source.KindDockerfile {
			return // Compose projects and manifests wait for the whole list
		}
		t.early[f.Path] = true
		t.hasDockerfiles = true
		t.startTree()
		w.submit(t.dockerfileUnit(f.Path))
	}
	files, err := source.Discover(fsys, opts)
	if err != nil {
		w.abort()
		return nil, fmt.Errorf("discover: %w", err)
	}
	if tree != nil {
		t.tree = tree.Tree()
	}
	t.files = files
	return t.run(w)
}

// ScanFiles checks the given files of fsys. Files of other kinds in the
// list (.dockerignore) give context to the checks.
func (s *Scanner) ScanFiles(ctx context.Context, fsys fs.FS, files []source.File) (*Result, error) {
	t := &scan{s: s, fsys: fsys, files: files}
	return t.run(t.startWorkers(ctx))
}

// run checks the files not started yet, waits for every unit, then runs
// the cross-file rules and finishes.
func (t *scan) run(w *workers) (*Result, error) {
	for _, u := range t.plan() {
		w.submit(u)
	}
	t.startTree()
	if err := w.wait(); err != nil {
		return nil, err
	}
	var cross chan *output
	if len(t.s.enabled[rule.KindCrossFile]) > 0 {
		// The cross-file rules run while finish takes in the files' findings.
		cross = make(chan *output, 1)
		go func() { cross <- t.crossFile() }()
	}
	return t.finish(cross), nil
}

// startTree starts walking the repository tree for the cross-file rules
// (once, and only when there are Dockerfiles), while the files are checked,
// or takes the tree the discovery walk listed.
func (t *scan) startTree() {
	if t.treeDone != nil || !t.hasDockerfiles || len(t.s.enabled[rule.KindCrossFile]) == 0 {
		return
	}
	if t.listing {
		if t.tree != nil { // listed by the discovery walk
			t.treeDone = make(chan struct{})
			close(t.treeDone)
		}
		return // else the discovery walk is still listing it; run calls again
	}
	t.treeDone = make(chan struct{})
	go func() {
		defer close(t.treeDone)
		t.tree, t.treeErr = buildctx.Walk(t.fsys)
	}()
}

// workers run units on Options.Concurrency goroutines; submit queues a
// unit without waiting for a free worker (up to a bounded backlog), so
// discovery goes on while the first files are checked.
type workers struct {
	t      *scan
	ctx    context.Context
	queue  chan unit
	wg     sync.WaitGroup
	panics panics.Catcher
	mu     sync.Mutex
	err    error
	done   int
	total  int
}

func (t *scan) startWorkers(ctx context.Context) *workers {
	w := &workers{t: t, ctx: ctx, queue: make(chan unit, 1024)}
	for range t.s.opts.Concurrency {
		w.wg.Go(w.loop)
	}
	return w
}

// loop runs queued units until the queue closes; after a cancellation or
// a panic it only drains the queue (wait reports them).
func (w *workers) loop() {
	for u := range w.queue {
		if err := w.ctx.Err(); err != nil {
			w.mu.Lock()
			if w.err == nil {
				w.err = err
			}
			w.mu.Unlock()
			continue
		}
		if w.panics.Recovered() != nil {
			continue
		}
		var out *output
		w.panics.Try(func() { out = u() })
		if out == nil {
			continue
		}
		w.mu.Lock()
		w.t.outputs = append(w.t.outputs, out)
		w.done++
		if p := w.t.s.opts.Progress; p != nil {
			p(w.done, w.total)
		}
		w.mu.Unlock()
	}
}

// submit queues u; the total passed to Progress grows while discovery runs.
func (w *workers) submit(u unit) {
	w.mu.Lock()
	w.total++
	w.mu.Unlock()
	w.queue <- u
}

// wait closes the queue and waits for every unit; a unit's panic is
// raised again here.
func (w *workers) wait() error {
	close(w.queue)
	w.wg.Wait()
	w.panics.Repanic()
	return w.err
}

// abort drops the queued units and waits for the running ones.
func (w *workers) abort() {
	close(w.queue)
	for range w.queue {
	}
	w.wg.Wait()
}

// scan is the state of one Scan call.
type scan struct {
	s       *Scanner
	fsys    fs.FS
	files   []source.File
	fileSet map[string]bool
	// early holds the Dockerfiles whose unit started during discovery.
	early map[string]bool
	// hasDockerfiles is true when the scan holds a Dockerfile.
	hasDockerfiles bool
	// tree is the repository tree for the cross-file rules, walked in the
	// background; treeDone is closed when it is ready.
	tree     *buildctx.Tree
	treeErr  error
	treeDone chan struct{}
	// listing is true when the discovery walk lists the tree (Options.Visit)
	// instead of a walk of its own; tree is set when discovery ends.
	listing bool
	outputs []*output
	// composePaths lists every Compose file of the scan (for partial overrides).
	composePaths []string
	// models collects what was parsed, for the cross-file rules.
	mu     sync.Mutex
	models rule.Repo
}

// unit is one piece of parallel work: a file or a compose project.
type unit func() *output

// output is what a unit produced.
type output struct {
	findings   []finding.Finding
	directives []*suppress.Directive
}

func (o *output) add(f finding.Finding) { o.findings = append(o.findings, f) }

// pass returns a Pass on path that appends to o; the caller sets its Rule
// before each rule's Check (one Pass serves every rule of a unit).
func (t *scan) pass(r *rule.Rule, path string, opts *rule.Options, o *output) *rule.Pass {
	p := rule.NewPass(r, path, opts, o.add)
	p.FS = t.fsys
	return p
}

// inspect hands a parsed model to Options.Inspect and keeps it for the
// cross-file rules.
func (t *scan) inspect(path string, model any) {
	if t.s.opts.Inspect != nil {
		t.s.opts.Inspect(path, model)
	}
	if len(t.s.enabled[rule.KindCrossFile]) == 0 {
		return // nothing reads the models after their unit
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	switch m := model.(type) {
	case *dockerfile.File:
		if t.models.Dockerfiles == nil {
			t.models.Dockerfiles = map[string]*dockerfile.File{}
		}
		if _, seen := t.models.Dockerfiles[path]; !seen {
			t.models.Dockerfiles[path] = m
		}
	case *compose.Project:
		if t.hasDockerfiles { // cross-file rules link services to Dockerfiles; none, nothing to link
			t.models.Compose = append(t.models.Compose, m)
		}
	case *kube.File:
		if t.hasDockerfiles {
			t.models.Kube = append(t.models.Kube, m)
		}
	}
}

// engineFinding records one of the engine's own rules, when enabled.
func (t *scan) engineFinding(o *output, r *rule.Rule, path string, rng finding.Range, location, msg string) {
	eff := t.s.enabledID[r.ID]
	if eff == nil {
		return
	}
	o.add(finding.Finding{RuleID: eff.ID, RuleName: eff.Name, Severity: eff.Severity, Path: path,
		Range: rng.Normalize(), Location: location, Message: msg})
}

func (t *scan) plan() []unit {
	var units []unit
	var composeFiles []string
	t.fileSet = make(map[string]bool, len(t.files))
	for _, f := range t.files {
		t.fileSet[f.Path] = true
		switch f.Kind {
		case source.KindDockerfile:
			t.hasDockerfiles = true
			if !t.early[f.Path] {
				units = append(units, t.dockerfileUnit(f.Path))
			}
		case source.KindKubernetes:
			units = append(units, t.kubeUnit(f.Path))
		case source.KindCompose:
			composeFiles = append(composeFiles, f.Path)
		}
	}
	for _, group := range t.composeProjects(composeFiles) {
		units = append(units, t.composeUnit(group))
	}
	return units
}

// read loads a file within the size limit; a refusal becomes SD002.
func (t *scan) read(path string, o *output) ([]byte, bool) {
	data, err := source.Read(t.fsys, path, source.MaxFileSize)
	if err == nil {
		return data, true
	}
	var tooLarge *source.TooLargeError
	if errors.As(err, &tooLarge) {
		t.engineFinding(o, enginerules.SD002, path, finding.Line(1), "file",
			fmt.Sprintf("File is %d bytes, over the %d-byte limit; it was not checked", tooLarge.Size, tooLarge.Limit))
		return nil, false
	}
	t.engineFinding(o, enginerules.SD001, path, finding.Line(1), "file", fmt.Sprintf("File could not be read: %v", err))
	return nil, false
}

// finish applies suppressions, audits them, sets links and sorts. It
// takes the files' outputs, then the cross-file rules' output from cross
// (when not nil), dropping findings with the same fingerprint at the same
// line (a file analysed twice, e.g. a Dockerfile also built by a compose
// service): the first one is kept.
func (t *scan) finish(cross <-chan *output) *Result {
	res := &Result{Files: t.files}
	n := 0
	var directives []*suppress.Directive
	for _, o := range t.outputs {
		n += len(o.findings)
		directives = append(directives, o.directives...)
	}
	inline := t.s.cfg.InlineIgnoresAllowed()
	byPath := map[string][]*suppress.Directive{}
	for _, d := range directives {
		byPath[d.Path] = append(byPath[d.Path], d)
	}
	today := t.s.opts.Today
	var seen dupes
	seen.init(n)
	kept := make([]finding.Finding, 0, n)
	take := func(o *output) {
		for i := range o.findings {
			f := &o.findings[i]
			if seen.repeated(f) {
				continue
			}
			if d := t.suppressor(f, byPath[f.Path], inline, today); d != nil {
				d.Used++
				res.Suppressed = append(res.Suppressed, Suppressed{Finding: *f, Directive: d})
				continue
			}
			kept = append(kept, *f)
		}
	}
	for _, o := range t.outputs {
		take(o)
	}
	if cross != nil {
		take(<-cross)
	}
	kept = append(kept, t.audit(directives, inline, today)...)
	for i := range kept {
		t.link(&kept[i])
	}
	res.Findings = sortFindings(kept)
	return res
}

// dupes finds findings with the same fingerprint at the same line. Equal
// fingerprints need equal rule, path and location, so findings are first
// grouped by those and the line; fingerprints (sha256) are only computed
// within a group of two or more, which is rare.
type dupes struct {
	groups map[dupeKey]dupeGroup
}

type dupeKey struct {
	rule, path, location string
	line                 int
}

type dupeGroup struct {
	first  *finding.Finding // the group's first finding, fingerprinted lazily
	prints []string         // fingerprints of its distinct findings, once two
}

func (d *dupes) init(n int) { d.groups = make(map[dupeKey]dupeGroup, n) }

// repeated reports whether a finding with f's fingerprint at f's line was
// seen before, and records f, which must not change afterwards.
func (d *dupes) repeated(f *finding.Finding) bool {
	k := dupeKey{f.RuleID, f.Path, f.Location, f.Range.StartLine}
	g, ok := d.groups[k]
	if !ok {
		d.groups[k] = dupeGroup{first: f}
		return false
	}
	if g.prints == nil {
		g.prints = []string{g.first.Fingerprint()}
	}
	fp := f.Fingerprint()
	if slices.Contains(g.prints, fp) {
		d.groups[k] = g
		return true
	}
	g.prints = append(g.prints, fp)
	d.groups[k] = g
	return false
}

// suppressor returns the directive that hides f, or nil.
func (t *scan) suppressor(f *finding.Finding, ds []*suppress.Directive, inline bool, today time.Time) *suppress.Directive {
	if strings.HasPrefix(f.RuleID, "SD") && f.RuleID != enginerules.SD001.ID && f.RuleID != enginerules.SD006.ID {
		return nil // the suppression audit cannot itself be suppressed inline
	}
	if inline {
		for _, d := range ds {
			if !d.Expired(today) && d.Covers(f) {
				return d
			}
		}
	}
	for _, ci := range t.s.ignores {
		d := ci.directive
		if d.Expired(today) || !d.Matches(f.RuleID, f.RuleName) {
			continue
		}
		if ci.matcher != nil {
			if ok, _ := ci.matcher.MatchesOrParentMatches(f.Path); !ok {
				continue
			}
		}
		return d
	}
	return nil
}

// audit reports suppressions without a reason, past their date, or unused.
func (t *scan) audit(ds []*suppress.Directive, inline bool, today time.Time) []finding.Finding {
	o := &output{}
	if inline {
		for _, d := range ds {
			t.auditOne(o, d, d.Path, today)
		}
	}
	for _, ci := range t.s.ignores {
		t.auditOne(o, ci.directive, t.s.cfg.Path, today)
	}
	return o.findings
}

func (t *scan) auditOne(o *output, d *suppress.Directive, path string, today time.Time) {
	if path == "" {
		return
	}
	at := finding.Line(d.Line)
	loc := fmt.Sprintf("suppression[%s]", strings.Join(d.Rules, ","))
	switch {
	case len(d.Rules) == 0:
		t.engineFinding(o, enginerules.SD005, path, at, loc, "Suppression names no rule")
		return
	case d.BadUntil != "":
		t.engineFinding(o, enginerules.SD004, path, at, loc, fmt.Sprintf("Suppression date %q is not YYYY-MM-DD, so it is treated as expired", d.BadUntil))
	case d.Expired(today):
		t.engineFinding(o, enginerules.SD004, path, at, loc,
			fmt.Sprintf("Suppression of %s expired on %s; the findings it hid are reported again", strings.Join(d.Rules, ", "), d.Until.Format("2006-01-02")))
		return
	}
	if d.Reason == "" {
		t.engineFinding(o, enginerules.SD003, path, at, loc, fmt.Sprintf("Suppression of %s gives no reason", strings.Join(d.Rules, ", ")))
	}
	if d.Used > 0 {
		return
	}
	var unknown, enabled []string
	for _, id := range d.Rules {
		if id == "*" || strings.EqualFold(id, "all") {
			enabled = append(enabled, id)
			continue
		}
		r := t.s.catalogue[id]
		switch {
		case r == nil:
			unknown = append(unknown, id)
		case t.s.enabledID[r.ID] != nil:
			enabled = append(enabled, id)
		}
	}
	switch {
	case len(unknown) > 0:
		t.engineFinding(o, enginerules.SD005, path, at, loc, fmt.Sprintf("Suppression names unknown rule %s", strings.Join(unknown, ", ")))
	case len(enabled) > 0:
		t.engineFinding(o, enginerules.SD005, path, at, loc, fmt.Sprintf("Suppression of %s matched no finding; remove it or move it directly above the line it covers", strings.Join(d.Rules, ", ")))
	}
}

func (t *scan) link(f *finding.Finding) {
	r := t.s.catalogue[f.RuleID]
	if r == nil {
		return
	}
	f.DocURL = t.s.opts.DocsBase + r.DocPath()
	f.NoteURL = t.s.opts.DocsBase + r.NotePath()
}

// sortFindings returns fs sorted by path, line, rule and location, keeping
// the order of equal findings; it sorts indexes, not the large findings.
func sortFindings(fs []finding.Finding) []finding.Finding {
	idx := make([]int, len(fs))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(i, j int) int {
		a, b := &fs[i], &fs[j]
		if c := strings.Compare(a.Path, b.Path); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Range.StartLine, b.Range.StartLine); c != 0 {
			return c
		}
		if c := strings.Compare(a.RuleID, b.RuleID); c != 0 {
			return c
		}
		return strings.Compare(a.Location, b.Location)
	})
	sorted := make([]finding.Finding, len(fs))
	for k, i := range idx {
		sorted[k] = fs[i]
	}
	return sorted
}

// Counts returns the number of findings per severity.
func Counts(fs []finding.Finding) map[finding.Severity]int {
	c := map[finding.Severity]int{}
	for _, f := range fs {
		c[f.Severity]++
	}
	return c
}

// AtOrAbove returns the findings whose severity reaches threshold.
func AtOrAbove(fs []finding.Finding, threshold finding.Severity) []finding.Finding {
	return slices.DeleteFunc(slices.Clone(fs), func(f finding.Finding) bool { return f.Severity < threshold })
}
