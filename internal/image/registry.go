package image

import "strings"

// RegistryAllowed reports whether ref comes from a trusted source. Entries are
//
//   - a registry host, "docker.io", "registry.example.com:5000" (the port must match);
//   - a host and path prefix, "ghcr.io/acme" or "docker.io/library", matched on
//     a path boundary (so "ghcr.io/acme" does not admit "ghcr.io/acme-evil");
//   - a wildcard host, "*.corp.example", matching any subdomain (any port) but
//     not corp.example itself.
//
// Hub spellings are normalised ("index.docker.io" is "docker.io"). An empty
// list allows everything; scratch is always allowed. A reference whose
// registry is still a variable is not allowed by a non-empty list, since it
// cannot be checked.
func RegistryAllowed(ref Ref, trusted []string) bool {
	if len(trusted) == 0 || ref.Scratch {
		return true
	}
	if ref.Registry == "" || strings.Contains(ref.Registry, "$") {
		return false
	}
	host := strings.ToLower(ref.Registry)
	path := ref.Repository
	for _, entry := range trusted {
		if entryAllows(strings.ToLower(strings.TrimSpace(entry)), host, path) {
			return true
		}
	}
	return false
}

func entryAllows(entry, host, path string) bool {
	entry = strings.TrimSuffix(entry, "/")
	if entry == "" {
		return false
	}
	entryHost, entryPath, _ := strings.Cut(entry, "/")
	switch entryHost {
	case "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com":
		entryHost = hubRegistry
	}
	if wildcard, ok := strings.CutPrefix(entryHost, "*."); ok {
		h := host
		if i := strings.LastIndexByte(h, ':'); i >= 0 {
			h = h[:i]
		}
		if !strings.HasSuffix(h, "."+wildcard) {
			return false
		}
	} else if entryHost != host {
		return false
	}
	if entryPath == "" {
		return true
	}
	return path == entryPath || strings.HasPrefix(path, entryPath+"/")
}
