package github

import (
	"context"
	"io/fs"
	"testing"

	"github.com/stevedore-dev/stevedore/internal/diff"
	"github.com/stevedore-dev/stevedore/internal/githubtest"
)

func TestFetcherTrees(t *testing.T) {
	const (
		baseDockerfile = "FROM alpine:3.19\nRUN apk add curl\nUSER app\nCMD [\"app\"]\nEXPOSE 80\nLABEL a=b\nLABEL c=d\nLABEL e=f\nHEALTHCHECK NONE\n"
		headDockerfile = "FROM alpine:3.19\nRUN apk add curl\nCMD [\"app\"]\nEXPOSE 80\nLABEL a=b\nLABEL c=d\nLABEL e=f\nHEALTHCHECK NONE\nLABEL g=h\n"
		baseKube       = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n"
		headKube       = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web2\n"
	)
	s := githubtest.New(t)
	s.AddToken(token, githubtest.Token{})
	for p, c := range map[string]string{"Dockerfile": baseDockerfile, "old.Dockerfile": "FROM scratch\n", "k8s/old.yaml": baseKube, ".stevedore.yml": "version: 1\n"} {
		s.SetContent(repoName, baseSHA, p, c)
	}
	for p, c := range map[string]string{"Dockerfile": headDockerfile, "app/Dockerfile": "FROM node:20\nUSER node\n", "k8s/deploy.yaml": headKube, ".dockerignore": ".env\n", "notes.yaml": "a: 1\n", "README.md": "x\n"} {
		s.SetContent(repoName, headSHA, p, c)
	}
	s.AddPR(repoName, githubtest.PR{Number: 3, HeadSHA: headSHA, BaseSHA: baseSHA, Files: []githubtest.PRFile{
		{Filename: "Dockerfile", Patch: "@@ -1,5 +1,4 @@\n FROM alpine:3.19\n RUN apk add curl\n-USER app\n CMD [\"app\"]\n EXPOSE 80\n@@ -7,3 +6,4 @@ LABEL a=b\n LABEL c=d\n LABEL e=f\n HEALTHCHECK NONE\n+LABEL g=h"},
		{Filename: "app/Dockerfile", Status: "added", Patch: "@@ -0,0 +1,2 @@\n+FROM node:20\n+USER node"},
		{Filename: "old.Dockerfile", Status: "removed", Patch: "@@ -1 +0,0 @@\n-FROM scratch"},
		{Filename: "k8s/deploy.yaml", PreviousFilename: "k8s/old.yaml", Status: "renamed", Patch: "@@ -1,4 +1,4 @@\n apiVersion: v1\n kind: Pod\n metadata:\n-  name: web\n+  name: web2"},
		{Filename: "notes.yaml", Status: "added", Patch: "@@ -0,0 +1 @@\n+a: 1"},
		{Filename: "README.md", Patch: "@@ -1 +1 @@\n-y\n+x"},
		{Filename: "../evil/Dockerfile", Status: "added", Patch: "@@ -0,0 +1 @@\n+FROM x"},
	}})
	f := &Fetcher{Client: s.Client(token)}
	base, head, diffs, err := f.TreesAt(context.Background(), "octo-org", "app", 3, Refs{BaseSHA: baseSHA, HeadSHA: headSHA})
	if err != nil {
		t.Fatal(err)
	}
	want := func(fsys fs.FS, p, content string) {
		t.Helper()
		data, err := fs.ReadFile(fsys, p)
		if content == "" {
			if err == nil {
				t.Errorf("%s should be absent", p)
			}
			return
		}
		if err != nil || string(data) != content {
			t.Errorf("%s = %q, %v; want %q", p, data, err, content)
		}
	}
	want(head, "Dockerfile", headDockerfile)
	want(base, "Dockerfile", baseDockerfile)
	want(head, "app/Dockerfile", "FROM node:20\nUSER node\n")
	want(base, "app/Dockerfile", "")
	want(base, "old.Dockerfile", "FROM scratch\n")
	want(head, "k8s/deploy.yaml", headKube)
	want(base, "k8s/old.yaml", baseKube)
	want(head, ".dockerignore", ".env\n")
	want(base, ".dockerignore", ".env\n")
	want(base, ".stevedore.yml", "version: 1\n")
	want(head, ".stevedore.yml", "version: 1\n")
	want(head, "notes.yaml", "")
	want(head, "README.md", "")
	if len(diffs) != 7 || diffs[3].Status != diff.StatusRenamed || diffs[3].OldPath != "k8s/old.yaml" {
		t.Errorf("diffs: %d, rename %+v", len(diffs), diffs[3])
	}
	c := s.Calls()
	// Container files changed: Dockerfile, app/Dockerfile, old.Dockerfile,
	// k8s/deploy.yaml (notes.yaml is fetched to be sniffed).
	t.Logf("fetch reads: %d (%v)", c.Reads, c.ByOp)
	if bound := 3 + 2*4; c.Reads > bound || c.Reads != f.Reads || c.Writes != 0 {
		t.Errorf("reads %d (fetcher counted %d), bound %d, writes %d", c.Reads, f.Reads, bound, c.Writes)
	}
}

func TestReverseApplyMismatchFallsBack(t *testing.T) {
	d, err := diff.ParsePatch("a", "a", "@@ -1,2 +1,2 @@\n-x\n+y\n z")
	if err != nil {
		t.Fatal(err)
	}
	if got, ok := reverseApply([]byte("y\nz\n"), d); !ok || string(got) != "x\nz\n" {
		t.Errorf("reverseApply = %q %v", got, ok)
	}
	if _, ok := reverseApply([]byte("q\nz\n"), d); ok {
		t.Error("a head that does not match the patch must fail")
	}
}
