package compose

import (
	"bytes"
	"errors"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/compose-spec/compose-go/v2/cli"
)

// IsComposeName reports whether a file name (a path's last element is
// used) is one docker compose users give Compose files: compose.y(a)ml,
// compose.*.y(a)ml, docker-compose.y(a)ml and docker-compose*.y(a)ml
// (docker-compose.prod.yml, docker-compose-dev.yml, docker-compose_ci.yml).
func IsComposeName(name string) bool {
	base := path.Base(strings.ReplaceAll(name, `\`, "/"))
	var stem string
	switch {
	case strings.HasSuffix(base, ".yaml"):
		stem = strings.TrimSuffix(base, ".yaml")
	case strings.HasSuffix(base, ".yml"):
		stem = strings.TrimSuffix(base, ".yml")
	default:
		return false
	}
	return stem == "compose" || strings.HasPrefix(stem, "compose.") || strings.HasPrefix(stem, "docker-compose")
}

// LooksLikeCompose reports, cheaply and without parsing, whether content
// looks like a Compose file: a top-level services: mapping in which some
// entry has image: or build: (JSON: a "services" key and an "image" or
// "build" key).
func LooksLikeCompose(content []byte) bool {
	trimmed := bytes.TrimSpace(content)
	if len(trimmed) > 0 && trimmed[0] == '{' {
		return bytes.Contains(content, []byte(`"services"`)) &&
			(bytes.Contains(content, []byte(`"image"`)) || bytes.Contains(content, []byte(`"build"`)))
	}
	inServices := false
	for len(content) > 0 {
		var line []byte
		line, content, _ = bytes.Cut(content, []byte("\n"))
		line = bytes.TrimRight(line, " \t\r")
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		if line[0] != ' ' && line[0] != '\t' && line[0] != '-' {
			if inServices {
				return false // left the services block without image/build
			}
			inServices = isServicesLine(line)
			continue
		}
		if inServices {
			t := bytes.TrimLeft(line, " \t-")
			if bytes.HasPrefix(t, []byte("image:")) || bytes.HasPrefix(t, []byte("build:")) {
				return true
			}
		}
	}
	return false
}

// isServicesLine matches `services:` (optionally followed by a comment).
func isServicesLine(line []byte) bool {
	rest, ok := bytes.CutPrefix(line, []byte("services:"))
	if !ok {
		rest, ok = bytes.CutPrefix(line, []byte(`"services":`))
	}
	if !ok {
		return false
	}
	rest = bytes.TrimSpace(rest)
	return len(rest) == 0 || rest[0] == '#'
}

// GroupProjects groups Compose file paths (slash paths) into projects, each
// in the order docker compose merges it. Per folder:
//
//   - the main file is the first present of compose.yaml, compose.yml,
//     docker-compose.yml, docker-compose.yaml (compose-go's
//     cli.DefaultFileNames order; note docker-compose.yml before .yaml), followed by the
//     first present override of compose.override.yml, compose.override.yaml,
//     docker-compose.override.yml, docker-compose.override.yaml — exactly
//     what `docker compose` loads with no -f;
//   - every other file (docker-compose.prod.yml, compose.dev.yaml, a main
//     name that lost, an extra override, a file found by content) is a
//     project of its own: docker compose only merges those when told to with
//     -f. LoadAll retries such a file merged onto the folder's main file when
//     it turns out to be a partial override.
//
// Groups are ordered by folder, main project first, then by path.
func GroupProjects(paths []string) [][]string {
	byDir := map[string][]string{}
	for _, p := range paths {
		d := path.Dir(p)
		byDir[d] = append(byDir[d], p)
	}
	dirs := make([]string, 0, len(byDir))
	for d := range byDir {
		dirs = append(dirs, d)
	}
	slices.Sort(dirs)
	var groups [][]string
	for _, d := range dirs {
		files := slices.Compact(slices.Sorted(slices.Values(byDir[d])))
		main := pickFirst(d, files, cli.DefaultFileNames)
		var first []string
		if main != "" {
			first = append(first, main)
			if o := pickFirst(d, files, cli.DefaultOverrideFileNames); o != "" {
				first = append(first, o)
			}
			groups = append(groups, first)
		}
		for _, f := range files {
			if !slices.Contains(first, f) {
				groups = append(groups, []string{f})
			}
		}
	}
	return groups
}

// MainFile returns the folder's main Compose file among paths (the one
// GroupProjects puts first), or "".
func MainFile(dir string, paths []string) string {
	return pickFirst(path.Clean(dir), paths, cli.DefaultFileNames)
}

// pickFirst returns the path in dir named by the first of names present in files.
func pickFirst(dir string, files, names []string) string {
	for _, n := range names {
		want := path.Join(dir, n)
		if slices.Contains(files, want) {
			return want
		}
	}
	return ""
}

// LoadAll groups paths with GroupProjects and loads each group with dir set
// to the group's folder. A group made of one file that is not the folder's
// main file and that is a partial override — it fails to load alone, or one of
// its services has neither image nor build while the main file defines that
// service — is loaded merged onto the main file instead ([main, file]), as
// `docker compose -f main -f file` would. Errors are per group, in order;
// projects and errors never share an index.
func LoadAll(fsys fs.FS, paths []string, opts Options) ([]*Project, []error) {
	var projects []*Project
	var errs []error
	for _, group := range GroupProjects(paths) {
		p, err := LoadGroup(fsys, group, paths, opts)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		projects = append(projects, p)
	}
	return projects, errs
}

// LoadGroup loads one group of GroupProjects. all holds every Compose path
// of the scan, so that a lone partial override can be merged onto its
// folder's main file (see LoadAll).
func LoadGroup(fsys fs.FS, group, all []string, opts Options) (*Project, error) {
	dir := path.Dir(group[0])
	p, err := Load(fsys, dir, group, opts)
	if len(group) == 1 {
		if main := MainFile(dir, all); main != "" && main != group[0] && isPartial(fsys, main, p, err) {
			if merged, mergedErr := Load(fsys, dir, []string{main, group[0]}, opts); mergedErr == nil {
				p, err = merged, nil
			}
		}
	}
	return p, err
}

// isPartial reports whether a standalone load looks like a partial override
// of the main file.
func isPartial(fsys fs.FS, main string, p *Project, err error) bool {
	var le *LoadError
	if err != nil {
		return errors.As(err, &le)
	}
	var mainServices map[string]bool
	for _, s := range p.Services {
		if s.Config.Image != "" || s.Config.Build != nil {
			continue
		}
		if mainServices == nil {
			mainServices = serviceNames(fsys, main)
		}
		if mainServices[s.Name] {
			return true
		}
	}
	return false
}

// serviceNames lists the service names of a Compose file (empty on error).
func serviceNames(fsys fs.FS, file string) map[string]bool {
	out := map[string]bool{}
	data, err := fs.ReadFile(fsys, file)
	if err != nil {
		return out
	}
	root, _, err := parseYAML(file, data)
	if err != nil {
		return out
	}
	if s := resolveAlias(lookupKey(root, "services")); s != nil {
		for i := 0; i < len(s.Content); i += 2 {
			out[keyString(s.Content[i])] = true
		}
	}
	return out
}
