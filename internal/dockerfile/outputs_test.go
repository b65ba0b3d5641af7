package dockerfile

import (
	"reflect"
	"slices"
	"testing"
)

func TestOutputs(t *testing.T) {
	tests := []struct {
		name     string
		src      string
		target   string
		outputs  []string
		consumed []string
	}{
		{
			name:    "one stage",
			src:     "FROM alpine\nRUN true\n",
			outputs: []string{"stage 0"},
		},
		{
			name:     "build stage copied from",
			src:      "FROM golang AS build\nRUN go build\nFROM alpine\nCOPY --from=build /app /app\n",
			outputs:  []string{"stage 1"},
			consumed: []string{"build"},
		},
		{
			name:    "unreferenced unnamed stages",
			src:     "FROM busybox1\nRUN a\nFROM busybox2\nRUN b\nFROM busybox3\n",
			outputs: []string{"stage 0", "stage 1", "stage 2"},
		},
		{
			name:     "stage copied from by index",
			src:      "FROM golang\nRUN go build\nFROM alpine\nCOPY --from=0 /app /app\n",
			outputs:  []string{"stage 1"},
			consumed: []string{"stage 0"},
		},
		{
			name:     "stage copied from through an ARG",
			src:      "ARG SRC=build\nFROM golang AS build\nFROM alpine\nARG SRC\nCOPY --from=${SRC} /app /app\n",
			outputs:  []string{"stage 1"},
			consumed: []string{"build"},
		},
		{
			name:     "stage mounted",
			src:      "FROM node AS deps\nRUN npm ci\nFROM node\nRUN --mount=type=bind,from=deps,source=/n,target=/n cp -r /n /app\n",
			outputs:  []string{"stage 1"},
			consumed: []string{"deps"},
		},
		{
			name:    "mount from an image",
			src:     "FROM node AS deps\nFROM node\nRUN --mount=type=bind,from=alpine,target=/a true\n",
			outputs: []string{"deps", "stage 1"},
		},
		{
			name:     "unconsumed test stage and its base",
			src:      "FROM golang AS base\nRUN x\nFROM base AS build\nRUN go build\nFROM build AS test\nRUN go test\nFROM alpine\nCOPY --from=build /app /app\n",
			outputs:  []string{"base", "build", "test", "stage 3"},
			consumed: []string{"base", "build"},
		},
		{
			name:     "base only serves consumed stages",
			src:      "FROM golang AS base\nFROM base AS build\nRUN go build\nFROM alpine\nCOPY --from=build /app /app\n",
			outputs:  []string{"stage 2"},
			consumed: []string{"base", "build"},
		},
		{
			name:     "explicit target keeps only its chain",
			src:      "FROM golang AS base\nFROM base AS dev\nFROM busybox AS other\nFROM alpine AS prod\n",
			target:   "dev",
			outputs:  []string{"base", "dev"},
			consumed: []string{"base"},
		},
		{
			name:     "explicit target that is the last stage",
			src:      "FROM busybox AS other\nFROM alpine AS prod\n",
			target:   "prod",
			outputs:  []string{"prod"},
			consumed: nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Parse("Dockerfile", []byte(tt.src), Options{Target: tt.target})
			if err != nil {
				t.Fatal(err)
			}
			if got := stageNames(f.Outputs()); !reflect.DeepEqual(got, tt.outputs) {
				t.Errorf("Outputs = %v, want %v", got, tt.outputs)
			}
			var consumed []string
			for _, s := range f.Stages {
				if f.Consumed(s) {
					consumed = append(consumed, s.String())
				}
				if f.Ships(s) && !f.MayShip(s) {
					t.Errorf("%s ships but MayShip is false", s)
				}
			}
			if !reflect.DeepEqual(consumed, tt.consumed) {
				t.Errorf("Consumed = %v, want %v", consumed, tt.consumed)
			}
		})
	}
}

func TestOutputFor(t *testing.T) {
	src := "FROM golang AS base\nFROM base AS build\nFROM build AS test\nFROM golang AS tools\nFROM alpine\nCOPY --from=build /app /app\nCOPY --from=tools /t /t\n"
	f, err := Parse("Dockerfile", []byte(src), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"base": "test", "build": "test", "test": "test", "tools": "", "stage 4": "stage 4"}
	for _, s := range f.Stages {
		got := ""
		if o := f.OutputFor(s); o != nil {
			got = o.String()
		}
		if got != want[s.String()] {
			t.Errorf("OutputFor(%s) = %q, want %q", s, got, want[s.String()])
		}
	}
	if f.Target != "" {
		t.Errorf("Target = %q, want empty", f.Target)
	}
	var nilFile *File
	if nilFile.Outputs() != nil || nilFile.MayShip(nil) || nilFile.Consumed(nil) || nilFile.OutputFor(nil) != nil {
		t.Error("nil File answers something")
	}
}

func TestInstructionMounts(t *testing.T) {
	f, err := Parse("Dockerfile", []byte("FROM alpine AS deps\nFROM alpine\n"+
		"RUN --mount=type=cache,target=/root/.cache --mount=type=secret,id=tok,env=TOKEN --mount=from=deps,source=/a,target=/b true\nCOPY a b\n"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	ins := f.Final().Instructions
	var got []string
	for _, m := range ins[0].Mounts() {
		env := ""
		if m.Env != nil {
			env = *m.Env
		}
		got = append(got, string(m.Type)+"|"+m.From+"|"+m.Target+"|"+env)
	}
	want := []string{"cache||/root/.cache|", "secret|||TOKEN", "bind|deps|/b|"}
	if !slices.Equal(got, want) {
		t.Errorf("RUN mounts %q, want %q", got, want)
	}
	if m := ins[1].Mounts(); m != nil {
		t.Errorf("COPY mounts %v, want nil", m)
	}
}
