package githubtest

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// restSubsetJSON is GitHub's REST description for the operations stevedore
// uses (from @octokit/openapi, MIT; see testdata/NOTICE.md).
//
//go:embed testdata/rest-subset.json
var restSubsetJSON []byte

// operation is one REST operation of the description, compiled for routing.
type operation struct {
	ID          string       `json:"operationId"`
	Method      string       `json:"method"`
	Path        string       `json:"path"`
	Parameters  []parameter  `json:"parameters"`
	RequestBody *requestBody `json:"requestBody"`

	route      *regexp.Regexp
	routeNames []string
	literalLen int
}

type parameter struct {
	Name     string  `json:"name"`
	In       string  `json:"in"`
	Required bool    `json:"required"`
	Schema   *schema `json:"schema"`
}

type requestBody struct {
	Required bool `json:"required"`
	Content  map[string]struct {
		Schema *schema `json:"schema"`
	} `json:"content"`
}

// jsonSchema returns the application/json body schema, or nil.
func (b *requestBody) jsonSchema() *schema {
	if b == nil {
		return nil
	}
	return b.Content["application/json"].Schema
}

// spec is the parsed, routable description.
type spec struct {
	ops  []*operation
	byID map[string]*operation
}

var (
	specOnce   sync.Once
	loadedSpec *spec
	specErr    error
)

// loadSpec parses the embedded description once per process.
func loadSpec() (*spec, error) {
	specOnce.Do(func() {
		loadedSpec, specErr = parseSpec(restSubsetJSON)
	})
	return loadedSpec, specErr
}

func parseSpec(data []byte) (*spec, error) {
	var file struct {
		Operations map[string]*operation `json:"operations"`
	}
	if err := json.Unmarshal(data, &file); err != nil {
		return nil, fmt.Errorf("parse rest-subset.json: %w", err)
	}
	sp := &spec{byID: map[string]*operation{}}
	for id, op := range file.Operations {
		if op.ID == "" {
			op.ID = id
		}
		op.Method = strings.ToUpper(op.Method)
		if err := op.compileRoute(); err != nil {
			return nil, fmt.Errorf("operation %s: %w", id, err)
		}
		for _, p := range op.Parameters {
			if p.Schema != nil {
				p.Schema.compile()
			}
		}
		if s := op.RequestBody.jsonSchema(); s != nil {
			s.compile()
		}
		sp.ops = append(sp.ops, op)
		sp.byID[op.ID] = op
	}
	// Most specific first: longer literal text wins (compare/{base}...{head}
	// before compare/{basehead}).
	sort.Slice(sp.ops, func(i, j int) bool {
		if sp.ops[i].literalLen != sp.ops[j].literalLen {
			return sp.ops[i].literalLen > sp.ops[j].literalLen
		}
		return sp.ops[i].ID < sp.ops[j].ID
	})
	return sp, nil
}

var templateParam = regexp.MustCompile(`\{([a-z_]+)\}`)

// compileRoute turns "/repos/{owner}/{repo}/contents/{path}" into an anchored
// regular expression over the escaped request path.
func (op *operation) compileRoute() error {
	var b strings.Builder
	b.WriteString("^")
	last := 0
	for _, m := range templateParam.FindAllStringSubmatchIndex(op.Path, -1) {
		lit := op.Path[last:m[0]]
		op.literalLen += len(lit)
		b.WriteString(regexp.QuoteMeta(lit))
		name := op.Path[m[2]:m[3]]
		switch name {
		case "path", "ref", "base", "head":
			// Paths and refs may contain slashes.
			b.WriteString("(.+?)")
		default:
			b.WriteString("([^/]+?)")
		}
		op.routeNames = append(op.routeNames, name)
		last = m[1]
	}
	lit := op.Path[last:]
	op.literalLen += len(lit)
	b.WriteString(regexp.QuoteMeta(lit))
	b.WriteString("$")
	re, err := regexp.Compile(b.String())
	if err != nil {
		return fmt.Errorf("compile route %q: %w", op.Path, err)
	}
	op.route = re
	return nil
}

// match reports whether escapedPath fits the operation's template and returns
// the unescaped path parameters.
func (op *operation) match(escapedPath string) (map[string]string, bool) {
	m := op.route.FindStringSubmatch(escapedPath)
	if m == nil {
		return nil, false
	}
	params := make(map[string]string, len(op.routeNames))
	for i, name := range op.routeNames {
		v, err := url.PathUnescape(m[i+1])
		if err != nil {
			v = m[i+1]
		}
		params[name] = v
	}
	return params, true
}

// find returns the operation for method and escaped path. pathMatched tells
// whether some operation had the path but not the method.
func (sp *spec) find(method, escapedPath string) (op *operation, params map[string]string, pathMatched bool) {
	for _, cand := range sp.ops {
		p, ok := cand.match(escapedPath)
		if !ok {
			continue
		}
		pathMatched = true
		if cand.Method == method {
			return cand, p, true
		}
	}
	return nil, nil, pathMatched
}

// checkParams validates path and query parameters against their schemas.
func (op *operation) checkParams(pathParams map[string]string, query url.Values) []string {
	var errs []string
	for _, p := range op.Parameters {
		var raw string
		var present bool
		switch p.In {
		case "path":
			raw, present = pathParams[p.Name]
			present = present && raw != ""
		case "query":
			present = query.Has(p.Name)
			raw = query.Get(p.Name)
		default:
			continue
		}
		if !present {
			if p.Required {
				errs = append(errs, fmt.Sprintf("%s parameter %q is required", p.In, p.Name))
			}
			continue
		}
		if p.Schema == nil {
			continue
		}
		v, err := paramValue(p.Schema.Type, raw)
		if err != nil {
			errs = append(errs, fmt.Sprintf("%s parameter %q: %q is not %s %s", p.In, p.Name, raw, article(p.Schema.Type), p.Schema.Type))
			continue
		}
		var perrs []string
		p.Schema.validate(v, p.Name, false, &perrs)
		for _, e := range perrs {
			errs = append(errs, fmt.Sprintf("%s parameter %s", p.In, e))
		}
	}
	return errs
}

// paramValue converts a raw parameter string to the JSON value its schema type
// expects.
func paramValue(typ, raw string) (any, error) {
	switch typ {
	case "integer":
		if _, err := strconv.ParseInt(raw, 10, 64); err != nil {
			return nil, err
		}
		return json.Number(raw), nil
	case "number":
		if _, err := strconv.ParseFloat(raw, 64); err != nil {
			return nil, err
		}
		return json.Number(raw), nil
	case "boolean":
		b, err := strconv.ParseBool(raw)
		if err != nil {
			return nil, err
		}
		return b, nil
	default:
		return raw, nil
	}
}

func article(typ string) string {
	if typ == "integer" || typ == "object" || typ == "array" {
		return "an"
	}
	return "a"
}
