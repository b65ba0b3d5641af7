package compose

import (
	"reflect"
	"testing"
	"testing/fstest"
)

func TestEntries(t *testing.T) {
	fsys := fstest.MapFS{
		"p/.env": {Data: []byte("PG=from-dotenv\n")},
		"p/compose.yaml": {Data: []byte(`services:
  base:
    image: x
    environment:
      BASE_TOKEN: b
  db:
    extends: base
    image: postgres:17
    environment:
      - POSTGRES_PASSWORD=postgres
      - POSTGRES_PASSWORD=string
      - PLAIN
      - FROM_ENV=${PG}
    build:
      context: .
      args:
        TOKEN: abc
        EMPTY:
`)},
		"p/compose.override.yaml": {Data: []byte(`services:
  db:
    environment:
      POSTGRES_PASSWORD: override
`)},
	}
	p, err := Load(fsys, "p", []string{"p/compose.yaml", "p/compose.override.yaml"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	const main, over = "p/compose.yaml", "p/compose.override.yaml"
	got := p.Entries("db", "environment")
	want := []Entry{
		{File: main, Line: 5, Key: "BASE_TOKEN", Value: "b", HasValue: true, Inherited: true},
		{File: main, Line: 10, Key: "POSTGRES_PASSWORD", Value: "postgres", HasValue: true},
		{File: main, Line: 11, Key: "POSTGRES_PASSWORD", Value: "string", HasValue: true},
		{File: main, Line: 12, Key: "PLAIN"},
		{File: main, Line: 13, Key: "FROM_ENV", Value: "from-dotenv", HasValue: true},
		{File: over, Line: 4, Key: "POSTGRES_PASSWORD", Value: "override", HasValue: true},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Entries(db, environment) =\n%+v\nwant\n%+v", got, want)
	}
	args := p.Entries("db", "build", "args")
	wantArgs := []Entry{
		{File: main, Line: 17, Key: "TOKEN", Value: "abc", HasValue: true},
		{File: main, Line: 18, Key: "EMPTY"},
	}
	if !reflect.DeepEqual(args, wantArgs) {
		t.Errorf("Entries(db, build, args) = %+v, want %+v", args, wantArgs)
	}
	if e := p.Entries("db", "labels"); e != nil {
		t.Errorf("Entries(db, labels) = %+v, want none", e)
	}
	if e := p.Entries("nope", "environment"); e != nil {
		t.Errorf("Entries(nope, environment) = %+v, want none", e)
	}
}
