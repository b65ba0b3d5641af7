package kube

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"k8s.io/pod-security-admission/api"
	"k8s.io/pod-security-admission/policy"
)

var wantRE = regexp.MustCompile(`# want((?: "[^"]+")+)`)

// wantMarkers reads the `# want "ID"` comments of a file as "line ID".
func wantMarkers(t *testing.T, content []byte) []string {
	t.Helper()
	var out []string
	sc := bufio.NewScanner(bytes.NewReader(content))
	for line := 1; sc.Scan(); line++ {
		m := wantRE.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		for _, id := range strings.Fields(m[1]) {
			out = append(out, fmt.Sprintf("%d %s", line, strings.Trim(id, `"`)))
		}
	}
	return out
}

// TestPSSPositions evaluates testdata/pss.yaml and compares every
// violation's line with the file's `# want` markers.
func TestPSSPositions(t *testing.T) {
	content, err := os.ReadFile(filepath.Join("testdata", "pss.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	f, err := Parse("pss.yaml", content)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, o := range f.Objects {
		p, err := o.PodSpec()
		if err != nil || p == nil {
			t.Fatalf("%s: PodSpec: %v", o.ID(), err)
		}
		level := api.Level(o.Annotations["pss.test/level"])
		if level == "" {
			level = api.LevelRestricted
		}
		vs, err := p.EvaluatePSS(level, o.Annotations["pss.test/version"])
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range vs {
			line, exact := o.Line(v.Path...)
			if !exact {
				t.Errorf("%s %s: path %s does not exist", o.ID(), v.CheckID, FormatPath(v.Path))
			}
			id := v.CheckID
			if v.Missing {
				id += "(missing)"
			}
			got = append(got, fmt.Sprintf("%d %s", line, id))
			if v.Reason == "" || v.Level == "" {
				t.Errorf("%s %s: empty reason or level: %+v", o.ID(), v.CheckID, v)
			}
			if v.Container != nil && !strings.HasPrefix(FormatPath(v.Path)+".", FormatPath(v.Container.Path)+".") &&
				!strings.HasPrefix(FormatPath(v.Path), FormatPath(p.MetaPath)) {
				t.Errorf("%s %s: path %s is outside container %s", o.ID(), v.CheckID, FormatPath(v.Path), v.Container.Ref())
			}
		}
	}
	want := wantMarkers(t, content)
	sort.Strings(got)
	sort.Strings(want)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("violations:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Every default check of the library is exercised.
	covered := map[string]bool{}
	for _, w := range want {
		id := strings.TrimSuffix(strings.Fields(w)[1], "(missing)")
		covered[id] = true
	}
	for _, id := range PSSCheckIDs() {
		if !covered[id] {
			t.Errorf("check %s has no case in testdata/pss.yaml", id)
		}
	}
}

// TestPSSMatchesLibrary checks on every testdata pod, at every level and
// version, that the checks we report failed are exactly those the
// library's own evaluator fails.
func TestPSSMatchesLibrary(t *testing.T) {
	full, err := policy.NewEvaluator(policy.DefaultChecks(), nil)
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join("testdata", "*.yaml"))
	latest, _ := api.ParseVersion(LatestVersion())
	for _, name := range files {
		content, _ := os.ReadFile(name)
		f, _ := Parse(name, content)
		for _, o := range f.Objects {
			p, _ := o.PodSpec()
			if p == nil {
				continue
			}
			for _, level := range []api.Level{api.LevelPrivileged, api.LevelBaseline, api.LevelRestricted} {
				for minor := 0; minor <= latest.Minor()+1; minor++ {
					version := fmt.Sprintf("v1.%d", minor)
					vs, err := p.EvaluatePSS(level, version)
					if err != nil {
						t.Fatal(err)
					}
					v, _ := api.ParseVersion(version)
					want := reasons(full.EvaluatePod(api.LevelVersion{Level: level, Version: v}, &p.Meta, p.Spec))
					if got := violationReasons(vs); got != want {
						t.Errorf("%s %s %s %s:\n got %s\nwant %s", name, o.ID(), level, version, got, want)
					}
				}
			}
		}
	}
}

func TestPSSVersionAndLevel(t *testing.T) {
	p := mustPod(t, "deployment.yaml", 0)
	if _, err := p.EvaluatePSS("strict", ""); err == nil {
		t.Error("bad level accepted")
	}
	if _, err := p.EvaluatePSS(api.LevelBaseline, "1.30"); err == nil {
		t.Error("bad version accepted")
	}
	latest, err := p.EvaluatePSS(api.LevelRestricted, "")
	if err != nil {
		t.Fatal(err)
	}
	named, _ := p.EvaluatePSS(api.LevelRestricted, LatestVersion())
	if len(latest) == 0 || fmt.Sprint(latest) != fmt.Sprint(named) {
		t.Errorf("latest = %v\nnamed = %v", latest, named)
	}
	again, _ := p.EvaluatePSS(api.LevelRestricted, "latest")
	if &again[0] != &latest[0] {
		t.Error("result not cached")
	}
	if !strings.HasPrefix(LatestVersion(), "v1.") {
		t.Errorf("LatestVersion = %q", LatestVersion())
	}
}

// TestPSSDeployment checks the violations of the deployment testdata by
// container, with the library's detail text.
func TestPSSDeployment(t *testing.T) {
	p := mustPod(t, "deployment.yaml", 0)
	vs, err := p.EvaluatePSS(api.LevelRestricted, "")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, v := range vs {
		who := "pod"
		if v.Container != nil {
			who = v.Container.Ref()
		}
		got = append(got, fmt.Sprintf("%s %s %s: %s", v.CheckID, who, FormatPath(v.Path), v.Detail))
	}
	want := []string{
		`privileged containers[debug] spec.template.spec.containers[1].securityContext.privileged: container "debug" must not set securityContext.privileged=true`,
		`allowPrivilegeEscalation initContainers[migrate] spec.template.spec.initContainers[0]: container "migrate" must set securityContext.allowPrivilegeEscalation=false`,
		`allowPrivilegeEscalation initContainers[proxy] spec.template.spec.initContainers[1]: container "proxy" must set securityContext.allowPrivilegeEscalation=false`,
		`allowPrivilegeEscalation containers[debug] spec.template.spec.containers[1]: container "debug" must set securityContext.allowPrivilegeEscalation=false`,
		`capabilities_restricted initContainers[migrate] spec.template.spec.initContainers[0]: container "migrate" must set securityContext.capabilities.drop=["ALL"]`,
		`capabilities_restricted initContainers[proxy] spec.template.spec.initContainers[1]: container "proxy" must set securityContext.capabilities.drop=["ALL"]`,
		`capabilities_restricted containers[debug] spec.template.spec.containers[1]: container "debug" must set securityContext.capabilities.drop=["ALL"]`,
		`runAsNonRoot containers[debug] spec.template.spec.containers[1].securityContext.runAsNonRoot: container "debug" must not set securityContext.runAsNonRoot=false`,
		`runAsUser initContainers[migrate] spec.template.spec.initContainers[0].securityContext.runAsUser: container "migrate" must not set runAsUser=0`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("violations:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestConcurrentUse runs the lazy, cached parts of the model from several
// goroutines (meaningful under -race).
func TestConcurrentUse(t *testing.T) {
	f, _ := parseTestdata(t, "deployment.yaml")
	o := f.Objects[0]
	done := make(chan bool)
	for i := 0; i < 4; i++ {
		go func() {
			p, _ := o.PodSpec()
			_ = p.Containers()
			_, _ = p.EvaluatePSS(api.LevelRestricted, "")
			_, _ = p.EvaluatePSS(api.LevelBaseline, "v1.30")
			done <- true
		}()
	}
	for i := 0; i < 4; i++ {
		<-done
	}
}
