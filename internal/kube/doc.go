// Package kube reads Kubernetes manifests into objects that keep their
// yaml.v3 nodes (and so their lines), finds the pod spec of every workload
// kind, merges pod and container security contexts as the kubelet does and
// evaluates the Pod Security Standards with k8s.io/pod-security-admission.
package kube

// File is a parsed manifest file. (Stub: filled in by the model implementation.)
type File struct{}
