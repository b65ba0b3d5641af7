package source

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stevedore-dev/stevedore/internal/testenv"
)

const composeYAML = "services:\n  web:\n    image: nginx\n"
const kubeYAML = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n"

func TestClassifyName(t *testing.T) {
	tests := []struct {
		name string
		want Kind
	}{
		{"Dockerfile", KindDockerfile},
		{"dockerfile", KindDockerfile},
		{"Containerfile", KindDockerfile},
		{"Dockerfile.prod", KindDockerfile},
		{"Dockerfile.alpine-icu", KindDockerfile},
		{"DOCKERFILE.dev", KindDockerfile},
		{"api.Dockerfile", KindDockerfile},
		{"api.dockerfile", KindDockerfile},
		{"api.containerfile", KindDockerfile},
		{"Dockerfile-WINDOWS_LTSC2019", KindDockerfile},
		{"Dockerfile_arm", KindDockerfile},
		{"Dockerfile-", ""},
		{"Dockerfiles", ""},
		{"Dockerfile.md", ""},
		{"Dockerfile-notes.txt", ""},
		{"Dockerfile.template", ""},
		{"Dockerfile.", ""},
		{".dockerfile", ""},
		{"Dockerfile.dockerignore", KindDockerignore},
		{"api.Dockerfile.dockerignore", KindDockerignore},
		{".dockerignore", KindDockerignore},
		{"compose.yaml", KindCompose},
		{"compose.yml", KindCompose},
		{"compose.prod.yaml", KindCompose},
		{"docker-compose.yml", KindCompose},
		{"docker-compose.override.yaml", KindCompose},
		{"docker-compose-dev.yml", KindCompose},
		{"docker-compose.md", ""},
		{"deployment.yaml", ""},
		{"main.go", ""},
		{"MyDockerfile", ""},
	}
	for _, tt := range tests {
		if got := ClassifyName(tt.name); got != tt.want {
			t.Errorf("ClassifyName(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestSniff(t *testing.T) {
	tests := []struct {
		name, content string
		want          Kind
	}{
		{"pod", kubeYAML, KindKubernetes},
		{"quoted keys", "\"apiVersion\": v1\n'kind': Service\n", KindKubernetes},
		{"second document", "foo: bar\n---\n# c\napiVersion: apps/v1\nkind: Deployment\n", KindKubernetes},
		{"split across documents", "apiVersion: v1\n---\nkind: Pod\n", ""},
		{"helm template", "{{- if .Values.enabled }}\napiVersion: v1\nkind: {{ .Values.kind }}\n{{- end }}\n", KindKubernetes},
		{"chart", "apiVersion: v2\nname: chart\nversion: 1.0.0\n", ""},
		{"nested apiVersion", "spec:\n  apiVersion: v1\n  kind: Pod\n", ""},
		{"compose image", composeYAML, KindCompose},
		{"compose build crlf", "version: '3'\r\nservices:\r\n  app:\r\n    build: .\r\n", KindCompose},
		{"compose tabs comments", "services:\n  # web\n  web:\n\n    ports: [80]\n    build:\n      context: .\n", KindCompose},
		{"services without image", "services:\n  web:\n    ports: [80]\nimage: x\n", ""},
		{"services list", "services:\n  - image: x\n", ""},
		{"github workflow", "on: push\njobs:\n  build:\n    services:\n      db:\n        image: postgres\n", ""},
		{"empty", "", ""},
		{"url key", "apiVersion:v1\nkind: Pod\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Sniff([]byte(tt.content)); got != tt.want {
				t.Errorf("Sniff = %q, want %q", got, tt.want)
			}
		})
	}
}

func paths(files []File) []string {
	var out []string
	for _, f := range files {
		out = append(out, string(f.Kind)+" "+f.Path)
	}
	return out
}

func testFS() fstest.MapFS {
	f := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	return fstest.MapFS{
		"Dockerfile":                               f("FROM x\n"),
		"README.md":                                f("# hi\n"),
		".dockerignore":                            f("*\n"),
		"compose.yaml":                             f(composeYAML),
		"deploy/app.yaml":                          f(kubeYAML),
		"deploy/values.yaml":                       f("replicas: 2\n"),
		"deploy/svc.YML":                           f(kubeYAML),
		"deploy/chart/templates/d.yaml":            f("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n"),
		"stack.yml":                                f(composeYAML),
		".devcontainer/Dockerfile":                 f("FROM x\n"),
		".devcontainer/docker-compose.yml":         f(composeYAML),
		".github/workflows/ci.yml":                 f("on: push\n"),
		".git/Dockerfile":                          f("FROM x\n"),
		"vendor/github.com/x/Dockerfile":           f("FROM x\n"),
		"web/node_modules/pkg/Dockerfile":          f("FROM x\n"),
		"services/api/api.Dockerfile":              f("FROM x\n"),
		"services/api/api.Dockerfile.dockerignore": f("x\n"),
		"services/api/Dockerfile.md":               f("docs\n"),
		"testdata/big/Dockerfile":                  f("FROM x\n"),
	}
}

func TestDiscover(t *testing.T) {
	tests := []struct {
		name string
		opts Options
		want []string
	}{
		{"everything", Options{}, []string{
			"dockerfile .devcontainer/Dockerfile",
			"compose .devcontainer/docker-compose.yml",
			"dockerignore .dockerignore",
			"dockerfile Dockerfile",
			"compose compose.yaml",
			"kubernetes deploy/app.yaml",
			"kubernetes deploy/chart/templates/d.yaml",
			"kubernetes deploy/svc.YML",
			"dockerfile services/api/api.Dockerfile",
			"dockerignore services/api/api.Dockerfile.dockerignore",
			"compose stack.yml",
			"dockerfile testdata/big/Dockerfile",
		}},
		{"paths and single file", Options{Paths: []string{"deploy", "./Dockerfile", "vendor"}}, []string{
			"dockerfile Dockerfile",
			"kubernetes deploy/app.yaml",
			"kubernetes deploy/chart/templates/d.yaml",
			"kubernetes deploy/svc.YML",
			"dockerfile vendor/github.com/x/Dockerfile",
		}},
		{"exclude", Options{Exclude: []string{"# comment", "testdata/", "*.YML", "chart", "/.devcontainer", "**/*.dockerignore", "!services/api/*.dockerignore"}}, []string{
			"dockerfile Dockerfile",
			"compose compose.yaml",
			"kubernetes deploy/app.yaml",
			"dockerfile services/api/api.Dockerfile",
			"dockerignore services/api/api.Dockerfile.dockerignore",
			"compose stack.yml",
		}},
		{"tiny sniff limit", Options{Paths: []string{"deploy"}, SniffLimit: 10}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Discover(testFS(), tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(paths(got), tt.want) {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(paths(got), "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestDiscoverSizes(t *testing.T) {
	got, err := Discover(testFS(), Options{Paths: []string{"compose.yaml"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Size != int64(len(composeYAML)) {
		t.Fatalf("got %+v", got)
	}
}

func TestDiscoverErrors(t *testing.T) {
	for _, opts := range []Options{
		{Paths: []string{"../x"}},
		{Paths: []string{"/etc"}},
		{Paths: []string{"missing"}},
		{Exclude: []string{"[z-a"}},
	} {
		if _, err := Discover(testFS(), opts); err == nil {
			t.Errorf("Discover(%+v): want error", opts)
		}
	}
}

func TestDiscoverMapFSLinks(t *testing.T) {
	link := func(target string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte(target), Mode: fs.ModeSymlink}
	}
	fsys := fstest.MapFS{
		"base/Dockerfile":  {Data: []byte("FROM x\n")},
		"app/base":         link("../base"),
		"app/Dockerfile":   link("../base/Dockerfile"),
		"app/loop":         link("../app"),
		"app/escape":       link("../../etc"),
		"app/abs":          link("/etc/passwd.Dockerfile"),
		"app/dangling":     link("nothing/Dockerfile"),
		"app/x.Dockerfile": link("x.Dockerfile"),
	}
	got, err := Discover(fsys, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"dockerfile base/Dockerfile"}
	if !reflect.DeepEqual(paths(got), want) {
		t.Errorf("got %q, want %q", paths(got), want)
	}
	// Walking only app/ reaches base/ through the link, once.
	got, err = Discover(fsys, Options{Paths: []string{"app"}})
	if err != nil {
		t.Fatal(err)
	}
	want = []string{"dockerfile app/Dockerfile"}
	if !reflect.DeepEqual(paths(got), want) {
		t.Errorf("app: got %q, want %q", paths(got), want)
	}
}

func TestDiscoverDirSymlinks(t *testing.T) {
	outside := t.TempDir()
	root := t.TempDir()
	write := func(p, s string) {
		t.Helper()
		p = filepath.Join(root, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	symlink := func(target, p string) {
		t.Helper()
		if err := os.Symlink(target, filepath.Join(root, filepath.FromSlash(p))); err != nil {
			t.Skipf("symlinks unavailable: %v", err)
		}
	}
	if err := os.WriteFile(filepath.Join(outside, "Dockerfile"), []byte("FROM x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	write("shared/Dockerfile", "FROM x\n")
	write("svc/compose.yaml", composeYAML)
	write("svc/deploy.yaml", kubeYAML)
	symlink(outside, "svc/out")                                     // folder outside root
	symlink(filepath.Join(outside, "Dockerfile"), "svc/Dockerfile") // file outside root
	symlink("../shared", "svc/shared")                              // folder inside root
	symlink(filepath.Join(root, "svc", "deploy.yaml"), "svc/k8s.yaml")
	symlink("..", "svc/up")             // loop back to root
	symlink("loop2", "svc/loop1")       // link loop
	symlink("loop1", "svc/loop2")       //
	symlink("gone", "svc/x.Dockerfile") // dangling

	got, err := DiscoverDir(root, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"dockerfile shared/Dockerfile",
		"compose svc/compose.yaml",
		"kubernetes svc/deploy.yaml",
	}
	if !reflect.DeepEqual(paths(got), want) {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(paths(got), "\n"), strings.Join(want, "\n"))
	}

	got, err = DiscoverDir(root, Options{Paths: []string{"svc"}})
	if err != nil {
		t.Fatal(err)
	}
	want = []string{
		"compose svc/compose.yaml",
		"kubernetes svc/deploy.yaml",
		"dockerfile svc/shared/Dockerfile",
	}
	if !reflect.DeepEqual(paths(got), want) {
		t.Errorf("svc: got\n%s\nwant\n%s", strings.Join(paths(got), "\n"), strings.Join(want, "\n"))
	}

	// The root itself may be reached through a link.
	linkedRoot := filepath.Join(t.TempDir(), "r")
	if err := os.Symlink(root, linkedRoot); err != nil {
		t.Skip(err)
	}
	got, err = DiscoverDir(linkedRoot, Options{Paths: []string{"shared"}})
	if err != nil || len(got) != 1 {
		t.Errorf("linked root: %v %v", paths(got), err)
	}
}

func TestRead(t *testing.T) {
	fsys := fstest.MapFS{
		"small": {Data: []byte("hello")},
		"big":   {Data: make([]byte, 3<<20+100<<10)},
	}
	b, err := Read(fsys, "small", 0)
	if err != nil || string(b) != "hello" {
		t.Fatalf("small: %q %v", b, err)
	}
	_, err = Read(fsys, "big", 0)
	var tl *TooLargeError
	if !errors.As(err, &tl) || tl.Limit != MaxFileSize || tl.Size != 3<<20+100<<10 {
		t.Fatalf("big: %v", err)
	}
	if got, want := err.Error(), "big is 3.1 MiB, over the 2 MiB limit; skipped"; got != want {
		t.Errorf("message %q, want %q", got, want)
	}
	if _, err := Read(fsys, "small", 4); !errors.As(err, &tl) {
		t.Errorf("limit 4: %v", err)
	}
	if _, err := Read(fsys, "missing", 0); err == nil || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing: %v", err)
	}
}

// lyingFS reports a size of 1 for every file.
type lyingFS struct{ fstest.MapFS }

type lyingFile struct{ fs.File }
type lyingInfo struct{ fs.FileInfo }

func (l lyingFS) Open(name string) (fs.File, error) {
	f, err := l.MapFS.Open(name)
	return lyingFile{f}, err
}
func (f lyingFile) Stat() (fs.FileInfo, error) {
	i, err := f.File.Stat()
	return lyingInfo{i}, err
}
func (lyingInfo) Size() int64 { return 1 }

func TestReadGuardsWhileReading(t *testing.T) {
	fsys := lyingFS{fstest.MapFS{"f": {Data: make([]byte, 100)}}}
	_, err := Read(fsys, "f", 10)
	var tl *TooLargeError
	if !errors.As(err, &tl) {
		t.Fatalf("want TooLargeError, got %v", err)
	}
	b, err := Read(fsys, "f", 100)
	if err != nil || len(b) != 100 {
		t.Fatalf("exact limit: %d %v", len(b), err)
	}
}

func BenchmarkDiscoverCorpus(b *testing.B) {
	corpus := testenv.Shared(b, "corpus")
	var n int
	for b.Loop() {
		files, err := DiscoverDir(corpus, Options{})
		if err != nil {
			b.Fatal(err)
		}
		n = len(files)
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "files/s")
	b.ReportMetric(float64(n), "files")
}

func TestClassifyNameSkipsCodeAboutDockerfiles(t *testing.T) {
	for name, want := range map[string]Kind{
		"dockerfile.go": "", "dockerfile_test.go": "", "Dockerfile.py": "", "dockerfile-parser.js": "",
		"Dockerfile.dev": KindDockerfile, "Dockerfile_arm": KindDockerfile, "Dockerfile-windows": KindDockerfile,
		"app.Dockerfile": KindDockerfile, "dockerfile.prod": KindDockerfile,
	} {
		if got := ClassifyName(name); got != want {
			t.Errorf("ClassifyName(%q) = %q, want %q", name, got, want)
		}
	}
}

// TestDiscoverFound checks that Found sees every file of the result reached
// without a link, once, and no other file.
func TestDiscoverFound(t *testing.T) {
	link := func(target string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte(target), Mode: fs.ModeSymlink}
	}
	fsys := testFS()
	fsys["linked/Dockerfile"] = link("../services/api/api.Dockerfile")
	fsys["linked/dir"] = link("../services")
	fsys["linked/own.Dockerfile"] = link("../Dockerfile.real")
	fsys["Dockerfile.real"] = &fstest.MapFile{Data: []byte("FROM x\n")}
	for _, opts := range []Options{{}, {Paths: []string{"services", "services/api/api.Dockerfile", "linked"}}} {
		var found []File
		opts.Found = func(f File) { found = append(found, f) }
		got, err := Discover(fsys, opts)
		if err != nil {
			t.Fatal(err)
		}
		var want []File
		viaLink := 0
		for _, f := range got {
			if strings.HasPrefix(f.Path, "linked/") {
				viaLink++
				continue
			}
			want = append(want, f)
		}
		if len(opts.Paths) > 0 && viaLink == 0 {
			t.Errorf("%v: no file reached through a link in %q", opts.Paths, paths(got))
		}
		sort.Slice(found, func(i, j int) bool { return found[i].Path < found[j].Path })
		if !reflect.DeepEqual(found, want) {
			t.Errorf("%v: Found saw %q, want %q", opts.Paths, paths(found), paths(want))
		}
	}
}

func TestSniffedKubeconfigNames(t *testing.T) {
	tests := map[string]bool{
		"deploy/app.yaml": true, "kubeconfig": true, "ci/prod.kubeconfig": true, "kubeconfig.prod": true,
		"home/.kube/config": true, "kubeconfig.md": false, "kubeconfig.go": false, "config": false,
		"app/config": false, "Dockerfile": false,
	}
	for p, want := range tests {
		if got := Sniffed(p); got != want {
			t.Errorf("Sniffed(%q) = %v, want %v", p, got, want)
		}
	}
	fsys := fstest.MapFS{
		"ci/kubeconfig":     {Data: []byte("apiVersion: v1\nkind: Config\nusers: []\n")},
		"home/.kube/config": {Data: []byte("apiVersion: v1\nkind: Config\n")},
		"app/config":        {Data: []byte("apiVersion: v1\nkind: Config\n")},
		"kubeconfig.md":     {Data: []byte("apiVersion: v1\nkind: Config\n")},
	}
	got, err := Discover(fsys, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"kubernetes ci/kubeconfig", "kubernetes home/.kube/config"}
	if !reflect.DeepEqual(paths(got), want) {
		t.Errorf("got %v, want %v", paths(got), want)
	}
}
