package compose

import (
	"fmt"
	"maps"
	"slices"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/knowledge"
	"github.com/stevedore-dev/stevedore/internal/rule"
	"github.com/stevedore-dev/stevedore/internal/secret"
)

// DC033 flags debug modes turned on through environment, command or
// entrypoint.
var DC033 = &rule.Rule{
	ID:       "DC033",
	Name:     "compose-debug-mode-enabled",
	Title:    "Service turns on a debug mode",
	Severity: finding.Medium,
	Kind:     rule.KindCompose,
	Note:     "debug-surface",
	Check:    checkDC033,
}

// authOffEnv gives the consequence of the settings knowledge.DebugEnv
// flags that are not debug modes but switch off a service's own access
// control.
var authOffEnv = map[string]string{
	"xpack.security.enabled":     "turns off its authentication and TLS: anyone who reaches it can read and change its data",
	"XPACK_SECURITY_ENABLED":     "turns off its authentication and TLS: anyone who reaches it can read and change its data",
	"ELASTICSEARCH_SECURITY":     "turns off its authentication and TLS: anyone who reaches it can read and change its data",
	"plugins.security.disabled":  "turns off its security plugin (authentication and TLS): anyone who reaches it can read and change its data",
	"DISABLE_SECURITY_PLUGIN":    "turns off its security plugin (authentication and TLS): anyone who reaches it can read and change its data",
	"MYSQL_ALLOW_EMPTY_PASSWORD": "creates the database's root account without a password: anyone who reaches it can log in",
	"ALLOW_EMPTY_PASSWORD":       "lets it run without a password: anyone who reaches it can log in",
	"POSTGRES_HOST_AUTH_METHOD":  "lets every client connect without a password: anyone who reaches it can log in",
	"GF_AUTH_ANONYMOUS_ENABLED":  "lets anonymous visitors into Grafana without logging in",
}

func checkDC033(p *rule.Pass) {
	for _, s := range services(p) {
		env := s.Config.Environment
		for _, name := range slices.Sorted(maps.Keys(env)) {
			v := env[name]
			if v == nil {
				continue
			}
			what, ok := knowledge.DebugEnv(name, *v)
			if !ok {
				continue
			}
			ev := name + "=" + *v
			if len(secret.Scan(*v)) > 0 {
				ev = name + "=" + secret.Mask(*v)
				what = name + " turns on a debug mode"
			}
			msg := fmt.Sprintf("Service %s: %s; debug modes leak internals and often allow code execution from the network", s.Name, what)
			if off, ok := authOffEnv[name]; ok {
				msg = fmt.Sprintf("Service %s sets %s, which %s", s.Name, ev, off)
			}
			report(p, pos(p, s.Name, "environment", name), loc(s.Name, "environment."+name), ev, msg)
		}
		for _, key := range []string{"entrypoint", "command"} {
			cmd := s.Config.Command
			if key == "entrypoint" {
				cmd = s.Config.Entrypoint
			}
			line := shellWords(cmd)
			what, ok := knowledge.DebugArgs(line)
			if !ok {
				continue
			}
			report(p, pos(p, s.Name, key), loc(s.Name, key), what,
				fmt.Sprintf("Service %s starts with a %s in its %s; debug switches leak internals and often allow code execution from the network", s.Name, what, key))
		}
	}
}
