package dockerfile

import (
	"testing"

	"github.com/stevedore-dev/stevedore/internal/dockerfile"
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// TestDispatchCheckFixes pins the text of the one-click fixes of DF086,
// DF088 and DF089, and the cases where none is offered.
func TestDispatchCheckFixes(t *testing.T) {
	tests := []struct {
		name string
		r    *rule.Rule
		in   string
		line int
		want string // "" when no fix
	}{
		{"casing upper", DF086, "FROM alpine:3.20\n  Run echo hi\nUSER 1\n", 2, "  RUN echo hi\n"},
		{"casing lower", DF086, "from alpine:3.20\nrun echo hi\nUSER 1\n", 3, "user 1\n"},
		{"casing crlf", DF086, "FROM alpine:3.20\r\nrun echo hi\r\n", 2, "RUN echo hi\r\n"},
		{"env one word", DF088, "FROM alpine:3.20\nENV APP_HOME /srv/app\n", 2, "ENV APP_HOME=/srv/app\n"},
		{"env dollar", DF088, "FROM alpine:3.20\nENV PATH /opt/bin:$PATH\n", 2, "ENV PATH=/opt/bin:$PATH\n"},
		{"label blanks", DF088, "FROM alpine:3.20\nLABEL description a small demo\n", 2, "LABEL description=\"a small demo\"\n"},
		{"env opts", DF088, "FROM alpine:3.20\nenv JAVA_OPTS -Xmx1g -Xms1g\n", 2, "env JAVA_OPTS=\"-Xmx1g -Xms1g\"\n"},
		{"env hidden pair", DF088, "FROM alpine:3.20\nENV PATH /opt/bin:$PATH LANG C.UTF-8\n", 2, ""},
		{"env quoted", DF088, "FROM alpine:3.20\nENV MSG \"hi there\"\n", 2, ""},
		{"env continued", DF088, "FROM alpine:3.20\nENV DEPS \\\n  curl\n", 2, ""},
		{"expose host", DF089, "FROM alpine:3.20\nEXPOSE 127.0.0.1:8080:80   443/TCP 22\n", 2, "EXPOSE 80 443/tcp 22\n"},
		{"expose range", DF089, "FROM alpine:3.20\nexpose 8000-8010:9000-9010/udp\n", 2, "expose 9000-9010/udp\n"},
		{"expose variable", DF089, "FROM alpine:3.20\nARG P=8080:80\nEXPOSE $P\n", 3, ""},
		{"expose bad container", DF089, "FROM alpine:3.20\nEXPOSE 8080:http\n", 2, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := hygRunOne(tt.r, []byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			var fix *finding.Fix
			found := false
			for _, fd := range got {
				if fd.Range.StartLine == tt.line {
					found, fix = true, fd.Fix
				}
			}
			switch {
			case !found:
				t.Fatalf("no %s finding on line %d: %v", tt.r.ID, tt.line, got)
			case tt.want == "" && fix != nil:
				t.Errorf("fix %+v, want none", fix.Edits)
			case tt.want != "" && (fix == nil || len(fix.Edits) != 1 || fix.Edits[0].NewText != tt.want || fix.Edits[0].StartLine != tt.line):
				t.Errorf("fix %+v, want line %d = %q", fix, tt.line, tt.want)
			}
		})
	}
}

// TestDF089LeavesRangeToDF067: an out-of-range item is DF067's while DF067
// is on, and DF089's when the configuration turns DF067 off.
func TestDF089LeavesRangeToDF067(t *testing.T) {
	data := []byte("FROM alpine:3.20\nEXPOSE 8080:70000\n")
	f, err := dockerfile.Parse("Dockerfile", data, dockerfile.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, df067On := range []bool{true, false} {
		var got []finding.Finding
		opts := &rule.Options{RuleEnabled: func(id string) bool { return id != "DF067" || df067On }}
		p := rule.NewPass(DF089, "Dockerfile", opts, func(fd finding.Finding) { got = append(got, fd) })
		p.Dockerfile = f
		DF089.Check(p)
		if want := map[bool]int{true: 0, false: 1}[df067On]; len(got) != want {
			t.Errorf("DF067 on=%v: %d findings, want %d: %v", df067On, len(got), want, got)
		}
	}
}

// TestDF089MirrorsBuildKit pins the reading of items against BuildKit's
// parsePort: which items it warns about and which then fail the build.
func TestDF089MirrorsBuildKit(t *testing.T) {
	tests := []struct {
		item           string
		parsed         bool
		badProto, host bool
		fails          bool
	}{
		{"80", true, false, false, false},
		{"80/TCP", true, true, false, false},
		{"80/Sctp", true, true, false, false},
		{"80/http", false, false, false, false},
		{"/tcp", false, false, false, false},
		{":80", true, false, false, false},
		{"8080:80", true, false, true, false},
		{"127.0.0.1::80", true, false, true, false},
		{"[::1]:53:53/UDP", true, true, true, false},
		{"::1:53:53", true, false, true, false},
		{"localhost:80:80", true, false, true, true},
		{"x:80", true, false, true, true},
		{"8000-8001:80", true, false, true, false},
		{"8000-8001:80-82", true, false, true, true},
		{"8080:80-81", true, false, true, true},
	}
	for _, tt := range tests {
		it, ok := df089Parse(tt.item)
		if ok != tt.parsed || ok && (it.badProto != tt.badProto || it.hostPart != tt.host || (it.failure != "") != tt.fails) {
			t.Errorf("%s: parsed=%v badProto=%v host=%v failure=%q", tt.item, ok, it.badProto, it.hostPart, it.failure)
		}
	}
}

// BenchmarkDispatchChecks runs DF086–DF089 over the Dockerfiles of
// ../shared/corpus (parsing excluded) and reports files/s.
func BenchmarkDispatchChecks(b *testing.B) {
	benchRulesOnCorpus(b, []*rule.Rule{DF086, DF087, DF088, DF089})
}
