package compose

import (
	"bytes"
	"fmt"
	"strings"

	cmodel "github.com/stevedore-dev/stevedore/internal/compose"
	"github.com/stevedore-dev/stevedore/internal/dockerfile"
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
	"github.com/stevedore-dev/stevedore/internal/source"
)

// DC035 flags a service with no healthcheck: whose image is not known to
// define one (off by default): the mirror of DF059 for Compose. A service
// that builds its image from a Dockerfile of the scanned tree (directly, or
// by running the image another service of the project builds) is not
// reported when the built stage, or a stage it is built FROM, has a
// HEALTHCHECK. A healthcheck that is turned off is DC032's.
var DC035 = &rule.Rule{
	ID:          "DC035",
	Name:        "healthcheck-missing",
	Title:       "Service has no healthcheck",
	Severity:    finding.Info,
	Kind:        rule.KindCompose,
	Note:        "runtime-hardening",
	Equivalents: rule.Equivalents{KICS: []string{"healthcheck_not_set"}},
	DefaultOff:  true,
	Check:       checkDC035,
}

func checkDC035(p *rule.Pass) {
	builders := map[string]*cmodel.Service{} // image name -> the service that builds it
	for _, s := range services(p) {
		if s.Build != nil && strings.TrimSpace(s.Config.Image) != "" {
			builders[strings.TrimSpace(s.Config.Image)] = s
		}
	}
	known := map[string]bool{} // Dockerfile path + target -> has a HEALTHCHECK
	for _, s := range services(p) {
		if s.Config.HealthCheck != nil {
			continue // written here: judged by DC032 when turned off
		}
		from := s
		if s.Build == nil {
			from = builders[strings.TrimSpace(s.Config.Image)]
		}
		if from != nil && builtHealthcheck(p, from, known) {
			continue
		}
		what, evidence := "its image", strings.TrimSpace(s.Config.Image)
		if evidence != "" {
			what = "image " + evidence
		}
		if s.Build != nil {
			what, evidence = "the image it builds", dc035Built(s)
		}
		report(p, servicePos(p, s.Name), loc(s.Name, "healthcheck"), evidence,
			fmt.Sprintf("Service %s has no healthcheck, so unless %s defines one Docker cannot tell a hung or wedged container from a healthy one, and depends_on: service_healthy cannot wait for it", s.Name, what))
	}
}

// dc035Built names what a service builds, for the evidence.
func dc035Built(s *cmodel.Service) string {
	switch {
	case s.Build.Remote:
		return s.Build.Context
	case s.Build.Inline:
		return "dockerfile_inline"
	}
	return s.Build.Dockerfile
}

// builtHealthcheck reports whether the stage s builds (its target, else the
// last stage), or a stage it is built FROM, has a HEALTHCHECK instruction
// (HEALTHCHECK NONE included: a decision written in the Dockerfile). A
// remote context or a Dockerfile that cannot be read or parsed is not known
// to define one. Results are kept in known by Dockerfile and target.
func builtHealthcheck(p *rule.Pass, s *cmodel.Service, known map[string]bool) bool {
	b := s.Build
	if b == nil || b.Remote {
		return false
	}
	var data []byte
	key := b.Dockerfile
	if b.Inline {
		if s.Config.Build == nil {
			return false
		}
		data, key = []byte(s.Config.Build.DockerfileInline), "inline:"+s.Name
	}
	key += "\x00" + b.Target
	if v, ok := known[key]; ok {
		return v
	}
	if !b.Inline {
		if p.FS == nil || b.Dockerfile == "" {
			return false
		}
		var err error
		if data, err = source.Read(p.FS, b.Dockerfile, source.MaxFileSize); err != nil {
			known[key] = false
			return false
		}
	}
	known[key] = stageHasHealthcheck(b, data)
	return known[key]
}

// healthcheckWord is the instruction looked for before parsing.
var healthcheckWord = []byte("healthcheck")

// stageHasHealthcheck parses the Dockerfile only when its text mentions
// HEALTHCHECK at all, so services whose Dockerfile has none cost a read.
func stageHasHealthcheck(b *cmodel.Build, data []byte) bool {
	if !bytes.Contains(bytes.ToLower(data), healthcheckWord) {
		return false
	}
	f, err := dockerfile.Parse(b.Dockerfile, data, dockerfile.Options{Target: b.Target, BuildArgs: b.Args})
	if err != nil {
		return false
	}
	for st := f.Final(); st != nil; st = st.BaseStage {
		if len(st.Find("HEALTHCHECK")) > 0 {
			return true
		}
	}
	return false
}
