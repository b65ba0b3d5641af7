package image

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestLifecycleVerdicts pins the parts of a Verdict that cases.tsv does not
// cover: the worst match, reasons, replacements, notices and eol-soon.
func TestLifecycleVerdicts(t *testing.T) {
	tests := []struct {
		ref         string
		soonDays    int
		status      Status
		product     string
		cycle       string
		eolDate     string
		reason      string // substring
		replacement string // substring
		notice      string // substring
		retired     bool
	}{
		{ref: "python:3.8-slim-bullseye", status: StatusEOL, product: "debian", cycle: "11", eolDate: "2024-08-14", reason: "debian 11 reached end of life on 2024-08-14"},
		{ref: "python:3.8-alpine3.20", status: StatusEOL, product: "python", cycle: "3.8", eolDate: "2024-10-07", reason: "python 3.8 reached end of life on 2024-10-07"},
		{ref: "php:8.2", soonDays: 90, status: StatusEOLSoon, product: "php", cycle: "8.2", eolDate: "2026-12-31", reason: "php 8.2 reaches end of life on 2026-12-31 (in 35 days)"},
		{ref: "php:8.2", soonDays: 0, status: StatusSupported, product: "php", cycle: "8.2", eolDate: "2026-12-31", reason: "php 8.2 is supported until 2026-12-31"},
		{ref: "node:latest", status: StatusSupported, product: "nodejs", cycle: "26", reason: "nodejs 26 is supported until 2029-04-30"},
		{ref: "varnish:stable", status: StatusSupported, product: "vinyl-cache", cycle: "6.0", reason: "no end-of-life date announced"},
		{ref: "openjdk:17-jdk-slim", status: StatusDeprecatedImage, product: DeprecatedProduct, cycle: "openjdk", reason: "the openjdk image is deprecated", replacement: "eclipse-temurin"},
		{ref: "maven:3.8-openjdk-11", status: StatusDeprecatedImage, cycle: "openjdk", product: DeprecatedProduct},
		{ref: "centos:7", status: StatusEOL, product: "centos", cycle: "7", replacement: "almalinux", notice: "centos image is deprecated", retired: true},
		{ref: "rockylinux:9", status: StatusSupported, product: "rocky-linux", cycle: "9", notice: "cannot currently be updated"},
		{ref: "amazonlinux:1", status: StatusEOL, product: "amazon-linux", cycle: "2018.03", replacement: "amazonlinux:2023", retired: true},
		{ref: "python:2", status: StatusEOL, product: "python", cycle: "2.7", retired: true, notice: "last written 2020-04-20"},
		{ref: "python@sha256:4d3d5a5131a0621509ab8a75f52955f2d0150972b5c5fb918e2e59d4cb9a9823", status: StatusUnknown, reason: "digest-only"},
		{ref: "scratch", status: StatusUnknown, reason: "scratch"},
		{ref: "${BASE}", status: StatusUnknown, reason: "unresolved variable"},
		{ref: "python:${V}-slim", status: StatusUnknown, product: "python", reason: "unresolved variable"},
		{ref: "ghcr.io/acme/app:1", status: StatusUnknown, reason: "no end-of-life data for ghcr.io/acme/app"},
		{ref: "ubuntu:devel", status: StatusUnknown, product: "ubuntu", cycle: "26.10", reason: "ubuntu 26.10 is not in the end-of-life data"},
		{ref: "gcr.io/distroless/static", status: StatusUnknown, product: "debian"},
		{ref: "public.ecr.aws/lambda/provided:al2023", status: StatusSupported, product: "aws-lambda", cycle: "provided.al2023"},
		{ref: "registry.access.redhat.com/ubi9/ruby-33", status: StatusSupported, product: "ruby", cycle: "3.3"},
		{ref: "mcr.microsoft.com/windows/servercore:10.0.17763.1234", status: StatusSupported, product: "windows-server-core", cycle: "2019"},
		{ref: "mcr.microsoft.com/mssql/server:2022-CU12-ubuntu-22.04", status: StatusSupported, product: "mssqlserver", cycle: "16.0"},
		{ref: "gradle:jdk21-corretto", status: StatusSupported, product: "gradle", cycle: "9"},
		{ref: "jenkins:2.60", status: StatusDeprecatedImage, replacement: "jenkins/jenkins"},
		{ref: "bitnami/node:20", status: StatusEOL, product: "nodejs", cycle: "20"},
		{ref: "sonarqube:10-developer", status: StatusEOL, product: "sonarqube-server", retired: true},
	}
	for _, tt := range tests {
		t.Run(tt.ref, func(t *testing.T) {
			r, err := Parse(tt.ref)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			v := Lifecycle(r, casesDate, tt.soonDays)
			if v.Status != tt.status {
				t.Errorf("Status = %s, want %s (%s; %v)", v.Status, tt.status, v.Reason, sortedMatchStrings(v.Matches))
			}
			if tt.product != "" && v.Product != tt.product {
				t.Errorf("Product = %q, want %q", v.Product, tt.product)
			}
			if tt.cycle != "" && v.Cycle != tt.cycle {
				t.Errorf("Cycle = %q, want %q", v.Cycle, tt.cycle)
			}
			if tt.eolDate != "" && v.EOLDate.Format(time.DateOnly) != tt.eolDate {
				t.Errorf("EOLDate = %s, want %s", v.EOLDate.Format(time.DateOnly), tt.eolDate)
			}
			if !strings.Contains(v.Reason, tt.reason) {
				t.Errorf("Reason = %q, want it to contain %q", v.Reason, tt.reason)
			}
			if !strings.Contains(v.Replacement, tt.replacement) {
				t.Errorf("Replacement = %q, want it to contain %q", v.Replacement, tt.replacement)
			}
			if !strings.Contains(v.Notice, tt.notice) {
				t.Errorf("Notice = %q, want it to contain %q", v.Notice, tt.notice)
			}
			if v.Retired != tt.retired {
				t.Errorf("Retired = %v, want %v", v.Retired, tt.retired)
			}
			for _, m := range v.Matches {
				if m.Known && m.Kind != KindDeprecated && m.ProductTitle == "" {
					t.Errorf("match %s has no product title", m)
				}
			}
		})
	}
}

func TestMatchString(t *testing.T) {
	tests := []struct {
		m    Match
		want string
	}{
		{Match{Product: "python", Cycle: "3.12", Known: true}, "python:3.12"},
		{Match{Product: "python", Cycle: "3.15"}, "python:3.15?"},
		{Match{Product: "debian"}, "debian:?"},
		{Match{Kind: KindDeprecated, Product: DeprecatedProduct, Cycle: "openjdk"}, "deprecated-image:openjdk"},
	}
	for _, tt := range tests {
		if got := tt.m.String(); got != tt.want {
			t.Errorf("String() = %q, want %q", got, tt.want)
		}
	}
}

func BenchmarkLifecycle(b *testing.B) {
	cases := readCases(b, filepath.Join("testdata", "cases.tsv"))
	refs := make([]Ref, 0, len(cases))
	for _, c := range cases {
		r, err := Parse(c.ref)
		if err != nil {
			b.Fatalf("Parse(%q): %v", c.ref, err)
		}
		refs = append(refs, r)
	}
	if _, err := data(); err != nil { // load outside the timer
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, r := range refs {
			_ = Lifecycle(r, casesDate, 90)
		}
	}
	b.ReportMetric(float64(b.N*len(refs))/b.Elapsed().Seconds(), "refs/s")
}

func BenchmarkParse(b *testing.B) {
	cases := readCases(b, filepath.Join("testdata", "cases.tsv"))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		for _, c := range cases {
			_, _ = Parse(c.ref)
		}
	}
	b.ReportMetric(float64(b.N*len(cases))/b.Elapsed().Seconds(), "refs/s")
}

// BenchmarkLoad measures the one-time cost of parsing the embedded data.
func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := load(); err != nil {
			b.Fatal(err)
		}
	}
}
