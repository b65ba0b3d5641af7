package kube

import (
	"strings"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/kube"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// K8S052 flags namespaced objects without a namespace or in default,
// kube-system or kube-public (off by default). Cluster-scoped kinds
// (Namespace, ClusterRole, CustomResourceDefinition, any kind named
// Cluster…) are skipped, and so are files that are not applied as they
// are (kustomization, kubeconfig).
var K8S052 = &rule.Rule{
	ID:       "K8S052",
	Name:     "default-namespace",
	Title:    "Object has no namespace or uses a shared system namespace",
	Severity: finding.Info,
	Kind:     rule.KindKubernetes,
	Note:     "least-privilege",
	Equivalents: rule.Equivalents{Trivy: []string{"KSV-0110", "KSV-0037"}, Checkov: []string{"CKV_K8S_21"},
		KICS: []string{"using_unrecommended_namespace"}, KubeLinter: []string{"use-namespace"}},
	DefaultOff: true,
	Check:      checkK8S052,
}

// k8s052ClusterScoped are the built-in kinds that have no namespace.
var k8s052ClusterScoped = map[string]bool{
	"Namespace": true, "Node": true, "PersistentVolume": true, "StorageClass": true, "CustomResourceDefinition": true,
	"PriorityClass": true, "RuntimeClass": true, "ValidatingWebhookConfiguration": true, "MutatingWebhookConfiguration": true,
	"ValidatingAdmissionPolicy": true, "ValidatingAdmissionPolicyBinding": true, "MutatingAdmissionPolicy": true,
	"MutatingAdmissionPolicyBinding": true, "APIService": true, "CertificateSigningRequest": true, "IngressClass": true,
	"CSIDriver": true, "CSINode": true, "VolumeAttachment": true, "PodSecurityPolicy": true, "ComponentStatus": true,
	"FlowSchema": true, "PriorityLevelConfiguration": true, "VolumeSnapshotClass": true, "GatewayClass": true,
	"SecurityContextConstraints": true, "StorageVersionMigration": true, "DeviceClass": true, "IPAddress": true,
	"ServiceCIDR": true, "SelfSubjectReview": true, "TokenReview": true, "SubjectAccessReview": true,
	// Not applied as objects at all.
	"Config": true, "Kustomization": true, "Component": true,
}

func checkK8S052(p *rule.Pass) {
	for _, obj := range obObjects(p) {
		if obj.Kind == "" || k8s052ClusterScoped[obj.Kind] || strings.HasPrefix(obj.Kind, "Cluster") {
			continue
		}
		if strings.HasPrefix(obj.APIVersion, "kustomize.config.k8s.io/") {
			continue
		}
		switch obj.Namespace {
		case "":
			k8s052Report(p, obj, "has no namespace, so it lands in whatever namespace kubectl or the pipeline is pointed at, usually default, next to unrelated workloads and their permissions")
		case "default":
			k8s052Report(p, obj, "is in the default namespace, where everything without a home lands, so its service accounts, Secrets and network policies are shared with unrelated workloads")
		case "kube-system":
			k8s052Report(p, obj, "is in kube-system, the namespace of the cluster's own components, which admission policies usually exempt and whose service accounts are the most powerful")
		case "kube-public":
			k8s052Report(p, obj, "is in kube-public, which every client, even unauthenticated ones, may be allowed to read")
		}
	}
}

func k8s052Report(p *rule.Pass, obj *kube.Object, why string) {
	line, _ := obj.Line("metadata", "namespace")
	ev := "namespace=" + obj.Namespace
	if obj.Namespace == "" {
		ev = "namespace unset"
		line, _ = obj.Line("metadata", "name") // or metadata, or the object
	}
	p.Reportf(finding.Line(line), obj.ID()+"/metadata.namespace", ev,
		"%s %s; give the application its own namespace", obj.ID(), why)
}
