package dockerfile

import (
	"reflect"
	"testing"

	"github.com/moby/buildkit/frontend/dockerfile/parser"
)

// TestDirectiveFastPathMatchesBuildKit checks that skipping BuildKit's
// directive readers never changes what they would return.
func TestDirectiveFastPathMatchesBuildKit(t *testing.T) {
	inputs := []string{
		"",
		"FROM alpine\n",
		"# syntax=docker/dockerfile:1\nFROM alpine\n",
		"#SYNTAX = docker/dockerfile:1.7\nFROM alpine\n",
		"\xEF\xBB\xBF# syntax=x\nFROM a\n",
		"#!/usr/bin/env docker\n# syntax=x\nFROM a\n",
		"// syntax = x\nFROM a\n",
		"  # syntax=x\nFROM a\n",
		"# comment\n\n# syntax=x\nFROM a\n",
		"FROM a\n# syntax=x\n",
		"# check=skip=all\nFROM a\n",
		"# Check = error=true;skip=JSONArgsRecommended\nFROM a\n",
		"# escape=`\n# check=skip=all\nFROM a\n",
		"# a comment mentioning syntax and check\nFROM a\n",
		"{\"syntax\": \"docker/dockerfile:1\"}",
		"  \n{\"syntax\": \"x\"}",
		"{\"\\u0073yntax\": \"x\"}",
		"#!x\n{\"syntax\": \"x\"}",
		"# syntax=a\r\n# check=skip=all\r\nFROM a\r\n",
	}
	for _, in := range inputs {
		checkDirectiveFastPath(t, []byte(in))
	}
	t.Run("corpus", func(t *testing.T) {
		for _, cf := range loadCorpus(t) {
			checkDirectiveFastPath(t, cf.content)
		}
	})
}

func checkDirectiveFastPath(t *testing.T, content []byte) {
	t.Helper()
	head := directiveHead(content)
	wantSyntax, _, _, _ := parser.DetectSyntax(content)
	if got := detectSyntax(content, head); got != wantSyntax {
		t.Errorf("detectSyntax(%.60q) = %q, BuildKit says %q", content, got, wantSyntax)
	}
	wantRaw, _, wantLoc, _ := parser.ParseDirective("check", content)
	gotRaw, gotLoc := parseCheckDirective(content, head)
	if gotRaw != wantRaw || !reflect.DeepEqual(gotLoc, wantLoc) {
		t.Errorf("parseCheckDirective(%.60q) = %q %v, BuildKit says %q %v", content, gotRaw, gotLoc, wantRaw, wantLoc)
	}
}
