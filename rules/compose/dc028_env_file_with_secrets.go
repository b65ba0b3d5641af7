package compose

import (
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
	"github.com/stevedore-dev/stevedore/internal/secret"
)

// DC028 flags env_file entries that point at committed files holding
// literal secrets.
var DC028 = &rule.Rule{
	ID:       "DC028",
	Name:     "env-file-with-secrets",
	Title:    "env_file holds literal secrets",
	Severity: finding.Medium,
	Kind:     rule.KindCompose,
	Note:     "secrets",
	Check:    checkDC028,
}

// envFileSecrets returns the secret-like keys given literal values in the
// file, sorted and unique.
func envFileSecrets(fsys fs.FS, file string) []string {
	data, err := fs.ReadFile(fsys, file)
	if err != nil || len(data) > 1<<20 {
		return nil
	}
	var keys []string
	for _, a := range secret.ScanAssignments(string(data)) {
		keys = append(keys, a.Name)
	}
	for _, m := range secret.Scan(string(data)) {
		if k := keyOfLine(string(data), m.Start); k != "" {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return slices.Compact(keys)
}

// simpleName is a KEY of a dotenv KEY=value line.
var simpleName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.\-]*$`)

// keyOfLine returns the KEY of the KEY=value line holding offset i.
func keyOfLine(text string, i int) string {
	if i < 0 || i > len(text) {
		return ""
	}
	start := strings.LastIndexByte(text[:i], '\n') + 1
	line := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(text[start:i]), "export "))
	k, _, ok := strings.Cut(line, "=")
	if !ok || !simpleName.MatchString(strings.TrimSpace(k)) {
		return ""
	}
	return strings.TrimSpace(k)
}

func checkDC028(p *rule.Pass) {
	if p.FS == nil {
		return
	}
	for _, s := range services(p) {
		for _, ef := range s.Config.EnvFiles {
			rel := strings.ReplaceAll(ef.Path, `\`, "/")
			if rel == "" || path.IsAbs(rel) {
				continue
			}
			file := path.Join(p.Compose.Dir, rel)
			keys := envFileSecrets(p.FS, file)
			if len(keys) == 0 {
				continue
			}
			report(p, pos(p, s.Name, "env_file", ef.Path), loc(s.Name, "env_file["+file+"]"), file,
				fmt.Sprintf("Service %s loads %s, which gives literal values to secret-like keys %s; a committed env file leaks them to everyone with the repository: use Compose secrets or a secret manager and keep the file out of git", s.Name, file, strings.Join(keys, ", ")))
		}
	}
}
