// Package config reads .stevedore.yml: which rules run and at what severity,
// which paths are excluded or ignored (always with a reason, optionally with
// an expiry), trusted registries and the failure threshold. Unknown keys and
// bad values are errors: a config that is silently ignored is worse than none.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/stevedore-dev/stevedore/internal/finding"
)

// FileName is the config file looked up at the scanned root.
const FileName = ".stevedore.yml"

// AltFileName is accepted as well.
const AltFileName = ".stevedore.yaml"

// Names are the config file's names, in the order Find looks them up.
var Names = []string{FileName, AltFileName}

// Config is the parsed .stevedore.yml.
type Config struct {
	Version int `yaml:"version"`
	// FailOn is the lowest severity that makes a scan fail ("" = default).
	FailOn string `yaml:"fail-on"`
	// Rules switches rules on or off and overrides severities, by ID or name.
	Rules map[string]RuleSetting `yaml:"rules"`
	// Exclude lists .gitignore-style patterns of paths never scanned.
	Exclude []string `yaml:"exclude"`
	// TrustedRegistries is the registry allow-list (empty = any registry).
	TrustedRegistries []string `yaml:"trusted-registries"`
	// Ignore suppresses rules on paths, each with a reason.
	Ignore []Ignore `yaml:"ignore"`
	// InlineIgnores set to false makes stevedore disregard inline
	// "# stevedore:ignore" comments and annotations (for org policy).
	InlineIgnores *bool      `yaml:"inline-ignores"`
	EOL           EOLConfig  `yaml:"eol"`
	Kubernetes    KubeConfig `yaml:"kubernetes"`
	// Comments bounds what a review posts inline.
	Review ReviewConfig `yaml:"review"`
	// BuildContexts maps a Dockerfile path to its build context folder.
	BuildContexts map[string]string `yaml:"build-contexts"`
	// Images maps an image name built here to the Dockerfile that builds it.
	Images map[string]string `yaml:"images"`

	// Path is where the config was read from ("" when defaults).
	Path string `yaml:"-"`
}

// RuleSetting is one entry of "rules:": "off", "on", a severity name, or a
// mapping {enabled: bool, severity: name}.
type RuleSetting struct {
	Enabled  *bool
	Severity *finding.Severity
}

// UnmarshalYAML accepts the scalar and mapping forms.
func (s *RuleSetting) UnmarshalYAML(n *yaml.Node) error {
	switch n.Kind {
	case yaml.ScalarNode:
		v := strings.ToLower(strings.TrimSpace(n.Value))
		switch v {
		case "off", "false", "disabled":
			f := false
			s.Enabled = &f
			return nil
		case "on", "true", "enabled":
			t := true
			s.Enabled = &t
			return nil
		}
		sev, err := finding.ParseSeverity(v)
		if err != nil || sev == finding.None {
			return fmt.Errorf("line %d: rule setting %q: want on, off or a severity", n.Line, n.Value)
		}
		t := true
		s.Enabled, s.Severity = &t, &sev
		return nil
	case yaml.MappingNode:
		var raw struct {
			Enabled  *bool   `yaml:"enabled"`
			Severity *string `yaml:"severity"`
		}
		if err := decodeStrict(n, &raw); err != nil {
			return err
		}
		s.Enabled = raw.Enabled
		if raw.Severity != nil {
			sev, err := finding.ParseSeverity(*raw.Severity)
			if err != nil || sev == finding.None {
				return fmt.Errorf("line %d: %v", n.Line, err)
			}
			s.Severity = &sev
		}
		return nil
	}
	return fmt.Errorf("line %d: rule setting must be a string or a mapping", n.Line)
}

// Ignore suppresses rules on paths with a reason, until an optional date.
type Ignore struct {
	Rules  []string `yaml:"rules"`
	Rule   string   `yaml:"rule"`
	Paths  []string `yaml:"paths"`
	Reason string   `yaml:"reason"`
	Until  Date     `yaml:"until"`
	// Line is where the entry stands in the config file.
	Line int `yaml:"-"`
}

// RuleIDs returns the rules the entry names (rule and rules merged).
func (i Ignore) RuleIDs() []string {
	ids := append([]string(nil), i.Rules...)
	if i.Rule != "" {
		ids = append(ids, i.Rule)
	}
	return ids
}

// EOLConfig tunes the end-of-life rules.
type EOLConfig struct {
	// SoonDays is how many days before end of life "eol-soon" starts (default 90).
	SoonDays int `yaml:"soon-days"`
}

// KubeConfig tunes the Kubernetes checks.
type KubeConfig struct {
	// Version pins the Pod Security Standards version ("v1.33").
	Version string `yaml:"version"`
}

// ReviewConfig tunes the review front ends.
type ReviewConfig struct {
	CommentLimit   int  `yaml:"comment-limit"`
	RequestChanges bool `yaml:"request-changes"`
}

// Date is a calendar date written YYYY-MM-DD.
type Date struct{ time.Time }

// UnmarshalYAML reads YYYY-MM-DD.
func (d *Date) UnmarshalYAML(n *yaml.Node) error {
	t, err := time.Parse("2006-01-02", strings.TrimSpace(n.Value))
	if err != nil {
		return fmt.Errorf("line %d: date %q: want YYYY-MM-DD", n.Line, n.Value)
	}
	d.Time = t
	return nil
}

// Default returns the configuration used when no file exists.
func Default() *Config { return &Config{Version: 1} }

// Parse reads a config document strictly: unknown keys are errors.
func Parse(path string, data []byte) (*Config, error) {
	c := Default()
	if len(bytes.TrimSpace(data)) == 0 {
		c.Path = path
		return c, nil
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("config %s: %w", path, err)
	}
	if err := decodeStrict(&doc, c); err != nil {
		return nil, fmt.Errorf("config %s: %w", path, err)
	}
	if len(doc.Content) > 0 {
		recordIgnoreLines(doc.Content[0], c)
	}
	c.Path = path
	if err := c.validate(); err != nil {
		return nil, fmt.Errorf("config %s: %w", path, err)
	}
	return c, nil
}

func decodeStrict(n *yaml.Node, v any) error {
	b, err := yaml.Marshal(n)
	if err != nil {
		return err
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	return nil
}

func recordIgnoreLines(root *yaml.Node, c *Config) {
	if root.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value != "ignore" || root.Content[i+1].Kind != yaml.SequenceNode {
			continue
		}
		for j, item := range root.Content[i+1].Content {
			if j < len(c.Ignore) {
				c.Ignore[j].Line = item.Line
			}
		}
	}
}

func (c *Config) validate() error {
	if c.Version != 0 && c.Version != 1 {
		return fmt.Errorf("version %d is not supported (want 1)", c.Version)
	}
	if c.FailOn != "" {
		if _, err := finding.ParseSeverity(c.FailOn); err != nil {
			return fmt.Errorf("fail-on: %w", err)
		}
	}
	if c.EOL.SoonDays < 0 {
		return errors.New("eol.soon-days must not be negative")
	}
	for i, ig := range c.Ignore {
		if len(ig.RuleIDs()) == 0 {
			return fmt.Errorf("ignore[%d]: name at least one rule", i)
		}
		if strings.TrimSpace(ig.Reason) == "" {
			return fmt.Errorf("ignore[%d]: a reason is required", i)
		}
	}
	return nil
}

// Load reads the config at path from the OS. A missing or invalid file is an
// error: callers use Load for --config, where silence would be a lie.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	return Parse(path, data)
}

// Find reads .stevedore.yml (or .stevedore.yaml) at the root of fsys. It
// returns the defaults when neither exists, and an error when one is invalid.
func Find(fsys fs.FS) (*Config, error) {
	for _, name := range Names {
		data, err := fs.ReadFile(fsys, name)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("config %s: %w", name, err)
		}
		return Parse(name, data)
	}
	return Default(), nil
}

// InlineIgnoresAllowed reports whether inline ignores and annotations count.
func (c *Config) InlineIgnoresAllowed() bool { return c.InlineIgnores == nil || *c.InlineIgnores }

// EOLSoonDays returns the configured window, 90 by default.
func (c *Config) EOLSoonDays() int {
	if c.EOL.SoonDays == 0 {
		return 90
	}
	return c.EOL.SoonDays
}
