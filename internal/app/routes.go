package app

import "strings"

// routeWords are the literal path segments of the GitHub routes stevedore
// calls; every other segment is a parameter.
var routeWords = map[string]bool{
	"repos": true, "pulls": true, "files": true, "reviews": true, "comments": true, "issues": true,
	"check-runs": true, "check-suites": true, "commits": true, "contents": true, "git": true, "trees": true,
	"blobs": true, "compare": true, "installation": true, "installations": true, "access_tokens": true,
	"app": true, "dismissals": true, "events": true, "rate_limit": true, "annotations": true,
	"rerequest": true, "replies": true, "pending": true,
}

// routeTemplate turns a request path into a bounded metrics label:
// /repos/o/r/pulls/7/files → /repos/{owner}/{repo}/pulls/{n}/files. prefix
// (the GHES "/api/v3") is removed first.
func routeTemplate(prefix, path string) string {
	path = strings.TrimPrefix(path, prefix)
	segs := strings.Split(strings.Trim(path, "/"), "/")
	if len(segs) == 0 || segs[0] == "" {
		return "/"
	}
	var b strings.Builder
	for i := 0; i < len(segs); i++ {
		seg := segs[i]
		b.WriteByte('/')
		switch {
		case segs[0] == "repos" && i == 1:
			b.WriteString("{owner}")
		case segs[0] == "repos" && i == 2:
			b.WriteString("{repo}")
		case routeWords[seg]:
			b.WriteString(seg)
			if seg == "contents" && segs[0] == "repos" {
				if i+1 < len(segs) {
					b.WriteString("/{path}")
				}
				return b.String()
			}
		default:
			b.WriteString("{}")
		}
		if i >= 8 {
			b.WriteString("/…")
			break
		}
	}
	return b.String()
}
