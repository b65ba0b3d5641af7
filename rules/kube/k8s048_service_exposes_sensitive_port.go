package kube

import (
	"strconv"
	"strings"

	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/knowledge"
	"github.com/stevedore-dev/stevedore/internal/kube"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// K8S048 flags the ports of a Service reachable from outside the cluster
// (type NodePort or LoadBalancer, or externalIPs) whose port or targetPort
// is an admin, debug or database port.
var K8S048 = &rule.Rule{
	ID:       "K8S048",
	Name:     "service-exposes-sensitive-port",
	Title:    "Service exposes an admin, debug or database port outside the cluster",
	Severity: finding.High,
	Kind:     rule.KindKubernetes,
	Note:     "network-exposure",
	Check:    checkK8S048,
}

func checkK8S048(p *rule.Pass) {
	for _, obj := range obObjects(p) {
		if !obIsCore(obj, "Service") {
			continue
		}
		typ, _ := obScalar(obj.Get("spec", "type"))
		how := ""
		switch {
		case typ == "NodePort":
			how = "a NodePort Service opens it on every node"
		case typ == "LoadBalancer" && k8s048InternalLB(obj):
			how = "an internal LoadBalancer Service opens it to the private network around the cluster (and on every node)"
		case typ == "LoadBalancer":
			how = "a LoadBalancer Service opens it on an external load balancer (and every node)"
		case len(obStrings(obj.Get("spec", "externalIPs"))) > 0:
			how = "the Service's externalIPs route it from outside the cluster"
		default:
			continue
		}
		ports := resolveNode(obj.Get("spec", "ports"))
		if ports == nil {
			continue
		}
		for i, item := range ports.Content {
			for _, field := range []string{"port", "targetPort"} {
				v, ok := obScalar(obj.Get("spec", "ports", strconv.Itoa(i), field))
				if !ok {
					continue
				}
				n := intstr.Parse(v)
				if n.Type != intstr.Int {
					continue // a named port: its number lives in the pod
				}
				info, ok := knowledge.SensitivePort(n.IntValue())
				if !ok {
					continue
				}
				pn, _ := obScalar(obj.Get("spec", "ports", strconv.Itoa(i), "name"))
				if !sensitivePortConfirmed(n.IntValue(), k8s048Hints(obj, pn)...) {
					continue
				}
				name := v
				if pn != "" {
					name = pn
				}
				line, _ := obj.Line("spec", "ports", strconv.Itoa(i), field)
				if line == 0 {
					line = resolveNode(item).Line
				}
				p.Reportf(finding.Line(line), obj.ID()+"/spec.ports["+name+"]", field+"="+v+" "+info.Service,
					"%s exposes %s %s (%s %s) outside the cluster: %s, where anyone who reaches it can try credentials or exploits; keep the Service ClusterIP and reach it through a VPN, kubectl port-forward or an authenticated proxy",
					obj.ID(), field, v, info.Service, info.Kind+" port", how)
				break
			}
		}
	}
}

// k8s048InternalLBAnnotations are the cloud annotations that make a
// LoadBalancer Service internal, with the value that does.
var k8s048InternalLBAnnotations = map[string]string{
	"networking.gke.io/load-balancer-type":                        "internal",
	"cloud.google.com/load-balancer-type":                         "internal",
	"service.beta.kubernetes.io/aws-load-balancer-internal":       "true",
	"service.beta.kubernetes.io/aws-load-balancer-scheme":         "internal",
	"service.beta.kubernetes.io/azure-load-balancer-internal":     "true",
	"service.beta.kubernetes.io/oci-load-balancer-internal":       "true",
	"service.kubernetes.io/oci-load-balancer-internal":            "true",
	"service.beta.kubernetes.io/openstack-internal-load-balancer": "true",
}

// k8s048InternalLB reports whether a LoadBalancer Service asks its cloud
// for an internal load balancer (reachable from the private network, not
// the internet).
func k8s048InternalLB(obj *kube.Object) bool {
	for _, e := range obEntries(obj.Get("metadata", "annotations")) {
		want, ok := k8s048InternalLBAnnotations[e.key]
		if !ok {
			continue
		}
		if v, ok := obScalar(e.v); ok && strings.EqualFold(strings.TrimSpace(v), want) {
			return true
		}
	}
	return false
}

// k8s048Hints are the names that tell what listens behind a Service port:
// the port's name, the Service's name and its selector's values.
func k8s048Hints(obj *kube.Object, portName string) []string {
	hints := []string{portName, obj.Name}
	for _, e := range obEntries(obj.Get("spec", "selector")) {
		if v, ok := obScalar(e.v); ok {
			hints = append(hints, v)
		}
	}
	return hints
}
