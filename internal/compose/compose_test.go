package compose

import (
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

func loadTestdata(t *testing.T, dir string, files ...string) *Project {
	t.Helper()
	p, err := Load(os.DirFS("testdata"), dir, files, Options{})
	if err != nil {
		t.Fatalf("Load(%s): %v", dir, err)
	}
	return p
}

func TestLoadBasicWithOverride(t *testing.T) {
	p := loadTestdata(t, "basic", "basic/compose.yaml", "basic/compose.override.yaml")
	if p.Name != "basic" {
		t.Errorf("Name = %q", p.Name)
	}
	if got := []string{p.Services[0].Name, p.Services[1].Name}; !slices.Equal(got, []string{"db", "web"}) {
		t.Errorf("services = %v (want every profile enabled, sorted)", got)
	}
	if !slices.Equal(p.DotEnvKeys, []string{"DB_PASSWORD", "NGINX_TAG"}) {
		t.Errorf("DotEnvKeys = %v", p.DotEnvKeys)
	}
	web := p.Service("web")
	c := web.Config
	if c.Image != "nginx:1.27" {
		t.Errorf("image = %q (want .env interpolation)", c.Image)
	}
	if c.Privileged {
		t.Error("privileged should be overridden to false")
	}
	if v := c.Environment["MISSING"]; v == nil || *v != "" {
		t.Errorf("MISSING = %v, want empty", v)
	}
	if len(c.Ports) != 4 {
		t.Errorf("ports = %d, want 4 (range expands, override appends)", len(c.Ports))
	}
	if len(c.Volumes) != 3 || c.Volumes[0].Source != "./other" {
		t.Errorf("volumes = %+v (override replaces /data in place)", c.Volumes)
	}
	b := web.Build
	if b == nil || b.Context != "basic/app" || b.Dockerfile != "basic/app/Dockerfile" || b.Target != "prod" || b.Args["TOKEN"] != "abc" {
		t.Errorf("build = %+v", b)
	}
}

func TestLoadExtends(t *testing.T) {
	p := loadTestdata(t, "extends", "extends/compose.yaml")
	web := p.Service("web").Config
	if web.Image != "alpine:3.20" || !web.ReadOnly || web.User != "1000" {
		t.Errorf("web = image %q read_only %v user %q", web.Image, web.ReadOnly, web.User)
	}
	api := p.Service("api")
	if !slices.Equal(api.Config.CapDrop, []string{"ALL"}) || api.Config.Image != "api:1" {
		t.Errorf("api cap_drop %v image %q", api.Config.CapDrop, api.Config.Image)
	}
	if api.Build == nil || api.Build.Context != "extends/common/ctx" {
		t.Errorf("api build = %+v (context relative to the extended file)", api.Build)
	}
}

func TestLoadEnvList(t *testing.T) {
	p := loadTestdata(t, "envlist", "envlist/docker-compose.yml")
	app := p.Service("app")
	if v := app.Config.Environment["DB_PASSWORD"]; v == nil || *v != "x" {
		t.Errorf("DB_PASSWORD = %v", v)
	}
	if app.Build.Args["TOKEN"] != "abc" || app.Build.Context != "envlist" {
		t.Errorf("build = %+v", app.Build)
	}
}

func TestPos(t *testing.T) {
	basic := loadTestdata(t, "basic", "basic/compose.yaml", "basic/compose.override.yaml")
	ext := loadTestdata(t, "extends", "extends/compose.yaml")
	envl := loadTestdata(t, "envlist", "envlist/docker-compose.yml", "envlist/docker-compose.prod.yml")
	const main, over = "basic/compose.yaml", "basic/compose.override.yaml"
	tests := []struct {
		p        *Project
		path     []string
		wantFile string
		wantLine int
	}{
		{basic, []string{"web", "privileged"}, over, 3},
		{basic, []string{"web", "cap_add", "1"}, main, 8},
		{basic, []string{"web", "cap_add", "SYS_TIME"}, main, 8},
		{basic, []string{"web", "ports", "0"}, main, 10},
		{basic, []string{"web", "ports", "2"}, main, 11}, // second port of the range
		{basic, []string{"web", "ports", "3"}, over, 5},
		{basic, []string{"web", "volumes", "0"}, over, 7}, // replaced in place by the override
		{basic, []string{"web", "volumes", "1"}, main, 14},
		{basic, []string{"web", "volumes", "2"}, over, 8},
		{basic, []string{"web", "environment", "DB_PASSWORD"}, main, 16},
		{basic, []string{"web", "environment", "EXTRA"}, over, 10},
		{basic, []string{"web", "build", "args", "TOKEN"}, main, 28},
		{basic, []string{"web", "security_opt", "0"}, main, 19},
		{basic, []string{"web", "deploy", "resources", "limits", "memory"}, main, 23},
		{basic, []string{"web", "deploy", "resources", "limits", "cpus"}, main, 22}, // nearest ancestor
		{basic, []string{"web", "read_only"}, main, 3},                              // the service key
		{basic, []string{"db", "profiles"}, main, 31},
		{ext, []string{"web", "read_only"}, "extends/compose.yaml", 4},
		{ext, []string{"web", "user"}, "extends/compose.yaml", 7},
		{ext, []string{"api", "cap_drop", "0"}, "extends/common/services.yaml", 3},
		{ext, []string{"api", "security_opt", "0"}, "extends/common/services.yaml", 5},
		{envl, []string{"app", "environment", "DB_PASSWORD"}, "envlist/docker-compose.yml", 6},
		{envl, []string{"app", "environment", "PLAIN"}, "envlist/docker-compose.yml", 7},
		{envl, []string{"app", "environment", "LOG_LEVEL"}, "envlist/docker-compose.prod.yml", 4},
		{envl, []string{"app", "labels", "traefik.enable"}, "envlist/docker-compose.yml", 9},
		{envl, []string{"app", "build", "args", "TOKEN"}, "envlist/docker-compose.yml", 13},
		{envl, []string{"nope", "image"}, "envlist/docker-compose.yml", 1},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.path, "."), func(t *testing.T) {
			f, l := tt.p.Pos(tt.path[0], tt.path[1:]...)
			if f != tt.wantFile || l != tt.wantLine {
				t.Errorf("Pos(%q) = %s:%d, want %s:%d", tt.path, f, l, tt.wantFile, tt.wantLine)
			}
		})
	}
}

func TestLoadErrors(t *testing.T) {
	fsys := fstest.MapFS{
		"bad/compose.yaml":    {Data: []byte("services:\n  web:\n    image: [\n")},
		"types/compose.yaml":  {Data: []byte("services:\n  web:\n    image: x\n    ports:\n      - 80: 80\n")},
		"secret/.env":         {Data: []byte("BAD_PORT=hunter2-secret\n")},
		"secret/compose.yaml": {Data: []byte("services:\n  web:\n    image: x\n    mem_limit: ${BAD_PORT}\n")},
		"scalar/compose.yaml": {Data: []byte("just a string\n")},
	}
	for _, tt := range []struct {
		dir      string
		wantLine int
	}{{"bad", 3}, {"types", 5}, {"secret", 4}, {"scalar", 1}} {
		_, err := Load(fsys, tt.dir, []string{tt.dir + "/compose.yaml"}, Options{})
		var le *LoadError
		if !errors.As(err, &le) {
			t.Errorf("%s: err = %v, want *LoadError", tt.dir, err)
			continue
		}
		if le.Line != tt.wantLine {
			t.Errorf("%s: line %d, want %d (%v)", tt.dir, le.Line, tt.wantLine, le)
		}
		if strings.Contains(le.Error(), "hunter2") {
			t.Errorf("%s: .env value leaked: %v", tt.dir, le)
		}
	}
}

func TestSubstitute(t *testing.T) {
	env := map[string]string{"SET": "v", "EMPTY": ""}
	lookup := lookupIn(env)
	for in, want := range map[string]string{
		"$SET-${SET}":             "v-v",
		"${UNSET}":                "",
		"${UNSET:-d}/${EMPTY:-d}": "d/d",
		"${EMPTY-d}":              "",
		"${SET:+alt}${UNSET+alt}": "alt",
		"${UNSET:?boom}":          "",
		"$$SET":                   "$SET",
		"${UNSET:-${SET}x}":       "vx",
		"cost $5 and ${":          "cost $5 and ${",
	} {
		if got := expand(in, lookup, 0, false); got != want {
			t.Errorf("expand(%q) = %q, want %q", in, got, want)
		}
	}
	if got := expand("${UNSET}:/media", lookup, 0, true); got != "${UNSET}:/media" {
		t.Errorf("keepMissing: %q", got)
	}
}

func TestDetection(t *testing.T) {
	for name, want := range map[string]bool{
		"compose.yaml": true, "a/compose.yml": true, "docker-compose.yml": true, "docker-compose.prod.yml": true,
		"docker-compose-dev.yaml": true, "compose.override.yaml": true, "compose.txt": false, "k8s.yaml": false,
	} {
		if got := IsComposeName(name); got != want {
			t.Errorf("IsComposeName(%q) = %v", name, got)
		}
	}
	if !LooksLikeCompose([]byte("version: '3'\nservices:\n  web:\n    image: x\n")) {
		t.Error("compose not detected")
	}
	if LooksLikeCompose([]byte("apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - image: x\n")) {
		t.Error("pod detected as compose")
	}
	got := GroupProjects([]string{"a/docker-compose.prod.yml", "a/docker-compose.yml", "a/docker-compose.override.yml", "b/compose.yaml", "b/docker-compose.yml"})
	want := [][]string{{"a/docker-compose.yml", "a/docker-compose.override.yml"}, {"a/docker-compose.prod.yml"}, {"b/compose.yaml"}, {"b/docker-compose.yml"}}
	if !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("GroupProjects = %v, want %v", got, want)
	}
}

func TestLoadAllMergesPartialOverride(t *testing.T) {
	ps, errs := LoadAll(os.DirFS("testdata"), []string{"envlist/docker-compose.yml", "envlist/docker-compose.prod.yml"}, Options{})
	if len(errs) > 0 || len(ps) != 2 {
		t.Fatalf("projects %d errs %v", len(ps), errs)
	}
	if !slices.Equal(ps[1].Files, []string{"envlist/docker-compose.yml", "envlist/docker-compose.prod.yml"}) {
		t.Errorf("partial override files = %v", ps[1].Files)
	}
}
