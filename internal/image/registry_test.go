package image

import "testing"

func TestRegistryAllowed(t *testing.T) {
	trusted := []string{"docker.io/library", "ghcr.io/acme", "*.corp.example", "registry.example.com:5000", "index.docker.io/bitnami"}
	tests := []struct {
		ref     string
		trusted []string
		want    bool
	}{
		{ref: "python:3.12", trusted: nil, want: true},
		{ref: "ghcr.io/evil/app", trusted: []string{}, want: true},
		{ref: "python:3.12", trusted: trusted, want: true},
		{ref: "docker.io/library/python", trusted: trusted, want: true},
		{ref: "bitnami/redis", trusted: trusted, want: true},
		{ref: "someone/redis", trusted: trusted, want: false},
		{ref: "ghcr.io/acme/app:1", trusted: trusted, want: true},
		{ref: "ghcr.io/acme/team/app:1", trusted: trusted, want: true},
		{ref: "ghcr.io/acme-evil/app:1", trusted: trusted, want: false},
		{ref: "ghcr.io/other/app", trusted: trusted, want: false},
		{ref: "registry.corp.example/app", trusted: trusted, want: true},
		{ref: "a.b.corp.example:8443/app", trusted: trusted, want: true},
		{ref: "corp.example/app", trusted: trusted, want: false},
		{ref: "evilcorp.example/app", trusted: trusted, want: false},
		{ref: "registry.example.com:5000/app", trusted: trusted, want: true},
		{ref: "registry.example.com/app", trusted: trusted, want: false},
		{ref: "registry.example.com:5001/app", trusted: trusted, want: false},
		{ref: "localhost:5000/x", trusted: trusted, want: false},
		{ref: "python", trusted: []string{"docker.io"}, want: true},
		{ref: "python", trusted: []string{"Docker.IO/"}, want: true},
		{ref: "quay.io/x/y", trusted: []string{"docker.io"}, want: false},
		{ref: "${REG}/app:1", trusted: trusted, want: false},
		{ref: "${REG}/app:1", trusted: nil, want: true},
		{ref: "scratch", trusted: trusted, want: true},
		{ref: "python", trusted: []string{""}, want: false},
	}
	for _, tt := range tests {
		r, err := Parse(tt.ref)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tt.ref, err)
		}
		if got := RegistryAllowed(r, tt.trusted); got != tt.want {
			t.Errorf("RegistryAllowed(%q, %q) = %v, want %v", tt.ref, tt.trusted, got, tt.want)
		}
	}
}
