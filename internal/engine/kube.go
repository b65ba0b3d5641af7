package engine

import (
	"errors"
	"fmt"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/kube"
	"github.com/stevedore-dev/stevedore/internal/rule"
	"github.com/stevedore-dev/stevedore/internal/suppress"
	"github.com/stevedore-dev/stevedore/internal/yamlsafe"
	enginerules "github.com/stevedore-dev/stevedore/rules/engine"
)

// kubeUnit parses one manifest file and runs the Kubernetes rules. Good
// documents are checked even when another document of the file is broken.
func (t *scan) kubeUnit(path string) unit {
	return func() *output {
		o := &output{}
		data, ok := t.read(path, o)
		if !ok {
			return o
		}
		docs, err := yamlsafe.Documents(data, yamlsafe.DefaultLimits)
		var refused *yamlsafe.Error
		if errors.As(err, &refused) {
			t.refuseYAML(path, refused, o)
			return o
		}
		o.directives = suppress.Comments(path, data, true)
		var f *kube.File
		if err == nil {
			f, err = kube.ParseDocuments(path, data, docs) // parsed once, by the safety check
		} else {
			f, err = kube.Parse(path, data) // a syntax error: let the model find every good document
		}
		if f == nil {
			line := 1
			var pe *kube.ParseError
			if errors.As(err, &pe) {
				line = pe.Line
			}
			t.engineFinding(o, enginerules.SD001, path, finding.Line(line), "file", fmt.Sprintf("Manifest could not be parsed: %v", err))
			return o
		}
		for _, pe := range f.Errors {
			t.engineFinding(o, enginerules.SD001, path, finding.Line(pe.Line), fmt.Sprintf("document@%d", pe.Line),
				fmt.Sprintf("YAML document could not be parsed: %s", pe.Msg))
		}
		if f.Templated {
			t.engineFinding(o, enginerules.SD006, path, finding.Line(1), "file",
				"Manifest holds template markers ({{ }}); render it (helm template, kustomize build) to have it checked")
			return o
		}
		for _, obj := range f.Objects {
			t.kubeObject(path, obj, o)
		}
		t.inspect(path, f)
		opts := t.s.ruleOpts
		p := t.pass(nil, path, &opts, o)
		p.Kube = f
		for _, r := range t.s.enabled[rule.KindKubernetes] {
			p.Rule = r
			t.check(r, p, o)
		}
		return o
	}
}

// kubeObject records an object's stevedore.dev/ignore annotations (on the
// object or its pod template) as directives scoped to the object, and turns
// fields of the wrong type into findings.
func (t *scan) kubeObject(path string, obj *kube.Object, o *output) {
	addAnnotation := func(value string, at []string) {
		line, _ := obj.Line(at...)
		rules, reason, until, bad := suppress.ParseText(value)
		rng := obj.Range
		o.directives = append(o.directives, &suppress.Directive{Source: suppress.FromAnnotation, Path: path, Line: line,
			Rules: rules, Reason: reason, Until: until, BadUntil: bad, Lines: &rng})
	}
	if v, ok := obj.Annotations[suppress.Annotation]; ok {
		addAnnotation(v, []string{"metadata", "annotations", suppress.Annotation})
	}
	pod, err := obj.PodSpec()
	var de *kube.DecodeError
	if errors.As(err, &de) {
		t.engineFinding(o, enginerules.SD001, path, finding.Line(de.Line), obj.ID()+"/"+kube.FormatPath(de.Path),
			fmt.Sprintf("%s: %s", obj.ID(), de.Msg))
	} else if err != nil {
		t.engineFinding(o, enginerules.SD001, path, obj.Range, obj.ID(), fmt.Sprintf("%s could not be decoded: %v", obj.ID(), err))
	}
	if pod == nil {
		return
	}
	for _, d := range pod.DecodeErrors {
		t.engineFinding(o, enginerules.SD001, path, finding.Line(d.Line), obj.ID()+"/"+kube.FormatPath(d.Path),
			fmt.Sprintf("%s: %s", obj.ID(), d.Msg))
	}
	if v, ok := pod.Meta.Annotations[suppress.Annotation]; ok {
		at := append(append([]string{}, pod.MetaPath...), "annotations", suppress.Annotation)
		addAnnotation(v, at)
	}
}
