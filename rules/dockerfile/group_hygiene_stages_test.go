package dockerfile

import (
	"testing"

	"github.com/stevedore-dev/stevedore/internal/dockerfile"
)

func TestHygStageWords(t *testing.T) {
	src := "FROM golang AS base\nFROM base AS build\nFROM build AS test\nFROM golang AS tools\nFROM alpine AS rt\nFROM rt\nCOPY --from=build /app /app\nCOPY --from=tools /t /t\n"
	f, err := dockerfile.Parse("Dockerfile", []byte(src), dockerfile.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"in stage base (stage test, which no other stage uses, is built FROM it)",
		"in stage build (stage test, which no other stage uses, is built FROM it)",
		"in stage test (no other stage uses it, so it may be built and shipped on its own)",
		"in build stage tools",
		"in stage rt (the final stage is built FROM it)",
		"in the final stage",
	}
	for i, s := range f.Stages {
		if got := hygStageWords(f, s); got != want[i] {
			t.Errorf("stage %d: %q, want %q", i, got, want[i])
		}
	}
	if got := len(hygStages(f, true)); got != 5 {
		t.Errorf("hygStages(f, true) has %d stages, want 5", got)
	}
	tf, err := dockerfile.Parse("Dockerfile", []byte(src), dockerfile.Options{Target: "build"})
	if err != nil {
		t.Fatal(err)
	}
	if got := stageList(hygStages(tf, true)); got != "base,build" {
		t.Errorf("with --target build: %s, want base,build", got)
	}
}

func stageList(ss []*dockerfile.Stage) string {
	out := ""
	for i, s := range ss {
		if i > 0 {
			out += ","
		}
		out += s.String()
	}
	return out
}
