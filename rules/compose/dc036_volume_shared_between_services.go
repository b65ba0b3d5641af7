package compose

import (
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/compose-spec/compose-go/v2/types"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DC036 flags a named volume or host path that two or more services mount
// writable: a compromise of one service can then tamper with what the
// others read or run. A volume every service but one mounts read-only is
// fine. Every writable mount of the shared volume is reported.
var DC036 = &rule.Rule{
	ID:          "DC036",
	Name:        "volume-shared-between-services",
	Title:       "Volume is writable by more than one service",
	Severity:    finding.Low,
	Kind:        rule.KindCompose,
	Note:        "runtime-hardening",
	Equivalents: rule.Equivalents{KICS: []string{"shared_volumes_between_containers"}},
	Check:       checkDC036,
}

// sharedMount is one writable mount of a volume or host path.
type sharedMount struct {
	service, target string
	at              at
}

func checkDC036(p *rule.Pass) {
	var keys []string
	shown := map[string]string{} // key -> the volume or path as shown
	writers := map[string][]sharedMount{}
	for _, s := range services(p) {
		for i, v := range s.Config.Volumes {
			key, show := sharedVolumeKey(v)
			if key == "" || v.ReadOnly {
				continue
			}
			a := pos(p, s.Name, "volumes", strconv.Itoa(i), "source")
			if v.Type == types.VolumeTypeBind {
				if name := unknownVar(p, a); name != "" {
					// "$PWD/scripts" loads as "/scripts": keep the variable.
					key, show = "bind:$"+name+key[len("bind:"):], "host path $"+name+path.Clean(v.Source)
				}
			}
			if _, ok := writers[key]; !ok {
				keys = append(keys, key)
				shown[key] = show
			}
			writers[key] = append(writers[key], sharedMount{service: s.Name, target: v.Target, at: a})
		}
	}
	for _, key := range keys {
		ms := writers[key]
		var names []string
		for _, m := range ms {
			if !slices.Contains(names, m.service) {
				names = append(names, m.service)
			}
		}
		if len(names) < 2 {
			continue
		}
		what := shown[key]
		for _, m := range ms {
			others := slices.DeleteFunc(slices.Clone(names), func(n string) bool { return n == m.service })
			verb := "does"
			if len(others) > 1 {
				verb = "do"
			}
			report(p, m.at, loc(m.service, "volumes["+m.target+"]"), what,
				fmt.Sprintf("Service %s mounts %s writable, and so %s %s: an intruder in one service can change files the others read or run; mount it read-only (:ro) wherever a service only reads it",
					m.service, what, verb, strings.Join(others, ", ")))
		}
	}
}

// sharedVolumeKey identifies what a mount shares: a named volume by name,
// a host path (bind) by its cleaned path. Anonymous volumes, tmpfs and the
// other types share nothing; key is "" for them.
func sharedVolumeKey(v types.ServiceVolumeConfig) (key, show string) {
	src := strings.TrimSpace(v.Source)
	if src == "" {
		return "", ""
	}
	switch v.Type {
	case types.VolumeTypeVolume:
		return "volume:" + src, "volume " + src
	case types.VolumeTypeBind:
		c := path.Clean(src)
		show := src
		if !strings.HasPrefix(c, "/") && !strings.HasPrefix(c, ".") && !strings.HasPrefix(c, "~") {
			show = "./" + c
		}
		return "bind:" + c, "host path " + show
	}
	return "", ""
}
