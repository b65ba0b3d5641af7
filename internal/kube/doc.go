// Package kube reads Kubernetes manifests into objects that keep their
// yaml.v3 nodes (and so their lines and comments), finds the pod spec of
// every workload kind, merges pod and container security contexts as the
// kubelet does and evaluates the Pod Security Standards with
// k8s.io/pod-security-admission, splitting each verdict per container so
// that every violation has a position.
//
// The model is built so that the right thing is the easy thing for rules:
//
//   - Parse keeps every good document of a file and reports the bad one as
//     a *ParseError with a line; List kinds are expanded into their items.
//   - (*Object).PodSpec returns nil for kinds that are not workloads, so a
//     rule about containers never looks at a ConfigMap.
//   - (*Pod).Containers covers init, app and ephemeral containers, and
//     each Container carries its Effective security context (pod level
//     merged in, container wins) with the origin of every value.
//   - (*Pod).EvaluatePSS gives the library's verdicts with our positions.
//
// Paths are lists of map keys and sequence indices (decimal strings) from
// the object's root mapping, e.g. spec,template,spec,containers,0; use
// (*Object).Line to turn one into a line number and FormatPath to print it.
package kube
