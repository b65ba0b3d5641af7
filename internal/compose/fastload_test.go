package compose

import (
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/compose-spec/compose-go/v2/types"

	"github.com/stevedore-dev/stevedore/internal/testenv"
)

// TestFastPathMatchesCompose loads every Compose file of the shared corpus,
// of the KICS samples and of testdata twice, with the fast path and with
// compose-go's full loader, and requires the same outcome: the same error,
// or the same model (every service field, networks, volumes, secrets,
// configs, extensions).
func TestFastPathMatchesCompose(t *testing.T) {
	type source struct {
		fsys  fstest.MapFS
		files []string
	}
	var sources []source
	add := func(root, sub string) {
		files := corpusFiles(t, root, sub)
		src := source{fsys: fstest.MapFS{}}
		err := filepath.WalkDir(filepath.Join(root, sub), func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(root, p)
			src.fsys[filepath.ToSlash(rel)] = &fstest.MapFile{Data: data}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if strings.HasSuffix(f, ".json") && !LooksLikeCompose(src.fsys[f].Data) {
				continue
			}
			src.files = append(src.files, f)
		}
		sources = append(sources, src)
	}
	add("testdata", ".")
	sources = append(sources, source{fsys: trickyFiles, files: slices.Sorted(maps.Keys(trickyFiles))})
	if shared, ok := testenv.LookupShared(t); ok {
		add(shared, "corpus/compose")
		add(shared, "conformance/kics/dockerCompose")
	} else {
		t.Log("shared data absent: comparing on testdata only")
	}
	compared, failedBoth, fastUsed := 0, 0, 0
	for _, src := range sources {
		for _, f := range src.files {
			dir := filepath.ToSlash(filepath.Dir(f))
			fast, fastErr := Load(src.fsys, dir, []string{f}, Options{})
			full, fullErr := Load(src.fsys, dir, []string{f}, Options{fullPath: true})
			if (fastErr == nil) != (fullErr == nil) || (fastErr != nil && fastErr.Error() != fullErr.Error()) {
				t.Errorf("%s: fast err %v, full err %v", f, fastErr, fullErr)
				continue
			}
			if fastErr != nil {
				failedBoth++
				continue
			}
			compared++
			if fast.fast {
				fastUsed++
			}
			compareProjects(t, f, fast, full)
		}
	}
	t.Logf("%d files compared (%d on the fast path), %d failing on both paths", compared, fastUsed, failedBoth)
	if fastUsed < compared*3/4 {
		t.Errorf("only %d of %d files took the fast path", fastUsed, compared)
	}
}

func compareProjects(t *testing.T, file string, fast, full *Project) {
	t.Helper()
	if fast.Name != full.Name || len(fast.Services) != len(full.Services) {
		t.Errorf("%s: name %q/%q, %d/%d services", file, fast.Name, full.Name, len(fast.Services), len(full.Services))
		return
	}
	for i, s := range fast.Services {
		want := full.Services[i]
		if s.Name != want.Name {
			t.Errorf("%s: service %d named %q, want %q", file, i, s.Name, want.Name)
			continue
		}
		if !reflect.DeepEqual(s.Config, want.Config) {
			t.Errorf("%s: service %s differs:\nfast %s\nfull %s", file, s.Name, jsonOf(s.Config), jsonOf(want.Config))
		}
		if !reflect.DeepEqual(s.Build, want.Build) {
			t.Errorf("%s: service %s build %+v, want %+v", file, s.Name, s.Build, want.Build)
		}
	}
	fm, wm := *fast.Model, *full.Model
	for _, m := range []*types.Project{&fm, &wm} {
		m.Services, m.DisabledServices = nil, nil
	}
	if !reflect.DeepEqual(fm, wm) {
		t.Errorf("%s: project differs:\nfast %s\nfull %s", file, jsonOf(fm), jsonOf(wm))
	}
}

func jsonOf(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return err.Error()
	}
	return string(b)
}

// trickyFiles exercise what the fast path must treat exactly like compose-go.
var trickyFiles = fstest.MapFS{
	"x/ext.yaml": {Data: []byte(`x-common: &c {image: busybox}
services:
  a.b:
    <<: *c
    x-note: {owner: me}
    depends_on: {x-db: {condition: service_started}}
    networks: [front, back]
    dns: 8.8.8.8
    labels: [a=1, a=2, b=3]
    environment: [X=1, X=2, Y]
    ports: ["80:80", "80:80", "8000-8001:9000-9001", 443]
    volumes: ["./a:/a", {type: bind, source: ./b, target: /a/}, "data:/data:ro", "/x"]
    cap_add: [NET_ADMIN, NET_ADMIN]
    ulimits: {nofile: 1024, nproc: {soft: 1, hard: 2}}
    devices: ["/dev/fuse"]
    secrets: [s]
    deploy: {labels: [l=1, l=2], resources: {limits: {cpus: "0.5", memory: 1g}}}
    build: {context: ., args: [A=1, A=2], x-ctx: 1}
    profiles: [debug]
    healthcheck: {test: "curl -f x", interval: 10s}
    mem_limit: 512m
    cpus: 1.5
    pids_limit: 100
    privileged: true
    read_only: "true"
    command: echo hi
    entrypoint: ["sh", "-c"]
    env_file: [.env.x, {path: .env.y, required: false}]
    links: [db]
    volumes_from: [db]
    network_mode: service:db
  db:
    image: postgres
    x-other: [1, 2]
networks: {front: {x-n: 1}, back: {external: true}}
volumes: {data: {}}
secrets: {s: {file: ./s.txt}}
x-top: 1
`)},
	"x/odd.yaml":   {Data: []byte("services:\n  web:\n    image: x\n    network_mode: 5\n")},
	"x/build.yaml": {Data: []byte("services:\n  web:\n    build: 5\n")},
	"x/null.yaml":  {Data: []byte("services:\n  web:\n  db:\n    image: y\n")},
	"x/case.yaml":  {Data: []byte("services:\n  web:\n    Image: x\n")},
	"x/empty.yaml": {Data: []byte("x-a: 1\n")},
	"x/list.yaml":  {Data: []byte("services:\n  web:\n    image: x\n    cap_add: []\n    dns: []\n    ports: []\n")},
}
