package kube

import (
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// K8S049 flags every NodePort Service (off by default).
var K8S049 = &rule.Rule{
	ID:       "K8S049",
	Name:     "node-port-service",
	Title:    "Service of type NodePort",
	Severity: finding.Info,
	Kind:     rule.KindKubernetes,
	Note:     "network-exposure",
	Equivalents: rule.Equivalents{KICS: []string{"service_type_is_nodeport"},
		KubeLinter: []string{"exposed-services"}, KubeScore: []string{"service-type"}},
	DefaultOff: true,
	Check:      checkK8S049,
}

func checkK8S049(p *rule.Pass) {
	for _, obj := range obObjects(p) {
		if !obIsCore(obj, "Service") {
			continue
		}
		if typ, _ := obScalar(obj.Get("spec", "type")); typ != "NodePort" {
			continue
		}
		line, _ := obj.Line("spec", "type")
		p.Reportf(finding.Line(line), obj.ID()+"/spec.type", "type=NodePort",
			"%s is a NodePort Service: it opens its ports on every node's addresses, past the ingress and any load-balancer rules; use a ClusterIP Service behind an Ingress or Gateway, or a LoadBalancer with loadBalancerSourceRanges",
			obj.ID())
	}
}
