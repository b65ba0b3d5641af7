package kube

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"
)

// MaxDocuments is the number of YAML documents Parse reads from one file;
// the rest are reported as a ParseError and not read.
const MaxDocuments = 1000

// maxListDepth bounds how deep List kinds nested in List kinds are expanded.
const maxListDepth = 4

// File is a parsed manifest file: the Kubernetes objects of all its YAML
// documents, in file order.
type File struct {
	// Path is the path the file was parsed under.
	Path string
	// Objects are the mapping documents of the file and the items of its
	// List kinds, in file order. Documents that are empty, not mappings or
	// could not be parsed are left out.
	Objects []*Object
	// content is the file's text, for Lines.
	content   []byte
	linesOnce sync.Once
	lines     []string
	// Templated is true when the file holds template syntax (Helm, Go
	// templates: `{{ ... }}` outside quoted values, or quoted values that
	// use .Values, .Release, .Chart, include or toYaml). A templated file
	// has no objects: its YAML is not the manifest that gets applied.
	Templated bool
	// Errors lists every document that could not be parsed. The error
	// Parse returns is the first of them.
	Errors []*ParseError
}

// ParseError is a YAML document that could not be parsed, at the line
// where the parser gave up (1-based).
type ParseError struct {
	Line int
	Msg  string
}

// Error returns "line N: message".
func (e *ParseError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

// Parse reads a multi-document Kubernetes manifest. It never panics and
// always returns a File: documents that parse are kept even when another
// document of the file does not, and the first bad document is returned as
// a *ParseError (all of them are in File.Errors). A templated file (see
// File.Templated) returns no objects and no error.
func Parse(path string, content []byte) (*File, error) {
	f := &File{Path: path, content: content}
	content = bytes.TrimPrefix(content, []byte("\xef\xbb\xbf"))
	docs, errs := parseDocuments(content)
	if bytes.Contains(content, []byte("{{")) && (len(errs) > 0 || looksTemplated(docs)) {
		f.Templated = true
		return f, nil
	}
	f.Errors = errs
	for i, d := range docs {
		f.addDocument(d, i)
	}
	if len(errs) > 0 {
		return f, fmt.Errorf("parse %s: %w", path, errs[0])
	}
	return f, nil
}

// parseDocuments decodes every document of content. The fast path runs one
// decoder over the whole file; when it fails, the file is split at its
// document markers and each part is decoded on its own, so one bad document
// does not hide the good ones.
func parseDocuments(content []byte) ([]*yaml.Node, []*ParseError) {
	dec := yaml.NewDecoder(bytes.NewReader(content))
	var docs []*yaml.Node
	for {
		n := new(yaml.Node)
		err := dec.Decode(n)
		if err == io.EOF {
			return docs, nil
		}
		if err != nil {
			break
		}
		if len(docs) == MaxDocuments {
			return docs, []*ParseError{{Line: docLine(n), Msg: fmt.Sprintf("more than %d YAML documents; the rest of the file is not read", MaxDocuments)}}
		}
		docs = append(docs, n)
	}
	return parseChunks(content)
}

// parseChunks is the slow path of parseDocuments.
func parseChunks(content []byte) ([]*yaml.Node, []*ParseError) {
	var (
		docs []*yaml.Node
		errs []*ParseError
	)
	for _, c := range splitDocuments(content) {
		dec := yaml.NewDecoder(bytes.NewReader(c.text))
		for {
			n := new(yaml.Node)
			err := dec.Decode(n)
			if err == io.EOF {
				break
			}
			if err != nil {
				errs = append(errs, yamlError(err, c))
				docs = append(docs, nil) // keeps the index of later documents
				break
			}
			if len(docs) == MaxDocuments {
				errs = append(errs, &ParseError{Line: docLine(n) + c.line - 1, Msg: fmt.Sprintf("more than %d YAML documents; the rest of the file is not read", MaxDocuments)})
				return docs, errs
			}
			if c.line > 1 {
				shiftLines(n, c.line-1)
			}
			docs = append(docs, n)
		}
	}
	return docs, errs
}

// chunk is the text of one or more documents starting at line (1-based).
type chunk struct {
	text []byte
	line int
}

// splitDocuments cuts content before every "---" marker line and after
// every "..." marker line. Lines before the first content line (comments,
// directives) stay with the document that follows them.
func splitDocuments(content []byte) []chunk {
	var (
		out      []chunk
		start    int // byte offset of the current chunk
		startLn  = 1
		hasData  bool
		lineNo   = 1
		lineBeg  int
		contents = content
	)
	for lineBeg <= len(contents) {
		end := bytes.IndexByte(contents[lineBeg:], '\n')
		var line []byte
		next := len(contents) + 1
		if end >= 0 {
			line = contents[lineBeg : lineBeg+end]
			next = lineBeg + end + 1
		} else {
			line = contents[lineBeg:]
		}
		switch {
		case isMarker(line, "---"):
			if hasData {
				out = append(out, chunk{text: contents[start:lineBeg], line: startLn})
				start, startLn = lineBeg, lineNo
			}
			hasData = true
		case isMarker(line, "..."):
			if hasData {
				out = append(out, chunk{text: contents[start:lineBeg], line: startLn})
			}
			start, startLn, hasData = min(next, len(contents)), lineNo+1, false
		default:
			t := bytes.TrimSpace(line)
			if len(t) > 0 && t[0] != '#' && t[0] != '%' {
				hasData = true
			}
		}
		lineBeg = next
		lineNo++
	}
	if start < len(contents) {
		out = append(out, chunk{text: contents[start:], line: startLn})
	}
	return out
}

// isMarker reports whether line is the document marker m ("---" or "...")
// followed by nothing or by white space.
func isMarker(line []byte, m string) bool {
	if !bytes.HasPrefix(line, []byte(m)) {
		return false
	}
	rest := line[len(m):]
	return len(rest) == 0 || rest[0] == ' ' || rest[0] == '\t' || rest[0] == '\r'
}

var (
	yamlLineRE      = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)
	unknownAnchorRE = regexp.MustCompile(`^yaml: unknown anchor '(.*)' referenced$`)
)

// parserMessages are the errors of yaml.v3's parser (not its scanner): it
// reports their line 0-based.
var parserMessages = map[string]bool{
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"did not find expected '-' indicator":    true,
	"did not find expected <document start>": true,
	"did not find expected <stream-start>":   true,
	"did not find expected key":              true,
	"did not find expected node content":     true,
	"found duplicate %TAG directive":         true,
	"found duplicate %YAML directive":        true,
	"found incompatible YAML document":       true,
	"found undefined tag handle":             true,
}

// yamlError turns a yaml.v3 error in chunk c into a ParseError with a
// file line.
func yamlError(err error, c chunk) *ParseError {
	msg := err.Error()
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		if parserMessages[m[2]] {
			n++
		}
		return &ParseError{Line: n + c.line - 1, Msg: m[2]}
	}
	line := c.line
	if m := unknownAnchorRE.FindStringSubmatch(msg); m != nil {
		if i := bytes.Index(c.text, []byte("*"+m[1])); i >= 0 {
			line += bytes.Count(c.text[:i], []byte("\n"))
		}
	}
	return &ParseError{Line: line, Msg: strings.TrimPrefix(msg, "yaml: ")}
}

// docLine returns the first line of document n's content.
func docLine(n *yaml.Node) int {
	if len(n.Content) > 0 {
		return n.Content[0].Line
	}
	return n.Line
}

// shiftLines adds delta to the line of every node of the tree (aliases are
// not followed: their targets are in the tree too).
func shiftLines(n *yaml.Node, delta int) {
	n.Line += delta
	for _, c := range n.Content {
		shiftLines(c, delta)
	}
}

// helmWords are what a quoted value holding `{{` must mention to count as
// a template rather than data (Prometheus alert text, Argo parameters).
var helmWords = []string{".Values", ".Release", ".Chart", ".Capabilities", ".Files", "include ", "toYaml", "tpl ", "{{-", "-}}"}

// looksTemplated reports whether a parsed file holds template syntax: a
// `{{ }}` that YAML read as a flow mapping, a plain scalar with `{{`, or a
// quoted or block scalar with `{{` and Helm words.
func looksTemplated(docs []*yaml.Node) bool {
	var walk func(n *yaml.Node) bool
	walk = func(n *yaml.Node) bool {
		switch n.Kind {
		case yaml.MappingNode:
			if n.Style&yaml.FlowStyle != 0 && len(n.Content) > 0 && n.Content[0].Kind == yaml.MappingNode {
				return true
			}
		case yaml.ScalarNode:
			if !strings.Contains(n.Value, "{{") {
				return false
			}
			if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle|yaml.LiteralStyle|yaml.FoldedStyle) == 0 {
				return true
			}
			for _, w := range helmWords {
				if strings.Contains(n.Value, w) {
					return true
				}
			}
			return false
		}
		for _, c := range n.Content {
			if walk(c) {
				return true
			}
		}
		return false
	}
	for _, d := range docs {
		if d != nil && walk(d) {
			return true
		}
	}
	return false
}

// addDocument adds the objects of document d (index i in the file).
func (f *File) addDocument(d *yaml.Node, i int) {
	if d == nil || d.Kind != yaml.DocumentNode || len(d.Content) == 0 {
		return
	}
	root := d.Content[0]
	if root.Kind != yaml.MappingNode {
		return
	}
	f.addObject(root, i, -1, 0)
}

// addObject adds the object at mapping n, or the items of n when it is a
// List kind.
func (f *File) addObject(n *yaml.Node, doc, item, depth int) {
	o := newObject(n, doc, item)
	if items := mapValue(n, "items"); depth < maxListDepth && strings.HasSuffix(o.Kind, "List") && items != nil && items.Kind == yaml.SequenceNode {
		for j, it := range items.Content {
			if it = resolve(it); it != nil && it.Kind == yaml.MappingNode {
				f.addObject(it, doc, j, depth+1)
			}
		}
		return
	}
	f.Objects = append(f.Objects, o)
}

// Workloads returns the pods of the file's workload objects, in order,
// with the decoding error of each object that has one (the pod is then
// decoded without the bad fields, or nil when nothing could be decoded).
func (f *File) Workloads() (pods []*Pod, errs []error) {
	for _, o := range f.Objects {
		p, err := o.PodSpec()
		if err != nil {
			errs = append(errs, err)
		}
		if p != nil {
			pods = append(pods, p)
		}
	}
	return pods, errs
}

// ParseDocuments is Parse for callers that already decoded every document
// of content without error (yamlsafe.Documents does while it checks limits),
// so the file is not parsed twice. docs are DocumentNodes in file order.
func ParseDocuments(path string, content []byte, docs []*yaml.Node) (*File, error) {
	f := &File{Path: path, content: content}
	if bytes.Contains(content, []byte("{{")) && looksTemplated(docs) {
		f.Templated = true
		return f, nil
	}
	if len(docs) > MaxDocuments {
		f.Errors = []*ParseError{{Line: docLine(docs[MaxDocuments]), Msg: fmt.Sprintf("more than %d YAML documents; the rest of the file is not read", MaxDocuments)}}
		docs = docs[:MaxDocuments]
	}
	for i, d := range docs {
		f.addDocument(d, i)
	}
	if len(f.Errors) > 0 {
		return f, fmt.Errorf("parse %s: %w", path, f.Errors[0])
	}
	return f, nil
}

// Lines returns the file's text split into lines (Lines()[n-1] is line n),
// for rules that build text edits; computed once.
func (f *File) Lines() []string {
	f.linesOnce.Do(func() { f.lines = strings.Split(string(f.content), "\n") })
	return f.lines
}
