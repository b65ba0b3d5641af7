// Package yamlsafe refuses hostile YAML — alias bombs ("billion laughs"),
// deep nesting, huge document counts and oversized files — before a real
// parser (compose-go, sigs.k8s.io/yaml, yaml.v3 into Go values) sees it.
//
// Check decodes each document to a yaml.Node tree, which does not expand
// aliases, and computes what expansion would produce with memoisation, so a
// bomb is measured without ever being built. Syntax errors are left for the
// real parser to report.
package yamlsafe

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/stevedore-dev/stevedore/internal/bytesize"
)

// Limits bounds what Check accepts. A zero field means "no limit".
type Limits struct {
	MaxBytes     int64 // size of the file
	MaxDocuments int   // documents in a multi-document stream
	MaxDepth     int   // nesting of collections, counted after alias expansion
	MaxNodes     int   // nodes in the whole file after alias expansion
}

// DefaultLimits are generous for real manifests and tight for attacks:
//
//   - MaxBytes 2 MiB matches source.MaxFileSize; the largest real CRD bundles
//     are the only common files above it.
//   - MaxDocuments 500: big generated bundles (cert-manager, Istio) carry a
//     few hundred documents.
//   - MaxDepth 100: real manifests nest about 15 levels (a CRD schema about
//     40); 100 keeps recursive decoders far from their stack limits.
//   - MaxNodes 200,000 after alias expansion: a 2 MiB manifest without aliases
//     holds about 100,000–150,000 nodes; 200,000 yaml.Node values take about
//     35 MiB, and the maps a real decoder builds from them a few times more.
//     The 9×9 billion laughs expands to about 4×10⁸ nodes.
var DefaultLimits = Limits{
	MaxBytes:     2 << 20,
	MaxDocuments: 500,
	MaxDepth:     100,
	MaxNodes:     200_000,
}

// Error is a refusal: the content breaks a limit.
type Error struct {
	Line   int // 1-based line where the problem was seen; 0 for the whole file
	Reason string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("line %d: %s", e.Line, e.Reason)
	}
	return e.Reason
}

// Check returns a *Error when content breaks lim, and nil otherwise — also
// for content that is not valid YAML, which the real parser reports better.
// Problems found before a syntax error (too many documents, too deep, too
// many nodes) are still reported. Check holds one document at a time.
func Check(content []byte, lim Limits) error {
	_, err := decode(content, lim, false)
	var ye *Error
	if errors.As(err, &ye) {
		return err
	}
	return nil
}

// Documents is Check for callers that want the yaml.v3 nodes anyway (the
// Kubernetes and Compose models): it returns one DocumentNode per document so
// the file is parsed once. A refusal is a *Error and no documents; a syntax
// error is yaml.v3's error, returned with the documents decoded before it.
func Documents(content []byte, lim Limits) ([]*yaml.Node, error) {
	docs, err := decode(content, lim, true)
	var ye *Error
	if errors.As(err, &ye) {
		return nil, err
	}
	return docs, err
}

func decode(content []byte, lim Limits, keep bool) (_ []*yaml.Node, err error) {
	defer func() {
		// yaml.v3 has panicked on hostile input before; a crash is a refusal.
		if r := recover(); r != nil {
			err = &Error{Reason: fmt.Sprintf("the YAML parser failed on this file (%v); refusing to parse", r)}
		}
	}()
	if lim.MaxBytes > 0 && int64(len(content)) > lim.MaxBytes {
		return nil, &Error{Reason: fmt.Sprintf("file is %s, over the %s limit", bytesize.Format(int64(len(content))), bytesize.Format(lim.MaxBytes))}
	}
	c := &checker{lim: lim, memo: map[*yaml.Node]expansion{}, busy: map[*yaml.Node]bool{}}
	dec := yaml.NewDecoder(bytes.NewReader(content))
	var kept []*yaml.Node
	for n := 1; ; n++ {
		doc := new(yaml.Node)
		err := dec.Decode(doc)
		if errors.Is(err, io.EOF) {
			return kept, nil
		}
		if err != nil {
			if ye := fromParserError(err, lim); ye != nil {
				return nil, ye
			}
			return kept, err
		}
		if lim.MaxDocuments > 0 && n > lim.MaxDocuments {
			return nil, &Error{Line: doc.Line, Reason: fmt.Sprintf("more than %d documents", lim.MaxDocuments)}
		}
		if err := c.document(doc); err != nil {
			return nil, err
		}
		if keep {
			kept = append(kept, doc)
		}
	}
}

// expansion is the size of a node once its aliases are expanded.
type expansion struct {
	nodes, depth int // nodes saturate instead of overflowing
}

// checker measures documents. Only anchored nodes are memoised: they are the
// only ones an alias can reach, so every other node is visited exactly once.
type checker struct {
	lim   Limits
	memo  map[*yaml.Node]expansion
	busy  map[*yaml.Node]bool
	nodes int  // total so far, saturated
	alias bool // an alias has been expanded
}

func (c *checker) document(doc *yaml.Node) error {
	clear(c.memo) // anchors do not cross documents
	e, err := c.expand(doc, 0)
	if err != nil {
		return err
	}
	c.nodes = addSat(c.nodes, e.nodes)
	if c.lim.MaxNodes > 0 && c.nodes > c.lim.MaxNodes {
		return &Error{Line: doc.Line, Reason: fmt.Sprintf("the file would hold more than %d nodes once aliases are expanded; refusing to parse", c.lim.MaxNodes)}
	}
	return nil
}

func (c *checker) tooMany(n *yaml.Node) error {
	if !c.alias {
		return &Error{Line: n.Line, Reason: fmt.Sprintf("more than %d nodes; refusing to parse", c.lim.MaxNodes)}
	}
	return &Error{Line: n.Line, Reason: fmt.Sprintf("alias expansion would create more than %d nodes (a \"billion laughs\" pattern); refusing to parse", c.lim.MaxNodes)}
}

// expand measures n. level is n's depth in the tree as written; it stops the
// recursion on deep input before the expanded depth (e.depth) is known.
func (c *checker) expand(n *yaml.Node, level int) (expansion, error) {
	anchored := n.Anchor != ""
	if anchored {
		if e, ok := c.memo[n]; ok {
			return e, nil
		}
		if c.busy[n] {
			return expansion{}, &Error{Line: n.Line, Reason: fmt.Sprintf("anchor %q contains an alias to itself (a recursive alias); refusing to parse", n.Anchor)}
		}
		c.busy[n] = true
		defer delete(c.busy, n)
	}
	if c.lim.MaxDepth > 0 && level > c.lim.MaxDepth {
		return expansion{}, c.tooDeep(n)
	}
	var e expansion
	switch n.Kind {
	case yaml.AliasNode:
		if n.Alias == nil {
			return e, nil
		}
		c.alias = true
		ae, err := c.expand(n.Alias, level)
		if err != nil {
			var ye *Error
			if errors.As(err, &ye) && ye.Line < n.Line {
				ye.Line = n.Line // point at the alias that was written last
			}
			return e, err
		}
		e = ae
	case yaml.DocumentNode:
		for _, k := range n.Content {
			ke, err := c.expand(k, level)
			if err != nil {
				return e, err
			}
			e.nodes = addSat(e.nodes, ke.nodes)
			e.depth = max(e.depth, ke.depth)
		}
		e.nodes = addSat(e.nodes, 1)
	default:
		e.nodes = 1
		for _, k := range n.Content {
			ke, err := c.expand(k, level+1)
			if err != nil {
				return e, err
			}
			e.nodes = addSat(e.nodes, ke.nodes)
			e.depth = max(e.depth, ke.depth)
			if c.lim.MaxNodes > 0 && e.nodes > c.lim.MaxNodes {
				return e, c.tooMany(k)
			}
		}
		if n.Kind == yaml.MappingNode || n.Kind == yaml.SequenceNode {
			e.depth++
		}
	}
	if c.lim.MaxDepth > 0 && e.depth > c.lim.MaxDepth {
		return e, c.tooDeep(n)
	}
	if anchored {
		c.memo[n] = e
	}
	return e, nil
}

func (c *checker) tooDeep(n *yaml.Node) error {
	return &Error{Line: n.Line, Reason: fmt.Sprintf("nesting deeper than %d levels; refusing to parse", c.lim.MaxDepth)}
}

const maxInt = int(^uint(0) >> 1)

func addSat(a, b int) int {
	if a > maxInt-b {
		return maxInt
	}
	return a + b
}

var lineRE = regexp.MustCompile(`line (\d+)`)

// fromParserError keeps yaml.v3's own resource refusals (it stops at 10,000
// levels of nesting) as our refusals and drops syntax errors, which the real
// parser will report.
func fromParserError(err error, lim Limits) *Error {
	msg := err.Error()
	if strings.Contains(msg, "exceeded max depth") {
		line := 0
		if m := lineRE.FindStringSubmatch(msg); m != nil {
			line, _ = strconv.Atoi(m[1])
		}
		depth := lim.MaxDepth
		if depth <= 0 {
			depth = 10000
		}
		return &Error{Line: line, Reason: fmt.Sprintf("nesting deeper than %d levels; refusing to parse", depth)}
	}
	return nil
}
