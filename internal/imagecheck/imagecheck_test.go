package imagecheck

import (
	"reflect"
	"testing"
	"time"

	"github.com/stevedore-dev/stevedore/internal/rule"
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

func TestSettingsFor(t *testing.T) {
	day := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	got := SettingsFor(&rule.Options{TrustedRegistries: []string{"ghcr.io"}, Today: day, EOLSoonDays: 30})
	if !got.Today.Equal(day) || got.SoonDays != 30 || len(got.TrustedRegistries) != 1 || got.TrustedRegistries[0] != "ghcr.io" {
		t.Errorf("SettingsFor(options) = %+v", got)
	}
	for _, o := range []*rule.Options{nil, {}} {
		got := SettingsFor(o)
		if got.Today.IsZero() || got.SoonDays != DefaultSoonDays || got.TrustedRegistries != nil {
			t.Errorf("SettingsFor(%v) = %+v, want now, %d days, no registries", o, got, DefaultSoonDays)
		}
	}
}

func TestJudgeCached(t *testing.T) {
	s := Settings{Today: time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC), SoonDays: 90}
	for _, ref := range []string{"python:3.8-slim", "python:3.8-slim", "python"} {
		want, got := Judge(ref, s), JudgeCached(ref, s)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("JudgeCached(%q) = %+v, want %+v", ref, got, want)
		}
	}
	// The settings are part of the key: a trusted-registries list changes the verdict.
	s.TrustedRegistries = []string{"ghcr.io"}
	if _, ok := JudgeCached("python:3.8-slim", s).Has(Untrusted); !ok {
		t.Error("JudgeCached reused a verdict judged with other settings")
	}
}
