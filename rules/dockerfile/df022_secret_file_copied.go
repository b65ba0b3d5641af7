package dockerfile

import (
	"path"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
	"github.com/stevedore-dev/stevedore/internal/secret"
)

// DF022 flags COPY/ADD whose explicit source names a file that usually
// holds credentials.
var DF022 = &rule.Rule{
	ID:          "DF022",
	Name:        "secret-file-copied",
	Title:       "Secret-like file copied into an image",
	Severity:    finding.High,
	Kind:        rule.KindDockerfile,
	Note:        "secrets",
	Equivalents: rule.Equivalents{Trivy: []string{"DS-0031"}},
	Check:       checkDF022,
}

// sdiSecretDirs are folders whose whole content is credentials.
var sdiSecretDirs = map[string]string{
	".ssh": "SSH keys or configuration", ".aws": "cloud credentials", ".gnupg": "GnuPG keyring",
	".git": "git metadata", ".docker": "registry credentials", ".kube": "kubeconfig",
	".azure": "cloud credentials", ".gcloud": "cloud credentials",
}

func checkDF022(p *rule.Pass) {
	f := p.Dockerfile
	if f == nil {
		return
	}
	for _, st := range f.Stages {
		for _, in := range st.Instructions {
			var srcs []string
			switch c := in.Command.(type) {
			case *instructions.CopyCommand:
				srcs = c.SourcePaths
			case *instructions.AddCommand:
				srcs = c.SourcePaths
			default:
				continue
			}
			for _, raw := range srcs {
				src := raw
				if strings.Contains(src, "$") {
					v, ok := st.Expand(src, in)
					if !ok {
						continue
					}
					src = v
				}
				kind, ok := sdiSecretFile(src)
				if !ok {
					continue
				}
				name := path.Clean(strings.ReplaceAll(src, `\`, "/"))
				sev := finding.Severity(0)
				msg := in.Cmd + " puts " + name + " (" + kind + ") into " + sdiStageDesc(f, st) +
					": anyone who can pull the image can read it, even if a later layer deletes it"
				if !f.Ships(st) {
					sev = finding.Medium
					msg = in.Cmd + " puts " + name + " (" + kind + ") into " + sdiStageDesc(f, st) +
						": it stays in that stage's layers and the build cache, and a COPY --from can carry it into the image"
				}
				p.Report(finding.Finding{Range: in.Range, Location: sdiLoc(in, in.Cmd, strings.TrimLeft(name, "/")), Evidence: name,
					Severity: sev, Message: msg + "; mount it for one step with RUN --mount=type=secret instead"})
			}
		}
	}
}

// sdiSecretFile reports whether a COPY/ADD source names a secret-like file
// or folder, and what kind. URLs, and globs that may match certificates, are
// not judged.
func sdiSecretFile(src string) (string, bool) {
	if strings.Contains(src, "://") || strings.HasPrefix(src, "git@") {
		return "", false
	}
	clean := strings.TrimRight(strings.ReplaceAll(src, `\`, "/"), "/")
	if kind, ok := sdiSecretDirs[strings.ToLower(path.Base(clean))]; ok {
		return kind, true
	}
	ok, kind := secret.SecretLikeFile(clean)
	if !ok {
		return "", false
	}
	if strings.ContainsAny(path.Base(clean), "*?[") && strings.HasPrefix(kind, "PEM file") {
		return "", false // certs/*.pem: usually certificates
	}
	return kind, true
}
