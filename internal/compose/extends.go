package compose

import (
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/compose-spec/compose-go/v2/override"
	"gopkg.in/yaml.v3"
)

// extendsResolver applies `extends` before compose-go sees a file, reading
// extends.file from the fs.FS (compose-go would read it from the OS: its
// ResourceLoader only returns a local path that it then opens itself).
//
// Semantics follow compose-go: the base service (itself resolved first) is
// merged under the extending service with the service merge rules, and the
// extends key is dropped. Relative paths of a base from another file are
// rebased from that file's folder onto the folder the extending file's paths
// are relative to (the project folder for project files).
type extendsResolver struct {
	fsys       fs.FS
	projectDir string
	docs       map[string]*yaml.Node
	interp     func(string) string // variable expansion for values of extends files, or nil
}

// serviceRef names a service in a file.
type serviceRef struct{ file, service string }

// maxExtendsDepth bounds an extends chain.
const maxExtendsDepth = 64

// resolve applies extends to every service of cfg, the content of file,
// whose relative paths are relative to baseDir.
func (r *extendsResolver) resolve(file, baseDir string, cfg map[string]any) error {
	services, ok := cfg["services"].(map[string]any)
	if !ok {
		return nil
	}
	for name := range services {
		if _, err := r.service(file, baseDir, services, name, nil); err != nil {
			return err
		}
	}
	return nil
}

// service returns services[name] with its extends chain applied, and stores
// the result back into services.
func (r *extendsResolver) service(file, baseDir string, services map[string]any, name string, stack []serviceRef) (map[string]any, error) {
	svc, ok := services[name].(map[string]any)
	if !ok {
		return nil, nil
	}
	ext, has := svc["extends"]
	if !has {
		return svc, nil
	}
	self := serviceRef{file, name}
	for _, s := range stack {
		if s == self {
			return nil, &LoadError{File: file, Line: r.line(file, name, "extends"), Msg: fmt.Sprintf("circular extends of service %q", name)}
		}
	}
	if len(stack) > maxExtendsDepth {
		return nil, &LoadError{File: file, Line: r.line(file, name, "extends"), Msg: "extends chain too long"}
	}
	stack = append(stack, self)

	ref, otherFile, err := parseExtends(ext)
	if err != nil {
		return nil, &LoadError{File: file, Line: r.line(file, name, "extends"), Msg: fmt.Sprintf("services.%s.extends: %v", name, err)}
	}
	var base map[string]any
	if otherFile == "" {
		if _, ok := services[ref]; !ok {
			return nil, &LoadError{File: file, Line: r.line(file, name, "extends"), Msg: fmt.Sprintf("cannot extend service %q: service %q not found", name, ref)}
		}
		if base, err = r.service(file, baseDir, services, ref, stack); err != nil {
			return nil, err
		}
	} else {
		target := joinFS(path.Dir(file), otherFile)
		otherServices, err := r.servicesOf(file, name, target)
		if err != nil {
			return nil, err
		}
		if _, ok := otherServices[ref]; !ok {
			return nil, &LoadError{File: file, Line: r.line(file, name, "extends"), Msg: fmt.Sprintf("cannot extend service %q: service %q not found in %s", name, ref, target)}
		}
		otherDir := path.Dir(target)
		if base, err = r.service(target, otherDir, otherServices, ref, stack); err != nil {
			return nil, err
		}
		if base != nil {
			base = deepClone(base).(map[string]any)
			rebasePaths(base, relPath(baseDir, otherDir))
		}
	}
	merged := svc
	if base != nil {
		merged, err = override.ExtendService(deepClone(base).(map[string]any), svc)
		if err != nil {
			return nil, &LoadError{File: file, Line: r.line(file, name, "extends"), Msg: fmt.Sprintf("services.%s.extends: %v", name, err)}
		}
	}
	delete(merged, "extends")
	services[name] = merged
	return merged, nil
}

// servicesOf reads, parses and converts the services of an extends file.
func (r *extendsResolver) servicesOf(from, service, file string) (map[string]any, error) {
	root, ok := r.docs[file]
	if !ok {
		data, err := fs.ReadFile(r.fsys, file)
		if err != nil {
			return nil, &LoadError{File: from, Line: r.line(from, service, "extends", "file"), Msg: fmt.Sprintf("services.%s.extends: cannot read %s: %v", service, file, unwrapPathError(err))}
		}
		root, _, err = parseYAML(file, data)
		if err != nil {
			return nil, err
		}
		r.docs[file] = root
	}
	if root == nil {
		return nil, &LoadError{File: file, Msg: "no services section"}
	}
	v, err := toValue(root, r.interp)
	if err != nil {
		return nil, &LoadError{File: file, Line: root.Line, Msg: err.Error()}
	}
	services, ok := v.(map[string]any)["services"].(map[string]any)
	if !ok {
		return nil, &LoadError{File: file, Line: root.Line, Msg: "no services mapping"}
	}
	return services, nil
}

// checkNoFileExtends rejects extends.file in a file that compose-go parses
// itself (it would open the referenced file on the real disk).
func (r *extendsResolver) checkNoFileExtends(file string, root *yaml.Node) error {
	services := lookupKey(root, "services")
	if services == nil || services.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(services.Content); i += 2 {
		if f := lookupKey(lookupKey(services.Content[i+1], "extends"), "file"); f != nil {
			return &LoadError{File: file, Line: f.Line, Msg: "extends.file is not supported in a file using !reset, !override or several YAML documents"}
		}
	}
	return nil
}

// line is the line of services.<service>.<keys...> in file, or 0.
func (r *extendsResolver) line(file, service string, keys ...string) int {
	n := lookupKey(lookupKey(r.docs[file], "services"), service)
	line := 0
	if n != nil {
		line = n.Line
	}
	for _, k := range keys {
		if n = lookupKey(n, k); n == nil {
			break
		}
		line = n.Line
	}
	return line
}

// parseExtends reads `extends: name` or `extends: {service: name, file: f}`.
func parseExtends(v any) (service, file string, err error) {
	switch e := v.(type) {
	case string:
		return e, "", nil
	case map[string]any:
		s, ok := e["service"].(string)
		if !ok || s == "" {
			return "", "", fmt.Errorf("service is required")
		}
		if f, ok := e["file"]; ok && f != nil {
			fs, ok := f.(string)
			if !ok {
				return "", "", fmt.Errorf("file must be a string")
			}
			if strings.Contains(fs, "://") {
				return "", "", fmt.Errorf("remote extends file %q is not followed", fs)
			}
			return s, fs, nil
		}
		return s, "", nil
	}
	return "", "", fmt.Errorf("must be a string or a mapping")
}

// rebasePaths prefixes the relative local paths of a service (build context,
// env_file, label_file, bind mount sources) with rel.
func rebasePaths(svc map[string]any, rel string) {
	if rel == "" || rel == "." {
		return
	}
	switch b := svc["build"].(type) {
	case string:
		if !isRemoteContext(b) {
			svc["build"] = joinRel(rel, b)
		}
	case map[string]any:
		ctx, _ := b["context"].(string)
		if ctx == "" {
			ctx = "."
		}
		if !isRemoteContext(ctx) {
			b["context"] = joinRel(rel, ctx)
		}
	}
	for _, key := range []string{"env_file", "label_file"} {
		switch v := svc[key].(type) {
		case string:
			svc[key] = joinRel(rel, v)
		case []any:
			for i, e := range v {
				switch f := e.(type) {
				case string:
					v[i] = joinRel(rel, f)
				case map[string]any:
					if p, ok := f["path"].(string); ok {
						f["path"] = joinRel(rel, p)
					}
				}
			}
		}
	}
	if vols, ok := svc["volumes"].([]any); ok {
		for i, e := range vols {
			switch v := e.(type) {
			case string:
				src, rest, found := strings.Cut(v, ":")
				if found && isRelativeBind(src) {
					vols[i] = joinRel(rel, src) + ":" + rest
				}
			case map[string]any:
				if src, ok := v["source"].(string); ok && v["type"] == "bind" && isRelativeBind(src) {
					v["source"] = joinRel(rel, src)
				}
			}
		}
	}
}

// isRelativeBind reports whether a volume source is a path relative to the
// compose file (a named volume has no leading dot).
func isRelativeBind(src string) bool {
	return src == "." || strings.HasPrefix(src, "./") || strings.HasPrefix(src, "../") || src == ".."
}

// joinRel joins p onto rel unless p is absolute or home-relative, keeping a
// leading "./" so that a bind source stays a path.
func joinRel(rel, p string) string {
	if p == "" || path.IsAbs(p) || strings.HasPrefix(p, "~") || strings.Contains(p, "$") {
		return p
	}
	j := path.Join(rel, p)
	if !strings.HasPrefix(j, ".") && !path.IsAbs(j) {
		j = "./" + j
	}
	return j
}

// relPath is the slash path of to relative to from (both relative to the
// same root).
func relPath(from, to string) string {
	from, to = path.Clean(from), path.Clean(to)
	if from == to {
		return "."
	}
	fs := splitDir(from)
	ts := splitDir(to)
	i := 0
	for i < len(fs) && i < len(ts) && fs[i] == ts[i] {
		i++
	}
	var parts []string
	for range fs[i:] {
		parts = append(parts, "..")
	}
	parts = append(parts, ts[i:]...)
	if len(parts) == 0 {
		return "."
	}
	return strings.Join(parts, "/")
}

func splitDir(d string) []string {
	if d == "." || d == "" {
		return nil
	}
	return strings.Split(d, "/")
}

// deepClone copies maps and slices of a generic YAML value.
func deepClone(v any) any {
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, e := range t {
			out[k] = deepClone(e)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = deepClone(e)
		}
		return out
	}
	return v
}
