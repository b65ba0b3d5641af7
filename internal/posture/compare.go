package posture

import (
	"cmp"
	"slices"
)

// Verdict says whether a change of property makes things worse or better.
type Verdict string

// The verdicts.
const (
	Worse   Verdict = "worse"
	Better  Verdict = "better"
	Changed Verdict = "changed"
)

// Change is one property of one subject that differs between base and head.
// A subject that exists on one side only is reported with Property
// "subject" and Before or After "(none)", followed by its risky properties.
type Change struct {
	Kind     string  `json:"kind"`
	Path     string  `json:"path"`
	Name     string  `json:"name"`
	Property string  `json:"property"`
	Before   string  `json:"before"`
	After    string  `json:"after"`
	Verdict  Verdict `json:"verdict"`
}

// PropSubject names the pseudo-property of an added or removed subject.
const PropSubject = "subject"

const absent = "(none)"

// Compare lists what changed from base to head. headPath maps a base path
// to the path it has on the head side (renames); nil keeps paths as they are.
func Compare(base, head []Subject, headPath func(string) string) []Change {
	key := func(s Subject) string { return s.Kind + "\x00" + s.Path + "\x00" + s.Name }
	before := map[string]Subject{}
	for _, s := range base {
		if headPath != nil {
			s.Path = headPath(s.Path)
		}
		before[key(s)] = s
	}
	var out []Change
	seen := map[string]bool{}
	for _, h := range head {
		k := key(h)
		seen[k] = true
		b, ok := before[k]
		if !ok {
			out = append(out, Change{Kind: h.Kind, Path: h.Path, Name: h.Name, Property: PropSubject, Before: absent, After: "added", Verdict: Changed})
			for _, p := range h.Properties {
				if hazard(p) {
					out = append(out, Change{Kind: h.Kind, Path: h.Path, Name: h.Name, Property: p.Name, Before: absent, After: p.Value, Verdict: Worse})
				}
			}
			continue
		}
		for _, hp := range h.Properties {
			bp, ok := b.Prop(hp.Name)
			if !ok {
				bp = Property{Name: hp.Name, Value: absent}
			}
			if bp.Value == hp.Value {
				continue
			}
			v := Changed
			switch {
			case hp.Risk > bp.Risk:
				v = Worse
			case hp.Risk < bp.Risk:
				v = Better
			}
			out = append(out, Change{Kind: h.Kind, Path: h.Path, Name: h.Name, Property: hp.Name, Before: bp.Value, After: hp.Value, Verdict: v})
		}
	}
	for k, b := range before {
		if !seen[k] {
			out = append(out, Change{Kind: b.Kind, Path: b.Path, Name: b.Name, Property: PropSubject, Before: "present", After: absent, Verdict: Changed})
		}
	}
	slices.SortStableFunc(out, func(a, b Change) int {
		return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Name, b.Name))
	})
	return out
}

// hazard reports whether a property of a newly added subject is worth
// naming on its own: an outright danger, not a missing hardening default.
func hazard(p Property) bool {
	switch p.Name {
	case PropPrivileged, PropCapAdd, PropHostNamespaces, PropHostMounts, PropSecrets, PropEndOfLife:
		return p.Risk > 1 || (p.Risk > 0 && p.Name != PropEndOfLife)
	case PropUser:
		return p.Risk > 1
	}
	return false
}
