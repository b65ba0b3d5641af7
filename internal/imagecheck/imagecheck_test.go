package imagecheck

import (
	"testing"
	"time"
)

func TestJudge(t *testing.T) {
	s := Settings{Today: time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC), SoonDays: 90, TrustedRegistries: []string{"docker.io"}}
	tests := []struct {
		ref  string
		has  []Problem
		hasn []Problem
	}{
		{"python", []Problem{Untagged, NotPinned}, []Problem{Latest, EndOfLife}},
		{"python:latest", []Problem{Latest, NotPinned}, []Problem{Untagged}},
		{"python:3.8-slim", []Problem{EndOfLife, NotPinned}, []Problem{Latest}},
		{"python:3.13-slim@sha256:" + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", nil, []Problem{NotPinned, EndOfLife, Latest}},
		{"ghcr.io/acme/api:1.0", []Problem{Untrusted}, nil},
		{"${BASE}", []Problem{Unresolved}, []Problem{NotPinned}},
		{"scratch", nil, []Problem{Untagged, NotPinned, Unresolved}},
		{"Not A Ref", []Problem{Invalid}, nil},
	}
	for _, tt := range tests {
		v := Judge(tt.ref, s)
		for _, p := range tt.has {
			if _, ok := v.Has(p); !ok {
				t.Errorf("Judge(%q) lacks %s: %+v", tt.ref, p, v.Findings)
			}
		}
		for _, p := range tt.hasn {
			if _, ok := v.Has(p); ok {
				t.Errorf("Judge(%q) has %s: %+v", tt.ref, p, v.Findings)
			}
		}
	}
}
