package crossfile

import (
	"fmt"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// XF003 flags a Compose service or Kubernetes container that runs an image
// built by a Dockerfile of this repository whose final stage runs as root,
// when the runtime does not override the user.
var XF003 = &rule.Rule{
	ID: "XF003", Name: "built-image-runs-as-root", Title: "Service runs an image built here whose final stage runs as root",
	Severity: finding.High, Kind: rule.KindCrossFile, Note: "least-privilege",
	Check: checkXF003,
}

func checkXF003(p *rule.Pass) {
	repo := p.Repo
	links := builtImages(repo)
	for _, proj := range repo.Compose {
		for _, svc := range proj.Services {
			if svc.Config.User != "" {
				continue // the runtime chooses the user; DC016 judges it
			}
			df := ""
			if b := svc.Build; b != nil && !b.Remote && !b.Inline {
				df = b.Dockerfile
			} else if svc.Config.Image != "" {
				df = dockerfileFor(repo, links, svc.Config.Image)
			}
			u, ok := finalUser(repo, df)
			if !ok || !u.Root {
				continue
			}
			file, line := proj.Pos(svc.Name, "build")
			if svc.Build == nil {
				file, line = proj.Pos(svc.Name, "image")
			}
			what := svc.Config.Image
			if what == "" {
				what = "the image"
			}
			p.Report(finding.Finding{Path: file, Range: finding.Line(line),
				Location: "services." + svc.Name + "/image", Evidence: df,
				Message: fmt.Sprintf("Service %s runs %s built by %s, %s; set `user:` to a non-root UID here or add a USER to the Dockerfile",
					svc.Name, what, df, rootReason(u))})
		}
	}
	for _, b := range builtContainers(repo, links) {
		sc := b.c.Effective
		if sc.RunAsNonRoot != nil && *sc.RunAsNonRoot || sc.RunAsUser != nil && *sc.RunAsUser != 0 {
			continue // the kubelet enforces a non-root user (XF004 checks it can)
		}
		if !b.user.Root {
			continue
		}
		line, _ := b.c.Line("image")
		p.Report(finding.Finding{Path: b.path, Range: finding.Line(line),
			Location: b.obj.ID() + "/" + b.c.Ref() + "/image", Evidence: b.dockerfile,
			Message: fmt.Sprintf("%s container %s runs image %s built by %s, %s; set runAsNonRoot: true with a non-root runAsUser, or add a numeric USER to the Dockerfile",
				b.obj.ID(), b.c.Name, b.c.Spec.Image, b.dockerfile, rootReason(b.user))})
	}
}
