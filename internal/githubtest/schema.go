package githubtest

import (
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"unicode/utf8"
)

// schema is the part of OpenAPI 3.0 JSON Schema that GitHub's request bodies
// and parameters use.
type schema struct {
	Type                 string             `json:"type"`
	Nullable             bool               `json:"nullable"`
	Enum                 []any              `json:"enum"`
	Properties           map[string]*schema `json:"properties"`
	Required             []string           `json:"required"`
	AdditionalProperties json.RawMessage    `json:"additionalProperties"`
	Items                *schema            `json:"items"`
	MaxItems             *int               `json:"maxItems"`
	MinItems             *int               `json:"minItems"`
	MaxLength            *int               `json:"maxLength"`
	MinLength            *int               `json:"minLength"`
	Minimum              *float64           `json:"minimum"`
	Maximum              *float64           `json:"maximum"`
	AnyOf                []*schema          `json:"anyOf"`
	OneOf                []*schema          `json:"oneOf"`
	AllOf                []*schema          `json:"allOf"`

	// Compiled from AdditionalProperties.
	extraForbidden bool
	extraSchema    *schema
}

// compile resolves additionalProperties throughout the schema tree.
func (s *schema) compile() {
	if s == nil {
		return
	}
	if raw := strings.TrimSpace(string(s.AdditionalProperties)); raw != "" {
		switch raw {
		case "false":
			s.extraForbidden = true
		case "true":
		default:
			var sub schema
			if err := json.Unmarshal(s.AdditionalProperties, &sub); err == nil {
				s.extraSchema = &sub
			}
		}
	}
	for _, p := range s.Properties {
		p.compile()
	}
	s.Items.compile()
	s.extraSchema.compile()
	for _, group := range [][]*schema{s.AnyOf, s.OneOf, s.AllOf} {
		for _, sub := range group {
			sub.compile()
		}
	}
}

// validate appends to errs one message per violation of s by v. Values come
// from a json.Decoder with UseNumber. strict also rejects properties the
// schema does not declare.
func (s *schema) validate(v any, at string, strict bool, errs *[]string) {
	if s == nil {
		return
	}
	if v == nil {
		if !s.Nullable && s.Type != "" {
			*errs = append(*errs, fmt.Sprintf("%s: null is not %s %s", at, article(s.Type), s.Type))
		}
		return
	}
	if s.Type != "" && !hasType(v, s.Type) {
		*errs = append(*errs, fmt.Sprintf("%s: %s is not %s %s", at, brief(v), article(s.Type), s.Type))
		return
	}
	if len(s.Enum) > 0 && !inEnum(v, s.Enum) {
		*errs = append(*errs, fmt.Sprintf("%s: %s is not a member of %s", at, brief(v), enumList(s.Enum)))
	}
	switch x := v.(type) {
	case string:
		n := utf8.RuneCountInString(x)
		if s.MaxLength != nil && n > *s.MaxLength {
			*errs = append(*errs, fmt.Sprintf("%s: only %d characters are allowed; %d were supplied", at, *s.MaxLength, n))
		}
		if s.MinLength != nil && n < *s.MinLength {
			*errs = append(*errs, fmt.Sprintf("%s: at least %d characters are required; %d were supplied", at, *s.MinLength, n))
		}
	case json.Number:
		f, _ := x.Float64()
		if s.Minimum != nil && f < *s.Minimum {
			*errs = append(*errs, fmt.Sprintf("%s: %s is less than the minimum %v", at, x, *s.Minimum))
		}
		if s.Maximum != nil && f > *s.Maximum {
			*errs = append(*errs, fmt.Sprintf("%s: %s is greater than the maximum %v", at, x, *s.Maximum))
		}
	case []any:
		if s.MaxItems != nil && len(x) > *s.MaxItems {
			*errs = append(*errs, fmt.Sprintf("%s: %d items given; at most %d are allowed", at, len(x), *s.MaxItems))
		}
		if s.MinItems != nil && len(x) < *s.MinItems {
			*errs = append(*errs, fmt.Sprintf("%s: %d items given; at least %d are required", at, len(x), *s.MinItems))
		}
		for i, item := range x {
			s.Items.validate(item, fmt.Sprintf("%s[%d]", at, i), strict, errs)
		}
	case map[string]any:
		for _, name := range s.Required {
			if _, ok := x[name]; !ok {
				*errs = append(*errs, fmt.Sprintf("%s: %q wasn't supplied", at, name))
			}
		}
		for _, k := range slices.Sorted(maps.Keys(x)) {
			child := join(at, k)
			if p, ok := s.Properties[k]; ok {
				p.validate(x[k], child, strict, errs)
				continue
			}
			switch {
			case s.extraForbidden:
				*errs = append(*errs, fmt.Sprintf("%s: %q is not a permitted key", at, k))
			case s.extraSchema != nil:
				s.extraSchema.validate(x[k], child, strict, errs)
			case strict && len(s.Properties) > 0:
				*errs = append(*errs, fmt.Sprintf("%s: %q is not a property of this operation's body (strict mode)", at, k))
			}
		}
	}
	for _, sub := range s.AllOf {
		sub.validate(v, at, false, errs)
	}
	if len(s.AnyOf) > 0 && countMatches(v, at, s.AnyOf) == 0 {
		*errs = append(*errs, fmt.Sprintf("%s: %s", at, describeNoMatch("any", v, at, s.AnyOf)))
	}
	if len(s.OneOf) > 0 {
		if n := countMatches(v, at, s.OneOf); n != 1 {
			*errs = append(*errs, fmt.Sprintf("%s: matches %d of the oneOf shapes, want exactly 1", at, n))
		}
	}
}

func countMatches(v any, at string, subs []*schema) int {
	n := 0
	for _, sub := range subs {
		var e []string
		sub.validate(v, at, false, &e)
		if len(e) == 0 {
			n++
		}
	}
	return n
}

func describeNoMatch(kind string, v any, at string, subs []*schema) string {
	var parts []string
	for i, sub := range subs {
		var e []string
		sub.validate(v, at, false, &e)
		parts = append(parts, fmt.Sprintf("shape %d: %s", i+1, strings.Join(e, "; ")))
	}
	return fmt.Sprintf("does not match %s of the allowed shapes (%s)", kind, strings.Join(parts, " | "))
}

func join(at, key string) string {
	if at == "" {
		return key
	}
	return at + "." + key
}

func hasType(v any, typ string) bool {
	switch typ {
	case "object":
		_, ok := v.(map[string]any)
		return ok
	case "array":
		_, ok := v.([]any)
		return ok
	case "string":
		_, ok := v.(string)
		return ok
	case "boolean":
		_, ok := v.(bool)
		return ok
	case "number":
		_, ok := v.(json.Number)
		return ok
	case "integer":
		n, ok := v.(json.Number)
		if !ok {
			return false
		}
		if _, err := n.Int64(); err == nil {
			return true
		}
		f, err := n.Float64()
		return err == nil && f == math.Trunc(f) && !strings.ContainsAny(string(n), ".eE")
	}
	return true
}

func inEnum(v any, enum []any) bool {
	for _, e := range enum {
		if sameJSON(v, e) {
			return true
		}
	}
	return false
}

// sameJSON compares a decoded request value with an enum member from the spec
// (decoded without UseNumber).
func sameJSON(v, e any) bool {
	switch x := v.(type) {
	case json.Number:
		f, err := x.Float64()
		ef, ok := e.(float64)
		return err == nil && ok && f == ef
	case string:
		es, ok := e.(string)
		return ok && es == x
	case bool:
		eb, ok := e.(bool)
		return ok && eb == x
	}
	return false
}

func brief(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	if len(b) > 60 {
		return string(b[:57]) + "..."
	}
	return string(b)
}

func enumList(enum []any) string {
	parts := make([]string, len(enum))
	for i, e := range enum {
		parts[i] = brief(e)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}
