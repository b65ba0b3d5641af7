package image

import "testing"

func TestFullOS(t *testing.T) {
	tests := []struct {
		ref        string
		full       bool
		suggestion string
	}{
		{"ubuntu:22.04", true, "gcr.io/distroless/base-debian13 (or gcr.io/distroless/static-debian13 for static binaries)"},
		{"debian:bookworm", true, "debian:bookworm-slim or gcr.io/distroless/base-debian13"},
		{"debian", true, "debian:stable-slim or gcr.io/distroless/base-debian13"},
		{"debian:12-slim", false, ""},
		{"centos:7", true, "almalinux:9-minimal or rockylinux/rockylinux:9-minimal (CentOS Linux is end of life)"},
		{"fedora:40", true, "registry.fedoraproject.org/fedora-minimal:40"},
		{"rockylinux:9", true, "rockylinux/rockylinux:9-minimal"},
		{"almalinux:9", true, "almalinux:9-minimal"},
		{"almalinux:9-minimal", false, ""},
		{"amazonlinux:2023", true, "amazonlinux:2023-minimal or gcr.io/distroless/base-debian13"},
		{"oraclelinux:9", true, "oraclelinux:9-slim"},
		{"oraclelinux:9-slim", false, ""},
		{"python:3.12", true, "python:3.12-slim or gcr.io/distroless/python3-debian13"},
		{"python:3.12-bookworm", true, "python:3.12-slim or gcr.io/distroless/python3-debian13"},
		{"python", true, "python:slim or gcr.io/distroless/python3-debian13"},
		{"python:3.12-slim-bookworm", false, ""},
		{"python:3.12-alpine3.20", false, ""},
		{"python:3.12-windowsservercore-ltsc2022", false, ""},
		{"node:20", true, "node:20-slim or gcr.io/distroless/nodejs20-debian13"},
		{"node:lts", true, "node:slim or a gcr.io/distroless/nodejs image"},
		{"node:20-alpine", false, ""},
		{"ruby:3.3", true, "ruby:3.3-slim or ruby:3.3-alpine"},
		{"golang:1.22", true, "gcr.io/distroless/static-debian13 with the compiled binary copied in (the Go toolchain is not needed at run time)"},
		{"golang:1.22-alpine", false, ""},
		{"openjdk:17", true, "eclipse-temurin:17-jre or gcr.io/distroless/java17-debian13"},
		{"eclipse-temurin:17.0.9_9-jdk-jammy", true, "eclipse-temurin:17.0.9_9-jre or gcr.io/distroless/java17-debian13"},
		{"eclipse-temurin:17-jre", false, ""},
		{"php:8.3-apache", true, "php:8.3-fpm-alpine or php:8.3-cli-alpine"},
		{"registry.access.redhat.com/ubi9", true, "registry.access.redhat.com/ubi9/ubi-minimal or registry.access.redhat.com/ubi9/ubi-micro"},
		{"registry.access.redhat.com/ubi9/ubi", true, "registry.access.redhat.com/ubi9/ubi-minimal or registry.access.redhat.com/ubi9/ubi-micro"},
		{"registry.access.redhat.com/ubi9/ubi-minimal", false, ""},
		{"registry.access.redhat.com/ubi9/python-311", false, ""},
		{"gcr.io/distroless/static-debian12", false, ""},
		{"alpine:3.20", false, ""},
		{"nginx:1.27", false, ""},
		{"ghcr.io/acme/ubuntu:22.04", false, ""},
		{"scratch", false, ""},
	}
	for _, tt := range tests {
		r, err := Parse(tt.ref)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tt.ref, err)
		}
		full, suggestion := FullOS(r)
		if full != tt.full || suggestion != tt.suggestion {
			t.Errorf("FullOS(%q) = %v, %q; want %v, %q", tt.ref, full, suggestion, tt.full, tt.suggestion)
		}
	}
}
