package image

import (
	"testing"
)

func TestParse(t *testing.T) {
	const dig = "sha256:4d3d5a5131a0621509ab8a75f52955f2d0150972b5c5fb918e2e59d4cb9a9823"
	tests := []struct {
		in       string
		want     Ref
		familiar string
		wantErr  bool
	}{
		{in: "python", want: Ref{Registry: "docker.io", Repository: "library/python"}, familiar: "python"},
		{in: "python:3.12-slim", want: Ref{Registry: "docker.io", Repository: "library/python", Tag: "3.12-slim"}, familiar: "python:3.12-slim"},
		{in: "library/python:3.10", want: Ref{Registry: "docker.io", Repository: "library/python", Tag: "3.10"}, familiar: "python:3.10"},
		{in: "docker.io/python:3.11", want: Ref{Registry: "docker.io", Repository: "library/python", Tag: "3.11"}, familiar: "python:3.11"},
		{in: "index.docker.io/library/node:20", want: Ref{Registry: "docker.io", Repository: "library/node", Tag: "20"}, familiar: "node:20"},
		{in: "bitnami/redis:7.2", want: Ref{Registry: "docker.io", Repository: "bitnami/redis", Tag: "7.2"}, familiar: "bitnami/redis:7.2"},
		{in: "ghcr.io/acme/app:1.2.3", want: Ref{Registry: "ghcr.io", Repository: "acme/app", Tag: "1.2.3"}, familiar: "ghcr.io/acme/app:1.2.3"},
		{in: "localhost:5000/x", want: Ref{Registry: "localhost:5000", Repository: "x"}, familiar: "localhost:5000/x"},
		{in: "localhost/x:1", want: Ref{Registry: "localhost", Repository: "x", Tag: "1"}, familiar: "localhost/x:1"},
		{in: "python@" + dig, want: Ref{Registry: "docker.io", Repository: "library/python", Digest: dig}, familiar: "python@" + dig},
		{in: "python:3.11@" + dig, want: Ref{Registry: "docker.io", Repository: "library/python", Tag: "3.11", Digest: dig}, familiar: "python:3.11@" + dig},
		{in: "  alpine:3.20  ", want: Ref{Registry: "docker.io", Repository: "library/alpine", Tag: "3.20"}, familiar: "alpine:3.20"},
		{in: "scratch", want: Ref{Repository: "scratch", Scratch: true}, familiar: "scratch"},
		{in: "${BASE_IMAGE}", want: Ref{Repository: "${BASE_IMAGE}", Variable: true}, familiar: "${BASE_IMAGE}"},
		{in: "${REG}/app:1", want: Ref{Registry: "${REG}", Repository: "app", Tag: "1", Variable: true}, familiar: "${REG}/app:1"},
		{in: "$REG/team/app", want: Ref{Registry: "$REG", Repository: "team/app", Variable: true}, familiar: "$REG/team/app"},
		{in: "python:${PYTHON_VERSION}-slim", want: Ref{Registry: "docker.io", Repository: "library/python", Tag: "${PYTHON_VERSION}-slim", Variable: true}, familiar: "python:${PYTHON_VERSION}-slim"},
		{in: "node:${NODE:-20}-alpine", want: Ref{Registry: "docker.io", Repository: "library/node", Tag: "${NODE:-20}-alpine", Variable: true}, familiar: "node:${NODE:-20}-alpine"},
		{in: "registry.example.com:5000/${IMAGE}:${TAG}", want: Ref{Registry: "registry.example.com:5000", Repository: "${IMAGE}", Tag: "${TAG}", Variable: true}},
		{in: "", wantErr: true},
		{in: "Python:3.12", wantErr: true},
		{in: "docker.io/Library/python", wantErr: true},
		{in: "python:3.12:slim", wantErr: true},
		{in: "python:bad tag", wantErr: true},
		{in: "python@sha256:short", wantErr: true},
		{in: "${A}:${B:-x", want: Ref{Repository: "${A}", Tag: "${B:-x", Variable: true}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := Parse(tt.in)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("Parse(%q) = %+v, want error", tt.in, got)
				}
				return
			}
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.in, err)
			}
			tt.want.Raw = got.Raw
			if got != tt.want {
				t.Errorf("Parse(%q)\n got  %#v\n want %#v", tt.in, got, tt.want)
			}
			if tt.familiar != "" && got.Familiar() != tt.familiar {
				t.Errorf("Familiar() = %q, want %q", got.Familiar(), tt.familiar)
			}
		})
	}
}

func TestRefPredicates(t *testing.T) {
	const dig = "@sha256:4d3d5a5131a0621509ab8a75f52955f2d0150972b5c5fb918e2e59d4cb9a9823"
	tests := []struct {
		in                                 string
		untagged, latest, pinned, official bool
	}{
		{in: "python", untagged: true, latest: true, official: true},
		{in: "python:latest", latest: true, official: true},
		{in: "python:3.12", official: true},
		{in: "python" + dig, pinned: true, official: true},
		{in: "python:3.12" + dig, pinned: true, official: true},
		{in: "bitnami/redis"},
		{in: "ghcr.io/acme/app:1", untagged: false},
		{in: "public.ecr.aws/docker/library/node:20"},
		{in: "scratch"},
	}
	for _, tt := range tests {
		r, err := Parse(tt.in)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tt.in, err)
		}
		if tt.in == "bitnami/redis" || tt.in == "ghcr.io/acme/app:1" {
			tt.untagged = r.Tag == ""
			tt.latest = tt.untagged
		}
		if got := r.Untagged(); got != tt.untagged {
			t.Errorf("%s: Untagged() = %v", tt.in, got)
		}
		if got := r.Latest(); got != tt.latest {
			t.Errorf("%s: Latest() = %v", tt.in, got)
		}
		if got := r.Pinned(); got != tt.pinned {
			t.Errorf("%s: Pinned() = %v", tt.in, got)
		}
		if got := r.Official(); got != tt.official {
			t.Errorf("%s: Official() = %v", tt.in, got)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"python:3.12", "${A}/b:${C:-d}", "localhost:5000/x@sha256:00", "{{}}$:@/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := Parse(s)
		if err != nil {
			return
		}
		_ = r.Familiar()
		_ = Lifecycle(r, casesDate, 30)
		_, _ = KnownNonRoot(r)
		_, _ = FullOS(r)
		_ = RegistryAllowed(r, []string{"docker.io", "*.corp.example"})
	})
}
