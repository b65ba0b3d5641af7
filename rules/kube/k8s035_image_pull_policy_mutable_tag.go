package kube

import (
	"strings"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/image"
	"github.com/stevedore-dev/stevedore/internal/kube"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// K8S035 flags containers whose image is a mutable tag that the kubelet
// may serve from the node's cache: imagePullPolicy IfNotPresent or Never,
// or no policy with a tag other than latest (the API then defaults to
// IfNotPresent). Images pinned by digest never fire: the digest names the
// content, so a cached copy is the same image.
var K8S035 = &rule.Rule{
	ID:       "K8S035",
	Name:     "image-pull-policy-mutable-tag",
	Title:    "Mutable image tag is served from the node cache",
	Severity: finding.Low,
	Kind:     rule.KindKubernetes,
	Note:     "base-image-trust",
	Equivalents: rule.Equivalents{Checkov: []string{"CKV_K8S_15"},
		KICS:      []string{"image_pull_policy_of_container_is_not_always"},
		KubeScore: []string{"container-image-pull-policy"}},
	Check: checkK8S035,
}

func checkK8S035(p *rule.Pass) {
	var lines []string
	for _, pod := range workloadPods(p) {
		for _, c := range pod.Containers() {
			img := strings.TrimSpace(c.Spec.Image)
			if img == "" {
				continue
			}
			ref, err := image.Parse(img)
			if err != nil || ref.Scratch || ref.Digest != "" {
				continue
			}
			if ref.Variable && ref.Tag == "" {
				continue // $IMAGE may well expand to a digest
			}
			policy := string(c.Spec.ImagePullPolicy)
			if policy == "Always" {
				continue
			}
			tag := ref.Tag
			if tag == "" {
				tag = "latest"
			}
			var line int
			var origin string
			if policy == "" {
				if tag == "latest" {
					continue // the API defaults to Always for :latest and untagged images
				}
				policy = "IfNotPresent"
				line = obContainerLine(c)
				origin = "not set: defaults to IfNotPresent for a tag other than latest"
			} else {
				line = obContainerLine(c, "imagePullPolicy")
				origin = "set to " + policy
			}
			if lines == nil {
				lines = fileLines(p)
			}
			p.Report(finding.Finding{
				Range:    finding.Line(line),
				Location: obContainerLoc(c, "imagePullPolicy"),
				Evidence: img + " " + policy,
				Message: obWho(c) + " runs " + ref.Familiar() + " by its mutable tag :" + tag + " with imagePullPolicy " + origin +
					", so a node keeps running whatever it cached under that tag and any pod on the node can use the cached image without pull credentials; pin the image by digest or set imagePullPolicy: Always",
				Fix: k8s035Fix(lines, c),
			})
		}
	}
}

// k8s035Fix sets imagePullPolicy: Always on the container.
func k8s035Fix(lines []string, c *kube.Container) *finding.Fix {
	obj := c.Pod.Object
	path := append(append([]string{}, c.Path...), "imagePullPolicy")
	var e finding.Edit
	var ok bool
	if obj.Get(path...) != nil {
		line, _ := obj.Line(path...)
		e, ok = obReplaceValue(lines, line, "imagePullPolicy", "Always")
	} else {
		e, ok = obInsertKey(lines, obj.Get(c.Path...), "imagePullPolicy: Always")
	}
	if !ok {
		return nil
	}
	return &finding.Fix{Description: "Set imagePullPolicy: Always", Edits: []finding.Edit{e}}
}
