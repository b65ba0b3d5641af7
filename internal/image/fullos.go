package image

import (
	"strings"
)

// fullImage describes a full OS or full language image and how to suggest a
// smaller base for a final stage.
type fullImage struct {
	// slim lists tag tokens that already select a small variant.
	slim []string
	// suggest builds the suggestion from the version part of the tag ("" when
	// the tag has none) and the tag itself.
	suggest func(version, tag string) string
}

// smallTokens select small variants of almost every image.
var smallTokens = []string{"slim", "alpine", "minimal", "micro", "chiseled", "distroless"}

const distrolessBase = "gcr.io/distroless/base-debian13"

// fullImages is keyed by Docker Official Image name.
var fullImages = map[string]fullImage{
	"ubuntu": {suggest: func(string, string) string {
		return distrolessBase + " (or gcr.io/distroless/static-debian13 for static binaries)"
	}},
	"debian": {suggest: func(v, tag string) string {
		return "debian:" + orDefault(firstToken(tag), "stable") + "-slim or " + distrolessBase
	}},
	"buildpack-deps": {suggest: func(v, tag string) string {
		return "debian:stable-slim or " + distrolessBase + " (buildpack-deps is a build image)"
	}},
	"centos": {suggest: func(string, string) string {
		return "almalinux:9-minimal or rockylinux/rockylinux:9-minimal (CentOS Linux is end of life)"
	}},
	"fedora": {suggest: func(v, _ string) string {
		return "registry.fedoraproject.org/fedora-minimal" + colon(v)
	}},
	"rockylinux": {suggest: func(v, _ string) string { return "rockylinux/rockylinux:" + orDefault(v, "9") + "-minimal" }},
	"almalinux":  {suggest: func(v, _ string) string { return "almalinux:" + orDefault(v, "9") + "-minimal" }},
	"amazonlinux": {suggest: func(string, string) string {
		return "amazonlinux:2023-minimal or " + distrolessBase
	}},
	"oraclelinux": {suggest: func(v, _ string) string { return "oraclelinux:" + orDefault(v, "9") + "-slim" }},
	"python": {suggest: func(v, _ string) string {
		return "python:" + withSuffix(v, "slim") + " or gcr.io/distroless/python3-debian13"
	}},
	"node": {suggest: func(v, _ string) string {
		major, _, _ := strings.Cut(v, ".")
		if major == "" || major[0] < '0' || major[0] > '9' {
			return "node:" + withSuffix(v, "slim") + " or a gcr.io/distroless/nodejs image"
		}
		return "node:" + withSuffix(v, "slim") + " or gcr.io/distroless/nodejs" + major + "-debian13"
	}},
	"ruby": {suggest: func(v, _ string) string {
		return "ruby:" + withSuffix(v, "slim") + " or ruby:" + withSuffix(v, "alpine")
	}},
	"perl": {suggest: func(v, _ string) string { return "perl:" + withSuffix(v, "slim") }},
	"php": {suggest: func(v, _ string) string {
		return "php:" + withSuffix(v, "fpm-alpine") + " or php:" + withSuffix(v, "cli-alpine")
	}},
	"golang": {suggest: func(string, string) string {
		return "gcr.io/distroless/static-debian13 with the compiled binary copied in (the Go toolchain is not needed at run time)"
	}},
	"rust": {suggest: func(string, string) string {
		return "gcr.io/distroless/cc-debian13 with the compiled binary copied in"
	}},
	"gcc": {suggest: func(string, string) string {
		return "gcr.io/distroless/cc-debian13 with the compiled binary copied in"
	}},
	"openjdk": {slim: []string{"jre"}, suggest: func(v, _ string) string {
		return "eclipse-temurin:" + withSuffix(v, "jre") + " or gcr.io/distroless/java" + orDefault(leadingInt.FindString(v), "21") + "-debian13"
	}},
	"eclipse-temurin": {slim: []string{"jre"}, suggest: func(v, _ string) string {
		return "eclipse-temurin:" + withSuffix(v, "jre") + " or gcr.io/distroless/java" + orDefault(leadingInt.FindString(v), "21") + "-debian13"
	}},
	"maven": {suggest: func(string, string) string {
		return "a JRE image such as eclipse-temurin:21-jre (Maven is only needed to build)"
	}},
	"gradle": {suggest: func(string, string) string {
		return "a JRE image such as eclipse-temurin:21-jre (Gradle is only needed to build)"
	}},
}

// FullOS reports a base that is a full OS or a full language image where a
// slim, alpine or distroless one usually serves a final stage, with a
// concrete suggestion ("python:3.12-slim or gcr.io/distroless/python3-debian13").
// Red Hat UBI standard images count too (suggesting ubi-minimal or ubi-micro).
// Windows images are not judged.
func FullOS(ref Ref) (full bool, suggestion string) {
	if ref.Scratch || ref.Variable {
		return false, ""
	}
	if ref.Registry == "registry.access.redhat.com" || ref.Registry == "registry.redhat.io" {
		m := ubiRepo.FindStringSubmatch(ref.Repository)
		if m == nil || strings.Contains(ref.Repository, "-minimal") || strings.Contains(ref.Repository, "-micro") ||
			(m[2] != "" && m[2] != "ubi" && m[2] != "ubi-init") {
			return false, ""
		}
		return true, ref.Registry + "/ubi" + m[1] + "/ubi-minimal or " + ref.Registry + "/ubi" + m[1] + "/ubi-micro"
	}
	name, ok := libraryName(ref.Registry, ref.Repository)
	if !ok {
		return false, ""
	}
	img, ok := fullImages[name]
	if !ok {
		return false, ""
	}
	for _, t := range strings.Split(ref.Tag, "-") {
		if strings.HasPrefix(t, "windowsservercore") || strings.HasPrefix(t, "nanoserver") {
			return false, ""
		}
		for _, small := range append(smallTokens, img.slim...) {
			if t == small || strings.HasPrefix(t, small) && small == "alpine" {
				return false, ""
			}
		}
	}
	return true, img.suggest(tagVersion(ref.Tag), ref.Tag)
}

// tagVersion returns the leading version of a tag ("3.12" of "3.12-bookworm"),
// or "" when it starts with a word.
func tagVersion(tag string) string {
	first := firstToken(tag)
	if first == "" || first[0] < '0' || first[0] > '9' {
		return ""
	}
	return first
}

func firstToken(tag string) string {
	first, _, _ := strings.Cut(tag, "-")
	if first == "latest" {
		return ""
	}
	return first
}

func withSuffix(version, suffix string) string {
	if version == "" {
		return suffix
	}
	return version + "-" + suffix
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func colon(v string) string {
	if v == "" {
		return ""
	}
	return ":" + v
}
