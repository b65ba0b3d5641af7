package crossfile

import (
	"fmt"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// XF004 flags runAsNonRoot: true without a runAsUser on a container whose
// image, built here, has a root or non-numeric final USER: the kubelet
// refuses to start it (root) or cannot verify the name (non-numeric).
var XF004 = &rule.Rule{
	ID: "XF004", Name: "run-as-non-root-unverifiable", Title: "runAsNonRoot cannot be satisfied by the image built here",
	Severity: finding.Medium, Kind: rule.KindCrossFile, Note: "least-privilege",
	Check: checkXF004,
}

func checkXF004(p *rule.Pass) {
	for _, b := range builtContainers(p.Repo, builtImages(p.Repo)) {
		sc := b.c.Effective
		if sc.RunAsNonRoot == nil || !*sc.RunAsNonRoot || sc.RunAsUser != nil || b.user.Unresolved {
			continue
		}
		var why string
		switch u := b.user; {
		case u.Root:
			why = fmt.Sprintf("%s, so the kubelet refuses to start the container (CreateContainerConfigError)", rootReason(u))
		case !u.Numeric:
			why = fmt.Sprintf("whose final stage sets USER %s, a name the kubelet cannot verify as non-root, so it refuses to start the container", u.User)
		default:
			continue
		}
		line := b.c.FieldLine("runAsNonRoot")
		p.Report(finding.Finding{Path: b.path, Range: finding.Line(line),
			Location: b.obj.ID() + "/" + b.c.Ref() + "/securityContext.runAsNonRoot", Evidence: b.dockerfile,
			Message: fmt.Sprintf("%s container %s sets runAsNonRoot: true but runs image %s built by %s, %s; use a numeric USER in the Dockerfile or set runAsUser",
				b.obj.ID(), b.c.Name, b.c.Spec.Image, b.dockerfile, why)})
	}
}
