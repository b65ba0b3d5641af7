package image

import (
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"
)

// eolFiles holds the end-of-life data; scripts/gen-eol.sh regenerates it.
//
//go:embed eoldata/eol.json eoldata/image-map.json eoldata/tag-history.json
var eolFiles embed.FS

// knowledge is the parsed and indexed form of eoldata, built once.
type knowledge struct {
	products map[string]*product
	images   map[string]*imageSpec // Docker Hub library name → spec
	// history maps a library name to its tags, decoded from rawHistory on
	// first use (most scans need a handful of the 96 images).
	history    map[string]imageHistory
	rawHistory map[string]json.RawMessage
	historyMu  sync.Mutex
	codenames  map[string]map[string]string
	jdkVendors map[string]string // tag token → product, "" for none, "!openjdk" for the deprecated image
	vendorKeys []string          // jdkVendors keys, longest first (some span two tokens)
	deprecated map[string]deprecation
	purls      map[string]string // "docker.io/bitnami/node" → product
}

type product struct {
	name, title string
	cycles      []cycle // newest first, as in the source
	index       map[string]int
}

type cycle struct {
	name    string
	eol     time.Time // zero when not a date
	ended   bool      // eol: true (ended, date unknown) or a date
	dateSet bool
}

type imageSpec struct {
	Product          *string           `json:"product"`
	Version          string            `json:"version"`
	Deprecated       any               `json:"deprecated"`
	Aliases          map[string]string `json:"aliases"`
	StripPrefix      []string          `json:"strip_prefix"`
	CodenameTable    string            `json:"codename_table"`
	Embedded         []embeddedSpec    `json:"embedded"`
	JDKDefaultVendor string            `json:"jdk_default_vendor"`

	embedded []embeddedRule
}

type embeddedSpec struct {
	Re      string `json:"re"`
	Product string `json:"product"`
	Cycle   string `json:"cycle"`
	What    string `json:"what"`
}

// embeddedRule is one compiled runtime-in-the-tag rule of an image.
type embeddedRule struct {
	re      *regexp.Regexp
	product string // literal product; "" with vendorGroup or jdk
	vendor  bool   // group 1 is a vendor token, group 2 the major (maven)
	jdk     bool   // group 1 is a JDK major; vendor from the tag or the image default
}

type deprecation struct {
	Since       string `json:"since"`
	Summary     string `json:"summary"`
	Replacement string `json:"replacement"`
}

type histEntry struct {
	canonical string
	os        string // "debian:13", "alpine-linux", "" when unknown
	lastSeen  string // retired tags only
	retired   bool
}

type imageHistory map[string]histEntry

var (
	loadOnce sync.Once
	loaded   *knowledge
	loadErr  error
)

// data returns the embedded knowledge, parsing it on first use.
func data() (*knowledge, error) {
	loadOnce.Do(func() { loaded, loadErr = load() })
	return loaded, loadErr
}

// Preload parses the embedded knowledge in the background, so that a scan
// that starts it early does not wait ~10 ms for it at its first image.
func Preload() { go data() }

// load parses the three embedded files at once (~10 ms in a row: the tag
// history alone is 690 KB of JSON).
func load() (*knowledge, error) {
	k := &knowledge{}
	var wg sync.WaitGroup
	errs := make([]error, 3)
	for i, load := range []func() error{k.loadEOL, k.loadImageMap, k.loadHistory} {
		wg.Go(func() { errs[i] = load() })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return k, nil
}

func readJSON(name string, v any) error {
	b, err := eolFiles.ReadFile("eoldata/" + name)
	if err != nil {
		return fmt.Errorf("read embedded %s: %w", name, err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("parse embedded %s: %w", name, err)
	}
	return nil
}

func (k *knowledge) loadEOL() error {
	var doc struct {
		Products map[string]struct {
			Title  string `json:"title"`
			Cycles []struct {
				Cycle string `json:"cycle"`
				EOL   any    `json:"eol"`
			} `json:"cycles"`
		} `json:"products"`
	}
	if err := readJSON("eol.json", &doc); err != nil {
		return err
	}
	k.products = make(map[string]*product, len(doc.Products))
	for name, p := range doc.Products {
		prod := &product{name: name, title: p.Title, index: make(map[string]int, len(p.Cycles))}
		for _, c := range p.Cycles {
			cy := cycle{name: c.Cycle}
			switch v := c.EOL.(type) {
			case bool:
				cy.ended = v
			case string:
				t, err := time.Parse(time.DateOnly, v)
				if err != nil {
					return fmt.Errorf("parse embedded eol.json: %s %s: %w", name, c.Cycle, err)
				}
				cy.eol, cy.dateSet = t, true
			}
			if _, dup := prod.index[cy.name]; !dup {
				prod.index[cy.name] = len(prod.cycles)
			}
			prod.cycles = append(prod.cycles, cy)
		}
		k.products[name] = prod
	}
	return nil
}

func (k *knowledge) loadImageMap() error {
	var doc struct {
		Codenames       map[string]json.RawMessage `json:"codenames"`
		JDKVendorTokens map[string]string          `json:"jdk_vendor_tokens"`
		Images          map[string]*imageSpec      `json:"images"`
		Purls           map[string][]string        `json:"endoflife_purls"`
		Deprecated      struct {
			Images map[string]deprecation `json:"images"`
		} `json:"deprecated_images"`
	}
	if err := readJSON("image-map.json", &doc); err != nil {
		return err
	}
	k.codenames = make(map[string]map[string]string)
	for name, raw := range doc.Codenames {
		var table map[string]string
		if json.Unmarshal(raw, &table) != nil {
			continue // prose notes beside the tables
		}
		delete(table, "_source")
		delete(table, "_basis")
		k.codenames[name] = table
	}
	k.jdkVendors = make(map[string]string, len(doc.JDKVendorTokens))
	for tok, prod := range doc.JDKVendorTokens {
		switch {
		case strings.HasPrefix(prod, "openjdk(deprecated"):
			prod = "!openjdk"
		case strings.HasPrefix(prod, "adoptopenjdk(deprecated"):
			prod = "!adoptopenjdk"
		case strings.Contains(prod, "("): // "ibmjava(no endoflife product)"
			prod = ""
		}
		k.jdkVendors[tok] = prod
		k.vendorKeys = append(k.vendorKeys, tok)
	}
	sortLongestFirst(k.vendorKeys)
	k.images = doc.Images
	for name, spec := range k.images {
		for _, e := range spec.Embedded {
			rule, err := compileEmbedded(e)
			if err != nil {
				return fmt.Errorf("parse embedded image-map.json: image %s: %w", name, err)
			}
			spec.embedded = append(spec.embedded, rule)
		}
	}
	k.deprecated = doc.Deprecated.Images
	k.purls = make(map[string]string)
	for prod, list := range doc.Purls {
		for _, p := range list {
			if name, ok := purlImage(p); ok {
				k.purls[name] = prod
			}
		}
	}
	return nil
}

// compileEmbedded turns an image-map embedded rule into a Go regexp. The data
// uses a (?=-|$) lookahead, which RE2 lacks; a consuming (?:-|$) is equivalent
// here because matches are cut out of the tag one at a time.
func compileEmbedded(e embeddedSpec) (embeddedRule, error) {
	re, err := regexp.Compile(strings.ReplaceAll(e.Re, "(?=-|$)", "(?:-|$)"))
	if err != nil {
		return embeddedRule{}, err
	}
	r := embeddedRule{re: re}
	switch {
	case e.What == "JDK major":
		r.jdk = true
	case strings.HasPrefix(e.Product, "jdk_vendor_tokens["):
		r.vendor = true
	case strings.HasPrefix(e.Product, "openjdk(deprecated"):
		r.product = "!openjdk"
	default:
		r.product = e.Product
	}
	return r, nil
}

// purlImage turns an endoflife identifier into a normalised image name:
// pkg:docker/bitnami/node → docker.io/bitnami/node,
// pkg:oci/deno?repository_url=ghcr.io/denoland → ghcr.io/denoland/deno.
func purlImage(p string) (string, bool) {
	if rest, ok := strings.CutPrefix(p, "pkg:docker/"); ok {
		return hubRegistry + "/" + rest, true
	}
	rest, ok := strings.CutPrefix(p, "pkg:oci/")
	if !ok {
		return "", false
	}
	name, query, _ := strings.Cut(rest, "?")
	repo, ok := strings.CutPrefix(query, "repository_url=")
	if !ok {
		return "", false
	}
	// quay.io web addresses carry a /repository segment the image name lacks.
	repo = strings.Replace(repo, "quay.io/repository/", "quay.io/", 1)
	return repo + "/" + name, true
}

func (k *knowledge) loadHistory() error {
	var doc struct {
		Images map[string]json.RawMessage `json:"images"`
	}
	if err := readJSON("tag-history.json", &doc); err != nil {
		return err
	}
	k.rawHistory = doc.Images
	k.history = make(map[string]imageHistory, len(doc.Images))
	return nil
}

// historyOf returns the tag history of a library image, decoding it once.
func (k *knowledge) historyOf(name string) imageHistory {
	k.historyMu.Lock()
	defer k.historyMu.Unlock()
	if h, ok := k.history[name]; ok {
		return h
	}
	raw, ok := k.rawHistory[name]
	if !ok {
		return nil
	}
	var img struct {
		Current [][3]json.RawMessage          `json:"current"`
		Retired map[string][3]json.RawMessage `json:"retired"`
	}
	if err := json.Unmarshal(raw, &img); err != nil {
		k.history[name] = nil
		return nil
	}
	h := make(imageHistory)
	for _, e := range img.Current {
		var canonical, os string
		var tags []string
		_ = json.Unmarshal(e[0], &canonical)
		_ = json.Unmarshal(e[1], &os) // null stays ""
		_ = json.Unmarshal(e[2], &tags)
		entry := histEntry{canonical: canonical, os: os}
		for _, t := range tags {
			// Shared tags list Linux and Windows entries; Linux wins, as in the data set.
			if old, ok := h[t]; ok && !isWindowsOS(old.os) {
				continue
			}
			h[t] = entry
		}
	}
	for tag, e := range img.Retired {
		if _, ok := h[tag]; ok {
			continue
		}
		var entry histEntry
		_ = json.Unmarshal(e[0], &entry.canonical)
		_ = json.Unmarshal(e[1], &entry.os)
		_ = json.Unmarshal(e[2], &entry.lastSeen)
		entry.retired = true
		h[tag] = entry
	}
	k.history[name] = h
	return h
}

func isWindowsOS(os string) bool { return strings.HasPrefix(os, "windows-") }

func sortLongestFirst(s []string) {
	sort.Slice(s, func(i, j int) bool {
		if len(s[i]) != len(s[j]) {
			return len(s[i]) > len(s[j])
		}
		return s[i] < s[j]
	})
}
