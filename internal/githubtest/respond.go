package githubtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/google/go-github/v60/github"
)

type handler func(s *Server, w http.ResponseWriter, c *call)

// handlers maps operation IDs to their implementation; filled by init in the
// handler files.
var handlers = map[string]handler{}

// bodyRules holds GitHub's rules beyond the JSON schema, per operation. They
// return contract violations (reported and answered with 422).
var bodyRules = map[string]func(body map[string]any) []string{}

// paginate applies per_page/page to n items, sets the Link header, and returns
// the slice bounds.
func paginate(w http.ResponseWriter, c *call, n int) (lo, hi int) {
	perPage := 30
	if v, err := strconv.Atoi(c.query.Get("per_page")); err == nil && v > 0 {
		perPage = min(v, 100)
	}
	page := 1
	if v, err := strconv.Atoi(c.query.Get("page")); err == nil && v > 0 {
		page = v
	}
	last := max(1, (n+perPage-1)/perPage)
	link := func(p int, rel string) string {
		q := c.r.URL.Query()
		q.Set("page", strconv.Itoa(p))
		q.Set("per_page", strconv.Itoa(perPage))
		u := url.URL{Scheme: "http", Host: c.r.Host, Path: c.r.URL.Path, RawQuery: q.Encode()}
		return fmt.Sprintf("<%s>; rel=%q", u.String(), rel)
	}
	var links []string
	if page < last {
		links = append(links, link(page+1, "next"), link(last, "last"))
	}
	if page > 1 {
		links = append(links, link(1, "first"), link(page-1, "prev"))
	}
	if len(links) > 0 {
		w.Header().Set("Link", strings.Join(links, ", "))
	}
	lo = min((page-1)*perPage, n)
	hi = min(lo+perPage, n)
	return lo, hi
}

// Accessors for decoded JSON bodies (numbers are json.Number).

func str(m map[string]any, k string) string {
	v, _ := m[k].(string)
	return v
}

func num(m map[string]any, k string) int64 {
	v, _ := m[k].(json.Number)
	n, _ := v.Int64()
	return n
}

func has(m map[string]any, k string) bool {
	v, ok := m[k]
	return ok && v != nil
}

func pathInt(c *call, name string) int64 {
	n, _ := strconv.ParseInt(c.params[name], 10, 64)
	return n
}

func ts(t time.Time) *github.Timestamp {
	if t.IsZero() {
		return nil
	}
	return &github.Timestamp{Time: t}
}

func (s *Server) apiBase(c *call) string {
	return "http://" + c.r.Host + s.basePath
}

func (s *Server) htmlBase(c *call) string { return "http://" + c.r.Host }

func userOf(login string) *github.User {
	if login == "" {
		login = "ghost"
	}
	typ := "User"
	if strings.HasSuffix(login, "[bot]") {
		typ = "Bot"
	}
	return &github.User{Login: github.String(login), Type: github.String(typ), ID: github.Int64(int64(len(login)) * 1000)}
}

func (s *Server) repoJSON(c *call, r *repoState) *github.Repository {
	return repoJSONFor(s.apiBase(c), s.htmlBase(c), r.fullName, r.id, false, r.defaultBranch)
}

func repoJSONFor(api, html, fullName string, id int64, fork bool, branch string) *github.Repository {
	owner, name, _ := strings.Cut(fullName, "/")
	return &github.Repository{
		ID:            github.Int64(id),
		Name:          github.String(name),
		FullName:      github.String(fullName),
		Owner:         userOf(owner),
		Fork:          github.Bool(fork),
		DefaultBranch: github.String(branch),
		Private:       github.Bool(false),
		URL:           github.String(api + "/repos/" + fullName),
		HTMLURL:       github.String(html + "/" + fullName),
	}
}

// writePage answers a list request with the page of items the request's
// page and per_page ask for (Link headers set by paginate).
func writePage[T any](w http.ResponseWriter, c *call, items []T) {
	lo, hi := paginate(w, c, len(items))
	writeJSON(w, http.StatusOK, nonNil(items[lo:hi]))
}
