// Package posture describes the security-relevant properties of what a
// change ships — per Dockerfile (its final stage), per Compose service and
// per Kubernetes workload container — and compares two revisions of them:
// which user runs, which base image (pinned, end of life), privileged,
// capabilities, host namespaces, host mounts, runAsNonRoot,
// readOnlyRootFilesystem, allowPrivilegeEscalation, exposed ports and how
// many literal secrets. It reads the models the engine already parsed; it
// never parses a file itself.
package posture

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/stevedore-dev/stevedore/internal/compose"
	"github.com/stevedore-dev/stevedore/internal/dockerfile"
	"github.com/stevedore-dev/stevedore/internal/image"
	"github.com/stevedore-dev/stevedore/internal/kube"
)

// Subject kinds.
const (
	KindDockerfile = "dockerfile"
	KindService    = "service"
	KindContainer  = "container"
)

// Property names, as shown to people.
const (
	PropUser             = "user"
	PropImage            = "image"
	PropDigestPinned     = "digest pinned"
	PropEndOfLife        = "end of life"
	PropPrivileged       = "privileged"
	PropCapAdd           = "capabilities added"
	PropCapDrop          = "capabilities dropped"
	PropHostNamespaces   = "host namespaces"
	PropHostMounts       = "host mounts"
	PropRunAsNonRoot     = "runAsNonRoot"
	PropReadOnlyRoot     = "readOnlyRootFilesystem"
	PropPrivilegeEscal   = "allowPrivilegeEscalation"
	PropPorts            = "exposed ports"
	PropSecrets          = "literal secrets"
	notSet               = "not set"
	none                 = "none"
	unknownImageDefault  = "not set (image default)"
	escalationDefaultVal = "not set (defaults to true)"
)

// Property is one security-relevant value of a subject. Risk orders values
// of the same property: a higher Risk is worse.
type Property struct {
	Name  string `json:"name"`
	Value string `json:"value"`
	Risk  int    `json:"risk"`
}

// Subject is one thing that runs: a Dockerfile's shipped stage, a Compose
// service or a workload container.
type Subject struct {
	Kind string `json:"kind"`
	// Path is the file that defines the subject (a Compose project's main file).
	Path string `json:"path"`
	// Name identifies the subject within the file: "final stage",
	// "service web", "Deployment/web containers[app]".
	Name       string     `json:"name"`
	Properties []Property `json:"properties"`
}

// Prop returns the property called name, and whether the subject has it.
func (s Subject) Prop(name string) (Property, bool) {
	for _, p := range s.Properties {
		if p.Name == name {
			return p, true
		}
	}
	return Property{}, false
}

// Options carry what judging needs beyond the model.
type Options struct {
	// Today is the date end-of-life status is judged on.
	Today time.Time
	// EOLSoonDays is the "end of life soon" window (default 90).
	EOLSoonDays int
}

// Of returns the subjects of a parsed model: *dockerfile.File,
// *compose.Project or *kube.File (anything else gives none).
func Of(path string, model any, opts Options) []Subject {
	if opts.EOLSoonDays == 0 {
		opts.EOLSoonDays = 90
	}
	switch m := model.(type) {
	case *dockerfile.File:
		return ofDockerfile(path, m, opts)
	case *compose.Project:
		return ofCompose(path, m, opts)
	case *kube.File:
		return ofKube(path, m, opts)
	}
	return nil
}

// imageProps describes an image reference: the reference, whether it is
// pinned by digest, and its end-of-life status.
func imageProps(ref string, opts Options) []Property {
	if ref == "" {
		return nil
	}
	out := []Property{{Name: PropImage, Value: ref}}
	r, err := image.Parse(ref)
	if err != nil || r.Scratch {
		return out
	}
	pinned := Property{Name: PropDigestPinned, Value: "yes"}
	if r.Digest == "" {
		pinned = Property{Name: PropDigestPinned, Value: "no", Risk: 1}
	}
	out = append(out, pinned)
	if r.Variable {
		return out
	}
	v := image.Lifecycle(r, opts.Today, opts.EOLSoonDays)
	risk := 0
	switch v.Status {
	case image.StatusEOLSoon:
		risk = 1
	case image.StatusEOL, image.StatusDeprecatedImage:
		risk = 2
	}
	value := string(v.Status)
	if v.Status == image.StatusEOL && !v.EOLDate.IsZero() {
		value += " since " + v.EOLDate.Format("2006-01-02")
	}
	return append(out, Property{Name: PropEndOfLife, Value: value, Risk: risk})
}

// listProp renders a sorted list ("none" when empty) with one risk point
// per entry.
func listProp(name string, items []string) Property {
	items = slices.Compact(slices.Sorted(slices.Values(items)))
	if len(items) == 0 {
		return Property{Name: name, Value: none}
	}
	return Property{Name: name, Value: strings.Join(items, ", "), Risk: len(items)}
}

func boolProp(name string, v bool, riskyWhen bool) Property {
	p := Property{Name: name, Value: strconv.FormatBool(v)}
	if v == riskyWhen {
		p.Risk = 1
	}
	return p
}

func countProp(name string, n int) Property {
	return Property{Name: name, Value: strconv.Itoa(n), Risk: n}
}

// userProp judges a user name: root is worst, unset (the image decides)
// next, anything else is fine.
func userProp(u string) Property {
	name, _, _ := strings.Cut(strings.TrimSpace(u), ":")
	switch strings.TrimSpace(name) {
	case "":
		return Property{Name: PropUser, Value: unknownImageDefault, Risk: 1}
	case "root", "0":
		return Property{Name: PropUser, Value: u, Risk: 2}
	}
	return Property{Name: PropUser, Value: u}
}

func sortSubjects(s []Subject) {
	slices.SortStableFunc(s, func(a, b Subject) int {
		return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Name, b.Name))
	})
}
