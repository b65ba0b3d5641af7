package review

import (
	"context"
	"fmt"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stevedore-dev/stevedore/internal/config"
	"github.com/stevedore-dev/stevedore/internal/engine"
)

// benchTrees builds a 300-file change: 20 Dockerfiles, 15 Compose files
// and 15 Kubernetes manifests (50 container files) and 250 other files,
// every one of them modified by the head side.
func benchTrees() (base, head fstest.MapFS) {
	base, head = fstest.MapFS{}, fstest.MapFS{}
	put := func(p, b, h string) {
		base[p] = &fstest.MapFile{Data: []byte(b)}
		head[p] = &fstest.MapFile{Data: []byte(h)}
	}
	for i := range 20 {
		put(fmt.Sprintf("svc%02d/Dockerfile", i),
			fmt.Sprintf("FROM golang:1.23 AS build\nRUN go build -o /app ./...\nFROM alpine:3.21\nCOPY --from=build /app /app\nEXPOSE %d\nUSER app\nCMD [\"/app\"]\n", 8000+i),
			fmt.Sprintf("FROM golang:1.23 AS build\nRUN go build -o /app ./...\nFROM alpine:3.21\nRUN apt-get install -y curl\nCOPY --from=build /app /app\nEXPOSE %d\nCMD [\"/app\"]\n", 8000+i))
		put(fmt.Sprintf("svc%02d/.dockerignore", i), ".git\n", ".git\n")
	}
	for i := range 15 {
		svc := "services:\n  web:\n    image: nginx:1.27\n    read_only: true\n    ports:\n      - \"8080:80\"\n  db:\n    image: postgres:17\n"
		put(fmt.Sprintf("stack%02d/compose.yaml", i), svc, svc+"    privileged: true\n    network_mode: host\n")
	}
	for i := range 15 {
		dep := "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web%d\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: nginx:1.27\n          securityContext:\n            runAsNonRoot: true\n%s"
		put(fmt.Sprintf("k8s/app%02d.yaml", i), fmt.Sprintf(dep, i, ""), fmt.Sprintf(dep, i, "            privileged: true\n"))
	}
	for i := range 250 {
		put(fmt.Sprintf("src/pkg%02d/file%03d.go", i%25, i), fmt.Sprintf("package p\n\nconst v = %d\n", i), fmt.Sprintf("package p\n\nconst v = %d\n", i+1))
	}
	return base, head
}

// benchRequest is the review of benchTrees' change, diffs computed.
func benchRequest(b *testing.B) Request {
	b.Helper()
	base, head := benchTrees()
	diffs, err := CompareTrees(base, head)
	if err != nil {
		b.Fatal(err)
	}
	return Request{Base: base, Head: head, Diffs: diffs, Catalogue: benchCatalogue(),
		Options: engine.Options{Today: time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)}}
}

// BenchmarkReview reviews the 300-file change (diffs computed once, outside
// the timer). The budget is one second of compute on two cores.
func BenchmarkReview(b *testing.B) {
	req := benchRequest(b)
	for b.Loop() {
		rv, err := Run(context.Background(), req)
		if err != nil {
			b.Fatal(err)
		}
		if len(rv.Files) < 50 {
			b.Fatalf("analysed %d files, want at least 50", len(rv.Files))
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/op")
	b.ReportMetric(float64(300*b.N)/b.Elapsed().Seconds(), "files/s")
}

// BenchmarkCompareTrees measures the git-less diff of the same change.
func BenchmarkCompareTrees(b *testing.B) {
	base, head := benchTrees()
	for b.Loop() {
		if _, err := CompareTrees(base, head); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkScanSide measures one side's scan of the 50 container files:
// the most a cache shared by identical base and head files could save
// per review (when every selected file is unchanged on one side).
func BenchmarkScanSide(b *testing.B) {
	req := benchRequest(b)
	cfg := config.Default()
	sel := selectFiles(req.Base, req.Head, req.Diffs, cfg)
	headFiles := sel.sideFiles(false)
	for b.Loop() {
		if _, err := scanSide(context.Background(), req, cfg, req.Head, headFiles); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/op")
}
