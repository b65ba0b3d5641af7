package kube

import (
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// K8S002 flags what the Pod Security Standards control "Host Namespaces" forbids (verdicts
// from k8s.io/pod-security-admission; see pssRuleChecks).
var K8S002 = &rule.Rule{
	ID:          "K8S002",
	Name:        "pss-host-namespaces",
	Title:       "Pod shares a host namespace",
	Severity:    finding.High,
	Kind:        rule.KindKubernetes,
	Note:        "least-privilege",
	Equivalents: rule.Equivalents{Trivy: []string{"KSV-0008", "KSV-0009", "KSV-0010"}, Checkov: []string{"CKV_K8S_17", "CKV_K8S_18", "CKV_K8S_19"}, KICS: []string{"shared_host_ipc_namespace", "shared_host_network_namespace", "shared_host_pid_namespace"}, KubeLinter: []string{"host-ipc", "host-network", "host-pid"}, PSS: []string{"Host Namespaces"}},
	Check:       checkK8S002,
}

func checkK8S002(p *rule.Pass) {
	for _, v := range pssViolations(p) {
		pssReportOne(p, v, k8s002Consequence(v.Path), nil)
	}
}

// k8s002Consequence says what sharing the namespace at path (…hostNetwork,
// …hostPID, …hostIPC) hands an intruder.
func k8s002Consequence(path []string) string {
	field := ""
	if len(path) > 0 {
		field = path[len(path)-1]
	}
	switch field {
	case "hostNetwork":
		return "the pod uses the node's network stack, so an intruder reaches services bound to the node's localhost, sniffs its traffic and gets around network policies"
	case "hostPID":
		return "the pod sees every process of the node, so an intruder reads their environment and files through /proc and can signal or trace them"
	case "hostIPC":
		return "the pod shares the node's shared memory and IPC objects, so an intruder reads or tampers with what other processes of the node exchange there"
	}
	return "an intruder sees the node's processes, network stack or shared memory and can attack them from the pod"
}
