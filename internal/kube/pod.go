package kube

import (
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	sigsjson "sigs.k8s.io/json"
)

// maxDecodeErrors is how many bad fields PodSpec reports (and drops) per
// object before it gives up on decoding the pod spec.
const maxDecodeErrors = 8

// Container groups, as the pod spec names them.
const (
	GroupInit      = "initContainers"
	GroupApp       = "containers"
	GroupEphemeral = "ephemeralContainers"
)

// Pod is the pod of a workload object: its decoded spec, the metadata of
// its pod template and where both sit in the object.
type Pod struct {
	// Object is the workload the pod belongs to.
	Object *Object
	// Spec is the decoded pod spec. Fields that had the wrong type are left
	// at their zero value and reported in DecodeErrors.
	Spec *corev1.PodSpec
	// Meta holds the name, namespace, labels and annotations of the pod
	// template (of the object itself for a Pod).
	Meta metav1.ObjectMeta
	// Path leads to the pod spec node: spec,template,spec for a Deployment.
	Path []string
	// MetaPath leads to the pod template's metadata: spec,template,metadata.
	MetaPath []string
	// DecodeErrors are the fields that could not be decoded.
	DecodeErrors []*DecodeError

	containersOnce sync.Once
	containers     []*Container

	pssMu    sync.Mutex
	pssCache map[string][]PSSViolation
}

// Container is one container of a pod: init, app or ephemeral.
type Container struct {
	// Pod is the pod the container belongs to.
	Pod *Pod
	// Group is GroupInit, GroupApp or GroupEphemeral.
	Group string
	// Index is the position in its group's list.
	Index int
	// Name is the container's name.
	Name string
	// Spec is the decoded container (an ephemeral container's common part).
	Spec *corev1.Container
	// Path leads to the container's node: spec,template,spec,containers,0.
	Path []string
	// Effective is the security context the container runs with: its own
	// merged over the pod's.
	Effective SecurityContext
}

// DecodeError is a field of a pod spec that does not have the type the
// Kubernetes API expects. Decoding goes on without it.
type DecodeError struct {
	// Object is the workload the field belongs to.
	Object *Object
	// Line is the line of the field (its key), 1-based.
	Line int
	// Path leads from the object's root to the field.
	Path []string
	// Msg says what is wrong, without the field's value.
	Msg string
}

// Error returns "ID: line N: path: message".
func (e *DecodeError) Error() string {
	return fmt.Sprintf("%s: line %d: %s: %s", e.Object.ID(), e.Line, FormatPath(e.Path), e.Msg)
}

// workloadKind says where a workload kind keeps its pod template.
type workloadKind struct {
	groups   []string // API groups the kind is served from
	specPath []string
	metaPath []string
}

var (
	templatePath = workloadKind{specPath: []string{"spec", "template", "spec"}, metaPath: []string{"spec", "template", "metadata"}}
	coreGroups   = []string{""}
	appsGroups   = []string{"apps", "extensions"}
	batchGroups  = []string{"batch"}
	// knativeGroups: Knative Services, Configurations and Revisions carry a
	// pod spec that runs as-is.
	knativeGroups = []string{"serving.knative.dev"}
)

// workloadKinds lists the kinds that run pods.
var workloadKinds = map[string]workloadKind{
	"Pod":                   {groups: coreGroups, specPath: []string{"spec"}, metaPath: []string{"metadata"}},
	"PodTemplate":           {groups: coreGroups, specPath: []string{"template", "spec"}, metaPath: []string{"template", "metadata"}},
	"ReplicationController": withGroups(templatePath, coreGroups),
	"Deployment":            withGroups(templatePath, appsGroups),
	"StatefulSet":           withGroups(templatePath, appsGroups),
	"DaemonSet":             withGroups(templatePath, appsGroups),
	"ReplicaSet":            withGroups(templatePath, appsGroups),
	"Job":                   withGroups(templatePath, batchGroups),
	"CronJob": {groups: batchGroups,
		specPath: []string{"spec", "jobTemplate", "spec", "template", "spec"},
		metaPath: []string{"spec", "jobTemplate", "spec", "template", "metadata"}},
	// Two common custom workloads with a pod template at spec.template.
	"DeploymentConfig": withGroups(templatePath, []string{"apps.openshift.io", ""}),
	"Rollout":          withGroups(templatePath, []string{"argoproj.io"}),
	// Knative serving: spec.template.spec (Service, Configuration) or spec (Revision).
	"Service":       withGroups(templatePath, knativeGroups),
	"Configuration": withGroups(templatePath, knativeGroups),
	"Revision":      {groups: knativeGroups, specPath: []string{"spec"}, metaPath: []string{"metadata"}},
}

func withGroups(k workloadKind, groups []string) workloadKind {
	k.groups = groups
	return k
}

// IsWorkloadKind reports whether kind (in API group group, "" for core)
// is a kind that runs pods and PodSpec decodes.
func IsWorkloadKind(group, kind string) bool {
	_, ok := workload(group, kind)
	return ok
}

// workload looks a kind up. An object without apiVersion matches by kind.
func workload(group, kind string) (workloadKind, bool) {
	k, ok := workloadKinds[kind]
	if !ok {
		return k, false
	}
	for _, g := range k.groups {
		if g == group {
			return k, true
		}
	}
	return k, false
}

// IsWorkload reports whether the object is of a kind that runs pods.
func (o *Object) IsWorkload() bool {
	if o.APIVersion == "" {
		_, ok := workloadKinds[o.Kind]
		return ok
	}
	return IsWorkloadKind(o.Group(), o.Kind)
}

// PodSpec returns the pod of a workload object, decoded once and cached.
// It returns nil, nil for kinds that do not run pods and for workloads
// without a pod template (e.g. a kustomize patch). When fields have the
// wrong type it returns the pod decoded without them and a *DecodeError
// for the first (all are in Pod.DecodeErrors); when the pod spec is not a
// mapping it returns nil and a *DecodeError.
func (o *Object) PodSpec() (*Pod, error) {
	o.podOnce.Do(func() { o.pod, o.podErr = o.decodePod() })
	return o.pod, o.podErr
}

func (o *Object) decodePod() (*Pod, error) {
	if !o.IsWorkload() {
		return nil, nil
	}
	k := workloadKinds[o.Kind]
	node := resolve(o.Get(k.specPath...))
	if node == nil || node.Kind == yaml.ScalarNode && node.ShortTag() == "!!null" {
		return nil, nil // no pod template
	}
	p := &Pod{Object: o, Path: k.specPath, MetaPath: k.metaPath, Spec: new(corev1.PodSpec)}
	if node.Kind != yaml.MappingNode {
		line, _ := o.Line(k.specPath...)
		return nil, &DecodeError{Object: o, Line: line, Path: k.specPath, Msg: "pod spec is not a mapping"}
	}
	if meta := o.Get(k.metaPath...); meta != nil {
		p.Meta.Name = scalarValue(mapValue(meta, "name"))
		p.Meta.Namespace = scalarValue(mapValue(meta, "namespace"))
		p.Meta.Labels = stringMap(mapValue(meta, "labels"))
		p.Meta.Annotations = stringMap(mapValue(meta, "annotations"))
	}
	if k.metaPath[0] == "metadata" {
		p.Meta.Name, p.Meta.Namespace = o.Name, o.Namespace
	}
	p.DecodeErrors = decodeNode(o, node, k.specPath, p.Spec)
	defaultVolumes(p.Spec)
	if len(p.DecodeErrors) > 0 {
		return p, p.DecodeErrors[0]
	}
	return p, nil
}

// defaultVolumes gives a volume that names no source the emptyDir the API
// server defaults it to (SetDefaults_Volume), so it is judged as what runs.
func defaultVolumes(spec *corev1.PodSpec) {
	for i := range spec.Volumes {
		if reflect.ValueOf(spec.Volumes[i].VolumeSource).IsZero() {
			spec.Volumes[i].EmptyDir = &corev1.EmptyDirVolumeSource{}
		}
	}
}

// decodeNode decodes the tree at node (found at path in o) into v, a
// pointer to a fresh value. A field whose type is wrong is located by
// decoding smaller and smaller parts of the tree, reported, and left out
// of the next try, so one bad field does not lose the rest.
func decodeNode(o *Object, node *yaml.Node, path []string, v any) []*DecodeError {
	var errs []*DecodeError
	skip := map[*yaml.Node]bool{}
	for {
		w := jsonWriter{buf: make([]byte, 0, 4096), skip: skip}
		if err := w.value(node, 0); err != nil {
			line, _ := o.Line(path...)
			return append(errs, &DecodeError{Object: o, Line: line, Path: path, Msg: err.Error()})
		}
		reset(v)
		err := sigsjson.UnmarshalCaseSensitivePreserveInts(w.buf, v)
		if err == nil {
			return errs
		}
		bad := locate(o, node, path, v, skip)
		if bad == nil || len(errs) == maxDecodeErrors-1 {
			line, _ := o.Line(path...)
			reset(v)
			return append(errs, &DecodeError{Object: o, Line: line, Path: path, Msg: errorText(err)})
		}
		errs = append(errs, bad.err)
		skip[bad.node] = true
	}
}

// reset sets *v to its zero value.
func reset(v any) {
	rv := reflect.ValueOf(v).Elem()
	rv.Set(reflect.Zero(rv.Type()))
}

// culprit is a node that does not decode, and the error it gives.
type culprit struct {
	node *yaml.Node
	err  *DecodeError
}

// locate finds the smallest part of the tree at node that fails to decode
// on its own, by decoding each child wrapped in the keys that lead to it.
func locate(o *Object, node *yaml.Node, path []string, v any, skip map[*yaml.Node]bool) *culprit {
	try := func(prefix []byte, child *yaml.Node, suffix []byte) error {
		w := jsonWriter{buf: append([]byte(nil), prefix...), skip: skip}
		if err := w.value(child, 0); err != nil {
			return err
		}
		w.buf = append(w.buf, suffix...)
		fresh := reflect.New(reflect.TypeOf(v).Elem()).Interface()
		return sigsjson.UnmarshalCaseSensitivePreserveInts(w.buf, fresh)
	}
	var found *culprit
	var search func(n *yaml.Node, keyLine int, path []string, prefix, suffix []byte, depth int) bool
	search = func(n *yaml.Node, keyLine int, path []string, prefix, suffix []byte, depth int) bool {
		r := resolve(n)
		if r == nil || depth > maxJSONDepth {
			return false
		}
		switch r.Kind {
		case yaml.MappingNode:
			for _, e := range mergedEntries(r) {
				if skip[e.v] {
					continue
				}
				w := jsonWriter{}
				w.str(keyText(e.k))
				pre := append(append(append([]byte(nil), prefix...), '{'), w.buf...)
				pre = append(pre, ':')
				suf := append([]byte{'}'}, suffix...)
				if err := try(pre, e.v, suf); err != nil {
					p := append(append([]string(nil), path...), keyText(e.k))
					if !search(e.v, e.k.Line, p, pre, suf, depth+1) {
						found = &culprit{node: e.v, err: &DecodeError{Object: o, Line: e.k.Line, Path: p, Msg: errorText(err)}}
					}
					return true
				}
			}
		case yaml.SequenceNode:
			for i, c := range r.Content {
				if skip[c] {
					continue
				}
				pre := append(append([]byte(nil), prefix...), '[')
				suf := append([]byte{']'}, suffix...)
				if err := try(pre, c, suf); err != nil {
					p := append(append([]string(nil), path...), strconv.Itoa(i))
					if !search(c, c.Line, p, pre, suf, depth+1) {
						found = &culprit{node: c, err: &DecodeError{Object: o, Line: c.Line, Path: p, Msg: errorText(err)}}
					}
					return true
				}
			}
		}
		return false
	}
	line, _ := o.Line(path...)
	search(node, line, path, nil, nil, 0)
	return found
}

// typeErrorRE matches the JSON decoders' type errors.
var typeErrorRE = regexp.MustCompile(`cannot unmarshal (\w+)(?: [^ ]+)? into Go (?:struct field \S+|value) of type (\S+)`)

// errorText turns a JSON decoding error into a message without values.
func errorText(err error) string {
	if errors.Is(err, errExpansion) {
		return err.Error()
	}
	msg := err.Error()
	if m := typeErrorRE.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("want %s, got %s", goTypeName(m[2]), m[1])
	}
	return strings.TrimPrefix(msg, "json: ")
}

var (
	podTypesOnce sync.Once
	podTypes     map[string]string // Go type name in PodSpec → what JSON it wants
)

// goTypeName says what JSON the Go type named t (as the decoder prints it)
// wants: "integer", "list", "mapping"...
func goTypeName(t string) string {
	podTypesOnce.Do(func() {
		podTypes = map[string]string{}
		var walk func(rt reflect.Type)
		walk = func(rt reflect.Type) {
			if _, ok := podTypes[rt.String()]; ok {
				return
			}
			podTypes[rt.String()] = typeName(rt)
			switch rt.Kind() {
			case reflect.Pointer, reflect.Slice, reflect.Array:
				walk(rt.Elem())
			case reflect.Map:
				walk(rt.Key())
				walk(rt.Elem())
			case reflect.Struct:
				for i := 0; i < rt.NumField(); i++ {
					walk(rt.Field(i).Type)
				}
			}
		}
		walk(reflect.TypeOf(corev1.PodSpec{}))
	})
	if n, ok := podTypes[t]; ok {
		return n
	}
	return t
}

// typeName says what JSON a Go type wants.
func typeName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "integer"
	case reflect.Float32, reflect.Float64:
		return "number"
	case reflect.Slice, reflect.Array:
		return "list"
	case reflect.Map:
		return "mapping"
	case reflect.Struct:
		if t.String() == "intstr.IntOrString" {
			return "integer or string"
		}
		if t.String() == "resource.Quantity" {
			return "quantity"
		}
		return "mapping"
	case reflect.Pointer:
		return typeName(t.Elem())
	}
	return t.String()
}

// Line returns the line of path below the pod spec (see Object.Line).
func (p *Pod) Line(path ...string) (line int, exact bool) {
	return p.Object.Line(p.join(path)...)
}

// Get returns the node of path below the pod spec (see Object.Get).
func (p *Pod) Get(path ...string) *yaml.Node {
	return p.Object.Get(p.join(path)...)
}

// join returns the pod spec path followed by rel, in a new slice.
func (p *Pod) join(rel []string) []string {
	return joinPath(p.Path, rel...)
}

// joinPath returns base followed by rel, in a new slice.
func joinPath(base []string, rel ...string) []string {
	out := make([]string, 0, len(base)+len(rel))
	return append(append(out, base...), rel...)
}

// Containers returns the pod's init containers, app containers and
// ephemeral containers, in that order, each with its effective security
// context. The slice is computed once; do not modify it.
func (p *Pod) Containers() []*Container {
	p.containersOnce.Do(func() {
		s := p.Spec
		out := make([]*Container, 0, len(s.InitContainers)+len(s.Containers)+len(s.EphemeralContainers))
		add := func(group string, i int, c *corev1.Container) {
			out = append(out, &Container{
				Pod: p, Group: group, Index: i, Name: c.Name, Spec: c,
				Path:      joinPath(p.Path, group, strconv.Itoa(i)),
				Effective: effective(s.SecurityContext, c.SecurityContext),
			})
		}
		for i := range s.InitContainers {
			add(GroupInit, i, &s.InitContainers[i])
		}
		for i := range s.Containers {
			add(GroupApp, i, &s.Containers[i])
		}
		for i := range s.EphemeralContainers {
			add(GroupEphemeral, i, (*corev1.Container)(&s.EphemeralContainers[i].EphemeralContainerCommon))
		}
		p.containers = out
	})
	return p.containers
}

// Partial reports whether the pod spec is a fragment rather than a pod
// that can run: it has no containers, or a container has no image (which
// the API server requires). Such specs are kustomize strategic-merge
// patches and overlays, merged over a base defined elsewhere, so what
// they leave unset says nothing about what runs; only what they set
// counts.
func (p *Pod) Partial() bool {
	cs := p.Containers()
	if len(p.Spec.Containers) == 0 {
		return true
	}
	for _, c := range cs {
		if strings.TrimSpace(c.Spec.Image) == "" {
			return true
		}
	}
	return false
}

// Line returns the line of path below the container (see Object.Line).
func (c *Container) Line(path ...string) (line int, exact bool) {
	return c.Pod.Object.Line(joinPath(c.Path, path...)...)
}

// Sidecar reports whether c is a native sidecar: an init container with
// restartPolicy Always, which runs for the whole life of the pod.
func (c *Container) Sidecar() bool {
	return c.Group == GroupInit && c.Spec.RestartPolicy != nil && *c.Spec.RestartPolicy == corev1.ContainerRestartPolicyAlways
}

// LongRunning reports whether c runs alongside the app for the life of the
// pod: an app container or a sidecar (not a run-to-completion init
// container, not an ephemeral debug container).
func (c *Container) LongRunning() bool {
	return c.Group == GroupApp || c.Sidecar()
}

// Ref names the container for messages and fingerprints:
// "containers[web]", "initContainers[1]" when it has no name.
func (c *Container) Ref() string {
	if c.Name != "" {
		return c.Group + "[" + c.Name + "]"
	}
	return c.Group + "[" + strconv.Itoa(c.Index) + "]"
}
