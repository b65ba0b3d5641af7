package kube

import (
	"strconv"
	"strings"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/knowledge"
	"github.com/stevedore-dev/stevedore/internal/kube"
	"github.com/stevedore-dev/stevedore/internal/rule"
	"github.com/stevedore-dev/stevedore/internal/secret"
)

// K8S025 flags long-running containers started with a debug switch or a
// debug environment variable.
var K8S025 = &rule.Rule{
	ID:       "K8S025",
	Name:     "k8s-debug-mode-enabled",
	Title:    "Container turns on a debug mode",
	Severity: finding.Medium,
	Kind:     rule.KindKubernetes,
	Note:     "debug-surface",
	Check:    checkK8S025,
}

func checkK8S025(p *rule.Pass) {
	const consequence = "debug modes leak internals and often let anyone who reaches them run code"
	for _, pod := range workloadPods(p) {
		obj := pod.Object
		for _, c := range pod.Containers() {
			if !c.LongRunning() {
				continue
			}
			if path, what, ok := psDebugArgs(c); ok {
				line, _ := obj.Line(path...)
				p.Reportf(finding.Line(line), psLocation(pod, c, path[:len(path)-1]), what,
					"%s %s starts with a %s; %s", obj.ID(), containerName(c), what, consequence)
			}
			for i, e := range c.Spec.Env {
				if e.ValueFrom != nil || e.Value == "" {
					continue
				}
				what, ok := knowledge.DebugEnv(e.Name, e.Value)
				if !ok {
					continue
				}
				evidence := e.Name + "=" + e.Value
				if len(secret.Scan(e.Value)) > 0 {
					evidence, what = e.Name+"="+secret.Mask(e.Value), e.Name+" turns on a debug mode"
				}
				path := psJoin(c.Path, "env", strconv.Itoa(i), "value")
				line, _ := obj.Line(path...)
				p.Reportf(finding.Line(line), psLocation(pod, c, path), evidence,
					"%s %s: %s; %s", obj.ID(), containerName(c), what, consequence)
			}
		}
	}
}

// psDebugArgs finds a debug switch in the container's command and args:
// the first item that holds one on its own, or else the whole command
// line (reported at its first key).
func psDebugArgs(c *kube.Container) ([]string, string, bool) {
	lists := []struct {
		key   string
		items []string
	}{{"command", c.Spec.Command}, {"args", c.Spec.Args}}
	for _, l := range lists {
		for i, item := range l.items {
			if what, ok := knowledge.DebugArgs(item); ok {
				return psJoin(c.Path, l.key, strconv.Itoa(i)), what, true // the location drops the index
			}
		}
	}
	all := strings.Join(append(append([]string{}, c.Spec.Command...), c.Spec.Args...), " ")
	if what, ok := knowledge.DebugArgs(all); ok {
		key := "command"
		if len(c.Spec.Command) == 0 {
			key = "args"
		}
		return psJoin(c.Path, key), what, true
	}
	return nil, "", false
}
