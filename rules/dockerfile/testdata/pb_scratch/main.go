package main

import (
	"fmt"
	"time"

	"github.com/stevedore-dev/stevedore/internal/dockerfile"
	"github.com/stevedore-dev/stevedore/internal/imagecheck"
)

func main() {
	today := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	imagecheck.Judge("python:3.12", imagecheck.Settings{Today: today, SoonDays: 90})
	refs := []string{"python:3.12-slim", "node:22-alpine", "golang:1.24", "ghcr.io/acme/app:1.0", "ubuntu:24.04"}
	n := 20000
	t := time.Now()
	for i := 0; i < n; i++ {
		imagecheck.Judge(refs[i%len(refs)], imagecheck.Settings{Today: today, SoonDays: 90})
	}
	fmt.Println("judge", time.Since(t)/time.Duration(n))
	for _, src := range []string{"ARG BASE=\nFROM ${BASE}\n", "ARG BASE\nFROM ${BASE}\n", "FROM ${NOPE}\n", "FROM base-${TARGETARCH}\n", "ARG V=3.12\nFROM python:${V}-slim\n", "ARG V\nFROM python:${V:-3.12}\n", "FROM alpine:3.20 AS a\nFROM a\n"} {
		f, err := dockerfile.Parse("Dockerfile", []byte(src), dockerfile.Options{})
		if err != nil {
			fmt.Printf("%q err %v\n", src, err)
			continue
		}
		for _, s := range f.Stages {
			fmt.Printf("%q raw=%q base=%q unres=%v\n", src, s.BaseRaw, s.Base, s.BaseUnresolved)
		}
		for _, w := range f.Warnings {
			fmt.Printf("   warn %s %s\n", w.RuleName, w.Message)
		}
	}
}
