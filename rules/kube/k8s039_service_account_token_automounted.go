package kube

import (
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/kube"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// K8S039 flags pods that get a service account token mounted: the pod
// sets automountServiceAccountToken: true, or leaves it unset while its
// ServiceAccount (when the same file defines it) does not set it to false.
var K8S039 = &rule.Rule{
	ID:       "K8S039",
	Name:     "service-account-token-automounted",
	Title:    "Service account token is mounted into the pod",
	Severity: finding.Low,
	Kind:     rule.KindKubernetes,
	Note:     "least-privilege",
	Equivalents: rule.Equivalents{Trivy: []string{"KSV-0036"}, Checkov: []string{"CKV_K8S_38"},
		KICS: []string{"service_account_token_automount_not_disabled"}},
	Check: checkK8S039,
}

func checkK8S039(p *rule.Pass) {
	var lines []string
	for _, pod := range workloadPods(p) {
		obj := pod.Object
		sa := obServiceAccountName(pod)
		loc := obPodLoc(pod, "automountServiceAccountToken")
		if lines == nil {
			lines = fileLines(p)
		}
		if v := pod.Spec.AutomountServiceAccountToken; v != nil {
			if !*v {
				continue
			}
			line, _ := pod.Line("automountServiceAccountToken")
			p.Report(finding.Finding{Range: finding.Line(line), Location: loc, Evidence: "automountServiceAccountToken=true",
				Message: obj.ID() + " sets automountServiceAccountToken: true, so every container gets the token of service account " + sa +
					" and anyone who takes over a container can call the Kubernetes API with its rights; set it to false unless the app calls the API",
				Fix: k8s039Fix(lines, pod)})
			continue
		}
		if pod.Partial() {
			continue // unset in a patch: its base may set it
		}
		if acct := obFindServiceAccount(p, pod, sa); acct != nil {
			if n := acct.Get("automountServiceAccountToken"); n != nil {
				v, _ := obScalar(n)
				if v == "false" {
					continue
				}
				if v == "true" {
					line, _ := acct.Line("automountServiceAccountToken")
					p.Report(finding.Finding{Range: finding.Line(line), Location: loc, Evidence: "serviceaccount:automountServiceAccountToken=true",
						Message: obj.ID() + " leaves automountServiceAccountToken unset and its " + acct.ID() + " sets it to true, so every container gets the account's token and anyone who takes over a container can call the Kubernetes API with its rights; set automountServiceAccountToken: false on the pod unless the app calls the API",
						Fix:     k8s039Fix(lines, pod)})
					continue
				}
			}
		}
		line, _ := pod.Line()
		p.Report(finding.Finding{Range: finding.Line(line), Location: loc, Evidence: "automountServiceAccountToken unset",
			Message: obj.ID() + " does not set automountServiceAccountToken (not set: defaults to true), so every container gets the token of service account " + sa +
				" and anyone who takes over a container can call the Kubernetes API with its rights; set it to false unless the app calls the API",
			Fix: k8s039Fix(lines, pod)})
	}
}

// obServiceAccountName is the service account the pod runs as: its
// serviceAccountName, the deprecated serviceAccount, or "default".
func obServiceAccountName(pod *kube.Pod) string {
	if n := pod.Spec.ServiceAccountName; n != "" {
		return n
	}
	if n := pod.Spec.DeprecatedServiceAccount; n != "" {
		return n
	}
	return "default"
}

// obFindServiceAccount returns the ServiceAccount named name that the
// file defines in the pod's namespace (an empty namespace on either side
// matches), or nil.
func obFindServiceAccount(p *rule.Pass, pod *kube.Pod, name string) *kube.Object {
	ns := pod.Object.Namespace
	for _, o := range obObjects(p) {
		if !obIsCore(o, "ServiceAccount") || o.Name != name {
			continue
		}
		if ns == "" || o.Namespace == "" || o.Namespace == ns {
			return o
		}
	}
	return nil
}

// k8s039Fix sets automountServiceAccountToken: false at the pod level.
func k8s039Fix(lines []string, pod *kube.Pod) *finding.Fix {
	var e finding.Edit
	var ok bool
	if pod.Get("automountServiceAccountToken") != nil {
		line, _ := pod.Line("automountServiceAccountToken")
		e, ok = obReplaceValue(lines, line, "automountServiceAccountToken", "false")
	} else {
		e, ok = obInsertKey(lines, pod.Get(), "automountServiceAccountToken: false")
	}
	if !ok {
		return nil
	}
	return &finding.Fix{Description: "Set automountServiceAccountToken: false (if the app does not call the Kubernetes API)", Edits: []finding.Edit{e}}
}
