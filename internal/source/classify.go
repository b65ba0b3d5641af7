package source

import (
	"bytes"
	"path"
	"strings"
)

// notDockerfileExt are extensions that make "Dockerfile.<ext>" documentation,
// a backup or a template rather than a Dockerfile.
var notDockerfileExt = map[string]bool{
	"md": true, "txt": true, "rst": true, "json": true, "yml": true, "yaml": true, "sh": true,
	"orig": true, "bak": true, "rej": true, "swp": true, "patch": true, "diff": true,
	"template": true, "tmpl": true, "tpl": true, "j2": true, "jinja": true, "jinja2": true, "erb": true,
	// Source code and data about Dockerfiles (dockerfile.go, dockerfile_test.py, Dockerfile.js).
	"go": true, "py": true, "js": true, "mjs": true, "cjs": true, "ts": true, "tsx": true, "jsx": true, "rb": true,
	"rs": true, "java": true, "kt": true, "scala": true, "cs": true, "c": true, "h": true, "cpp": true, "hs": true,
	"php": true, "pl": true, "lua": true, "toml": true, "ini": true, "cfg": true, "xml": true, "html": true,
	"css": true, "lock": true, "sum": true, "mod": true, "snap": true, "golden": true, "out": true, "log": true,
	"png": true, "svg": true, "jpg": true, "gif": true, "pdf": true, "zip": true, "gz": true, "tgz": true,
	"tar": true, "ps1": true, "bat": true, "cmd": true, "vim": true, "el": true, "sample": true, "example": true,
	"dist": true, "lint": true, "hadolint": true, "sarif": true, "csv": true, "tsv": true,
}

// ClassifyName returns the kind a file name alone establishes, or "" when the
// name says nothing (YAML files that are not named like Compose files then
// need Sniff). name is a base name.
//
// Dockerfiles: Dockerfile, Containerfile, Dockerfile.<suffix>,
// Containerfile.<suffix> (also with - or _ in place of the dot, as in
// Dockerfile-windows or Dockerfile_arm), <name>.Dockerfile, <name>.Containerfile, the words
// matched case-insensitively (suffixes of documentation, backups and templates
// such as .md, .orig or .template excepted). Compose: compose.y(a)ml,
// compose.<x>.y(a)ml, docker-compose*.y(a)ml. Dockerignore: .dockerignore and
// <name>.dockerignore.
func ClassifyName(name string) Kind {
	lower := strings.ToLower(name)
	if lower == ".dockerignore" || strings.HasSuffix(lower, ".dockerignore") {
		return KindDockerignore
	}
	switch lower {
	case "dockerfile", "containerfile":
		return KindDockerfile
	case "compose.yaml", "compose.yml":
		return KindCompose
	}
	for _, word := range []string{"dockerfile", "containerfile"} {
		if rest, ok := strings.CutPrefix(lower, word); ok && len(rest) > 1 && strings.ContainsRune(".-_", rune(rest[0])) {
			if i := strings.LastIndexByte(rest, '.'); i >= 0 && notDockerfileExt[rest[i+1:]] {
				return ""
			}
			if rest[0] != '.' && strings.ContainsAny(rest, "._") && !strings.HasPrefix(name, "Dockerfile") && !strings.HasPrefix(name, "Containerfile") {
				return "" // dockerfile_test.x, dockerfile-parser.y: code about Dockerfiles, not one
			}
			return KindDockerfile
		}
		if strings.HasSuffix(lower, "."+word) && len(lower) > len(word)+1 {
			return KindDockerfile
		}
	}
	if isYAML(lower) {
		if strings.HasPrefix(lower, "docker-compose") || strings.HasPrefix(lower, "compose.") {
			return KindCompose
		}
	}
	return ""
}

// Sniffed reports whether the file at path p is classified by its content:
// YAML files, and kubeconfig files whatever their extension (kubeconfig,
// <name>.kubeconfig, kubeconfig.<x> but not documentation or code about
// them, and .kube/config), which hold cluster credentials.
func Sniffed(p string) bool {
	if isYAML(p) {
		return true
	}
	base := strings.ToLower(path.Base(p))
	switch {
	case base == "kubeconfig", strings.HasSuffix(base, ".kubeconfig"):
		return true
	case strings.HasPrefix(base, "kubeconfig."):
		return !notDockerfileExt[base[strings.LastIndexByte(base, '.')+1:]]
	}
	return base == "config" && path.Base(path.Dir(p)) == ".kube"
}

func isYAML(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".yml", ".yaml":
		return true
	}
	return false
}

// Sniff classifies YAML content by a cheap line scan, without parsing:
// Kubernetes when any document has both a top-level apiVersion and kind key;
// Compose when a top-level services mapping has an entry with an image or
// build key. It returns "" for anything else. Helm-style templates ({{ … }})
// do not stop a file with apiVersion and kind from being Kubernetes.
func Sniff(content []byte) Kind {
	var (
		apiVersion, kind bool // in the current document
		inServices       bool
		entryIndent      = -1 // indentation of the service names
		compose          bool
	)
	for len(content) > 0 {
		var line []byte
		if i := bytes.IndexByte(content, '\n'); i >= 0 {
			line, content = content[:i], content[i+1:]
		} else {
			line, content = content, nil
		}
		line = bytes.TrimRight(line, "\r")
		if bytes.HasPrefix(line, []byte("---")) || bytes.HasPrefix(line, []byte("...")) {
			apiVersion, kind, inServices = false, false, false
			continue
		}
		trimmed := bytes.TrimLeft(line, " \t")
		if len(trimmed) == 0 || trimmed[0] == '#' {
			continue
		}
		indent := len(line) - len(trimmed)
		if indent == 0 {
			inServices = false
			switch topKey(line) {
			case "apiVersion":
				apiVersion = true
			case "kind":
				kind = true
			case "services":
				inServices, entryIndent = true, -1
			}
			if apiVersion && kind {
				return KindKubernetes
			}
			continue
		}
		if !inServices {
			continue
		}
		if entryIndent < 0 {
			entryIndent = indent
			continue
		}
		if indent > entryIndent {
			switch topKey(trimmed) {
			case "image", "build":
				compose = true
			}
		}
	}
	if compose {
		return KindCompose
	}
	return ""
}

// topKey returns the mapping key a line starts with ("" if none), quotes removed.
func topKey(line []byte) string {
	i := bytes.IndexByte(line, ':')
	if i <= 0 || (i+1 < len(line) && line[i+1] != ' ' && line[i+1] != '\t') {
		return ""
	}
	key := string(bytes.TrimSpace(line[:i]))
	if len(key) >= 2 && (key[0] == '"' || key[0] == '\'') && key[len(key)-1] == key[0] {
		key = key[1 : len(key)-1]
	}
	return key
}
