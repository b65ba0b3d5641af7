package image

import "testing"

func TestKnownNonRoot(t *testing.T) {
	tests := []struct {
		ref  string
		want bool
	}{
		{"gcr.io/distroless/static-debian12:nonroot", true},
		{"gcr.io/distroless/base-debian12:debug-nonroot", true},
		{"gcr.io/distroless/static-debian12", false},
		{"gcr.io/distroless/static-debian12:debug", false},
		{"cgr.dev/chainguard/python:latest", true},
		{"cgr.dev/chainguard/static", true},
		{"cgr.dev/chainguard/python:latest-dev", false},
		{"bitnami/postgresql:16", true},
		{"docker.io/bitnami/redis", true},
		{"bitnami/minideb:bookworm", false},
		{"nginxinc/nginx-unprivileged:1.27-alpine", true},
		{"nginx:1.27", false},
		{"mcr.microsoft.com/dotnet/aspnet:8.0-jammy-chiseled", true},
		{"mcr.microsoft.com/dotnet/aspnet:9.0-azurelinux3.0-distroless", true},
		{"mcr.microsoft.com/dotnet/aspnet:9.0-azurelinux3.0", false},
		{"mcr.microsoft.com/dotnet/aspnet:8.0", false},
		{"registry.access.redhat.com/ubi9/python-311", true},
		{"registry.access.redhat.com/ubi9/ubi-minimal", false},
		{"grafana/grafana:11.0.0", true},
		{"prom/prometheus", true},
		{"jenkins/jenkins:lts", true},
		{"quay.io/keycloak/keycloak:25.0", true},
		{"docker.elastic.co/elasticsearch/elasticsearch:8.15.0", true},
		{"mcr.microsoft.com/mssql/server:2022-latest", true},
		{"mcr.microsoft.com/mssql/server:2017-latest", false},
		{"sonarqube:community", true},
		{"ghcr.io/acme/app:1.0-nonroot", true},
		{"python:3.12-slim", false},
		{"ubuntu", false},
		{"scratch", false},
		{"${IMG}", false},
	}
	for _, tt := range tests {
		r, err := Parse(tt.ref)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tt.ref, err)
		}
		got, reason := KnownNonRoot(r)
		if got != tt.want {
			t.Errorf("KnownNonRoot(%q) = %v (%q), want %v", tt.ref, got, reason, tt.want)
		}
		if got && reason == "" {
			t.Errorf("KnownNonRoot(%q): empty reason", tt.ref)
		}
	}
}
