package buildctx

import (
	"reflect"
	"testing"
	"testing/fstest"
)

func testFS() fstest.MapFS {
	return fstest.MapFS{
		"app/Dockerfile":                  {Data: []byte("FROM alpine\nCOPY . /app\n")},
		"app/.dockerignore":               {Data: []byte("# comments are skipped\n.env\n*.md\n!README.md\nsecrets/\n")},
		"app/.env":                        {Data: []byte("X=1\n")},
		"app/.env.production":             {Data: []byte("X=1\n")},
		"app/README.md":                   {Data: []byte("r\n")},
		"app/NOTES.md":                    {Data: []byte("n\n")},
		"app/main.go":                     {Data: []byte("package main\n")},
		"app/secrets/key.pem":             {Data: []byte("k\n")},
		"app/config/id_rsa":               {Data: []byte("k\n")},
		"app/.git/config":                 {Data: []byte("[core]\n")},
		"app/node_modules/x/a.js":         {Data: []byte("1\n")},
		"app/web.Dockerfile":              {Data: []byte("FROM alpine\n")},
		"app/web.Dockerfile.dockerignore": {Data: []byte("*\n!main.go\n")},
		"other/Dockerfile":                {Data: []byte("FROM alpine\n")},
	}
}

func TestContext(t *testing.T) {
	fsys := testFS()
	tree, err := Walk(fsys)
	if err != nil {
		t.Fatal(err)
	}
	c, err := Load(fsys, tree, "app/Dockerfile", "app")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{".dockerignore", ".env.production", ".git/", "Dockerfile", "README.md", "config/id_rsa",
		"main.go", "node_modules/", "web.Dockerfile", "web.Dockerfile.dockerignore"}
	if got := c.Sources("."); !reflect.DeepEqual(got, want) {
		t.Errorf("Sources(.) =\n %q\nwant\n %q", got, want)
	}
	if got := c.Sources("config"); !reflect.DeepEqual(got, []string{"config/id_rsa"}) {
		t.Errorf("Sources(config) = %q", got)
	}
	if got := c.Sources("*.go"); !reflect.DeepEqual(got, []string{"main.go"}) {
		t.Errorf("Sources(*.go) = %q", got)
	}
	// <Dockerfile>.dockerignore takes precedence over the context's.
	w, err := Load(fsys, tree, "app/web.Dockerfile", "app")
	if err != nil {
		t.Fatal(err)
	}
	if w.IgnoreFile != "app/web.Dockerfile.dockerignore" || !reflect.DeepEqual(w.Sources("."), []string{"main.go"}) {
		t.Errorf("web context: ignore %q, files %q", w.IgnoreFile, w.Sources("."))
	}
	o, _ := Load(fsys, tree, "other/Dockerfile", "other")
	if o.IgnoreFile != "" || len(o.Sources(".")) != 1 {
		t.Errorf("other context: ignore %q, files %q", o.IgnoreFile, o.Sources("."))
	}
}

func TestSuggestIgnore(t *testing.T) {
	for in, want := range map[string]string{
		".env.production": "**/.env.production", "config/id_rsa": "**/id_rsa", "certs/server.key": "**/*.key",
		"infra/prod.tfstate": "**/*.tfstate", ".git/": "**/.git", "conf/credentials.json": "conf/credentials.json",
	} {
		if got := SuggestIgnore(in); got != want {
			t.Errorf("SuggestIgnore(%q) = %q, want %q", in, got, want)
		}
	}
}
