// Package rule defines what a stevedore rule is: a declarative Rule value
// (stable ID, kebab-case name, default severity, topic note, equivalents in
// other tools, doc page) plus a Check function that reads a model through a
// Pass and reports findings. It knows nothing about GitHub or git.
package rule

import (
	"fmt"
	"io/fs"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/stevedore-dev/stevedore/internal/buildctx"
	"github.com/stevedore-dev/stevedore/internal/compose"
	"github.com/stevedore-dev/stevedore/internal/dockerfile"
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/kube"
)

// Kind says which model a rule reads.
type Kind string

// The kinds of file a rule can judge.
const (
	KindDockerfile Kind = "dockerfile"
	KindCompose    Kind = "compose"
	KindKubernetes Kind = "kubernetes"
	KindCrossFile  Kind = "crossfile"
	// KindAny rules (parse errors, suppression audit) are reported by the
	// engine itself; their Check is nil.
	KindAny Kind = "any"
)

// Equivalents lists the IDs other tools use for the same concept, so users
// can migrate their suppressions and policies. Empty lists are fine.
type Equivalents struct {
	Hadolint   []string `json:"hadolint,omitempty" yaml:"hadolint,omitempty"`
	Trivy      []string `json:"trivy,omitempty" yaml:"trivy,omitempty"`
	Checkov    []string `json:"checkov,omitempty" yaml:"checkov,omitempty"`
	KICS       []string `json:"kics,omitempty" yaml:"kics,omitempty"`
	KubeLinter []string `json:"kubeLinter,omitempty" yaml:"kubeLinter,omitempty"`
	KubeScore  []string `json:"kubeScore,omitempty" yaml:"kubeScore,omitempty"`
	BuildKit   []string `json:"buildkit,omitempty" yaml:"buildkit,omitempty"`
	PSS        []string `json:"pss,omitempty" yaml:"pss,omitempty"`
}

// Tools returns the equivalents as (tool name, IDs) pairs in a fixed order,
// skipping tools with none.
func (e Equivalents) Tools() [][2]string {
	var out [][2]string
	add := func(tool string, ids []string) {
		if len(ids) > 0 {
			out = append(out, [2]string{tool, strings.Join(ids, ", ")})
		}
	}
	add("hadolint", e.Hadolint)
	add("Trivy", e.Trivy)
	add("Checkov", e.Checkov)
	add("KICS", e.KICS)
	add("kube-linter", e.KubeLinter)
	add("kube-score", e.KubeScore)
	add("BuildKit", e.BuildKit)
	add("Pod Security Standards", e.PSS)
	return out
}

// Rule is one check of the catalogue.
type Rule struct {
	// ID is stable and never reused: DF001, DC001, K8S001, XF001, SD001.
	ID string
	// Name is kebab-case: final-stage-runs-as-root.
	Name string
	// Title is a one-line summary, no trailing period.
	Title string
	// Severity is the default; config may override it.
	Severity finding.Severity
	Kind     Kind
	// Note is the slug of the topic note in rules/notes/ (least-privilege).
	Note        string
	Equivalents Equivalents
	// DefaultOff rules run only when the config turns them on.
	DefaultOff bool
	// BuildKitCheck marks a Dockerfile rule that is one of BuildKit's own
	// checks (named in Equivalents.BuildKit) that BuildKit runs only while
	// converting a Dockerfile to LLB, where stevedore does not go. Like
	// BuildKit's, such a rule honours the Dockerfile's `# check=skip=`
	// directive: skip=all, or skip= naming one of its BuildKit names, turns
	// it off for that file.
	BuildKitCheck bool
	// Doc is the rule's markdown page, attached from the embedded pages by
	// AttachDocs.
	Doc string
	// Check reports findings for one model through the Pass.
	Check func(*Pass)
}

// DocPath is the rule page's path below rules/: "dockerfile/DF001.md".
func (r *Rule) DocPath() string {
	dir := string(r.Kind)
	if r.Kind == KindKubernetes {
		dir = "kube"
	}
	if r.Kind == KindAny {
		dir = "engine"
	}
	return dir + "/" + r.ID + ".md"
}

// NotePath is the topic note's path below rules/: "notes/least-privilege.md".
func (r *Rule) NotePath() string { return "notes/" + r.Note + ".md" }

// Options carry the settings rules read. The engine fills them from config
// and flags.
type Options struct {
	// TrustedRegistries, when not empty, is the allow-list of registries
	// (docker.io, ghcr.io/acme, registry.example.com:5000).
	TrustedRegistries []string
	// Today is the date end-of-life rules judge against.
	Today time.Time
	// EOLSoonDays is how close an end-of-life date must be to count as soon.
	EOLSoonDays int
	// Target names the Dockerfile stage that ships when it is not the last one.
	Target string
	// K8sVersion pins the Pod Security Standards version ("v1.33"; "" = latest).
	K8sVersion string
	// BuildArgs are values for ARGs (from a compose service's build.args).
	BuildArgs map[string]string
	// RuleEnabled reports whether the configuration turns a rule on (see
	// Pass.Enabled); nil means every rule is on.
	RuleEnabled func(id string) bool
}

// Pass is what a rule's Check sees: one model (the field matching the rule's
// Kind is set) and a way to report.
type Pass struct {
	Rule    *Rule
	Path    string
	Options *Options

	Dockerfile *dockerfile.File
	Compose    *compose.Project
	Kube       *kube.File
	// Repo is set for cross-file rules: every model of the scan and the tree.
	Repo *Repo
	// FS is the scanned tree, for rules that read other files (a compose
	// env_file, a .dockerignore). Paths in it are slash paths from its root.
	FS fs.FS

	report func(finding.Finding)
}

// Repo is what cross-file rules see: every model of the scan, the file
// tree of the scanned root and the links the config declares.
type Repo struct {
	// Dockerfiles by path (parsed with the scan's target).
	Dockerfiles map[string]*dockerfile.File
	Compose     []*compose.Project
	Kube        []*kube.File
	// Tree lists every file below the scanned root.
	Tree *buildctx.Tree
	// BuildContexts maps a Dockerfile path to its context folder (config).
	BuildContexts map[string]string
	// Images maps an image name built here to its Dockerfile (config).
	Images map[string]string

	// shared holds what Shared computed, by key.
	shared map[any]*sharedValue
}

type sharedValue struct {
	once sync.Once
	v    any
}

// sharedMu guards the shared maps of every Repo (held only to find a key).
var sharedMu sync.Mutex

// Shared returns what compute derives from the repo, computed once per
// Repo under key however many cross-file rules ask, so rules that need
// the same derived data (the build contexts) share it. It is safe for the
// rules that run side by side. key should be a value of an unexported
// type of the caller's package, as with context keys; callers must treat
// the value as read-only. Copies of the Repo made after the first call
// share the values, so the models must not change once the rules run.
func (r *Repo) Shared(key any, compute func() any) any {
	sharedMu.Lock()
	if r.shared == nil {
		r.shared = map[any]*sharedValue{}
	}
	sv := r.shared[key]
	if sv == nil {
		sv = &sharedValue{}
		r.shared[key] = sv
	}
	sharedMu.Unlock()
	sv.once.Do(func() { sv.v = compute() })
	return sv.v
}

// NewPass returns a Pass that hands each finding to report after filling in
// the rule's ID, name and default severity and the pass's path.
func NewPass(r *Rule, path string, opts *Options, report func(finding.Finding)) *Pass {
	return &Pass{Rule: r, Path: path, Options: opts, report: report}
}

// Enabled reports whether rule id is on in this run's configuration. A rule
// that leaves a cause to another rule (one comment per line: DF011 leaves a
// :latest base to DF010) asks first, so that the cause is still reported
// when the user turns the other rule off. A rule the engine was not given
// (a test running one rule) counts as on, as in the default catalogue.
func (p *Pass) Enabled(id string) bool {
	return p.Options == nil || p.Options.RuleEnabled == nil || p.Options.RuleEnabled(id)
}

// Report records f. Empty RuleID, RuleName, Severity and Path are filled from
// the pass; a rule may set Path itself (compose projects span files).
func (p *Pass) Report(f finding.Finding) {
	if f.RuleID == "" {
		f.RuleID = p.Rule.ID
	}
	if f.RuleName == "" {
		f.RuleName = p.Rule.Name
	}
	if f.Severity == 0 {
		f.Severity = p.Rule.Severity
	}
	if f.Path == "" {
		f.Path = p.Path
	}
	f.Range = f.Range.Normalize()
	p.report(f)
}

// Reportf records a finding at r with a formatted message.
func (p *Pass) Reportf(r finding.Range, location, evidence, format string, args ...any) {
	p.Report(finding.Finding{Range: r, Location: location, Evidence: evidence, Message: fmt.Sprintf(format, args...)})
}

var (
	idPattern   = regexp.MustCompile(`^(DF|DC|K8S|XF|SD)[0-9]{3}$`)
	namePattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
)

// Validate checks the declarative parts of a list of rules: ID and name form,
// uniqueness, title, severity, note and a Check for every non-engine rule.
func Validate(rules []*Rule) error {
	ids, names := map[string]bool{}, map[string]bool{}
	for _, r := range rules {
		switch {
		case !idPattern.MatchString(r.ID):
			return fmt.Errorf("rule %q: ID must look like DF001, DC001, K8S001, XF001 or SD001", r.ID)
		case ids[r.ID]:
			return fmt.Errorf("rule %s: duplicate ID", r.ID)
		case !namePattern.MatchString(r.Name):
			return fmt.Errorf("rule %s: name %q is not kebab-case", r.ID, r.Name)
		case names[r.Name]:
			return fmt.Errorf("rule %s: duplicate name %q", r.ID, r.Name)
		case r.Title == "" || strings.HasSuffix(r.Title, "."):
			return fmt.Errorf("rule %s: title must be set and not end with a period", r.ID)
		case r.Severity < finding.Info || r.Severity > finding.Critical:
			return fmt.Errorf("rule %s: severity %v out of range", r.ID, r.Severity)
		case r.Note == "":
			return fmt.Errorf("rule %s: no topic note", r.ID)
		case r.Check == nil && r.Kind != KindAny:
			return fmt.Errorf("rule %s: no Check", r.ID)
		case r.BuildKitCheck && (r.Kind != KindDockerfile || len(r.Equivalents.BuildKit) == 0):
			return fmt.Errorf("rule %s: a BuildKit check must be a Dockerfile rule that names its BuildKit rules", r.ID)
		}
		ids[r.ID], names[r.Name] = true, true
	}
	return nil
}

// Sort orders rules by ID.
func Sort(rules []*Rule) {
	sort.Slice(rules, func(i, j int) bool { return rules[i].ID < rules[j].ID })
}
