package crossfile

import (
	"path"
	"sort"
	"strings"

	"github.com/stevedore-dev/stevedore/internal/dockerfile"
	"github.com/stevedore-dev/stevedore/internal/image"
	"github.com/stevedore-dev/stevedore/internal/kube"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// builtImages maps image names (registry/repository, no tag) to the
// Dockerfile of this repository that builds them: the config's images
// mapping first, then Compose services that have both build and image.
func builtImages(repo *rule.Repo) map[string]string {
	out := map[string]string{}
	for _, proj := range repo.Compose {
		for _, svc := range proj.Services {
			if b := svc.Build; b != nil && !b.Remote && !b.Inline && svc.Config.Image != "" {
				if key := imageKey(svc.Config.Image); key != "" {
					out[key] = b.Dockerfile
				}
			}
		}
	}
	for img, df := range repo.Images {
		if key := imageKey(img); key != "" {
			out[key] = path.Clean(df)
		}
	}
	return out
}

// imageKey normalises an image reference to registry/repository.
func imageKey(ref string) string {
	r, err := image.Parse(ref)
	if err != nil || r.Variable || r.Scratch {
		return ""
	}
	return r.Registry + "/" + r.Repository
}

// dockerfileFor finds the Dockerfile of this repository that builds ref:
// an explicit link, else by convention a single Dockerfile whose folder (or
// name, as in api.Dockerfile or Dockerfile.api) is the image's last path
// element. It returns "" when there is none or the convention is ambiguous.
func dockerfileFor(repo *rule.Repo, links map[string]string, ref string) string {
	key := imageKey(ref)
	if key == "" {
		return ""
	}
	if df, ok := links[key]; ok {
		if _, parsed := repo.Dockerfiles[df]; parsed {
			return df
		}
		return ""
	}
	name := key[strings.LastIndex(key, "/")+1:]
	var matches []string
	for p := range repo.Dockerfiles {
		base := path.Base(p)
		if path.Base(path.Dir(p)) == name && (base == "Dockerfile" || base == "Containerfile") ||
			strings.EqualFold(base, name+".Dockerfile") || strings.EqualFold(base, "Dockerfile."+name) {
			matches = append(matches, p)
		}
	}
	if len(matches) != 1 {
		return ""
	}
	sort.Strings(matches)
	return matches[0]
}

// finalUser is the effective user of the final stage of the repository's
// Dockerfile at df; false when there is no such Dockerfile or stage.
func finalUser(repo *rule.Repo, df string) (dockerfile.UserInfo, bool) {
	f := repo.Dockerfiles[df]
	if f == nil {
		return dockerfile.UserInfo{}, false
	}
	st := f.Final()
	if st == nil {
		return dockerfile.UserInfo{}, false
	}
	u := f.EffectiveUser(st)
	if u.FromBase && st.Root().From != nil {
		if ref, err := image.Parse(st.Root().Base); err == nil {
			if ok, _ := image.KnownNonRoot(ref); ok {
				u.Root = false
			}
		}
	}
	return u, true
}

// builtContainer is a Kubernetes container whose image a Dockerfile of this
// repository builds.
type builtContainer struct {
	path       string // the manifest
	obj        *kube.Object
	c          *kube.Container
	dockerfile string
	user       dockerfile.UserInfo // of the Dockerfile's final stage
}

// builtContainers lists the containers of every workload in the
// repository's manifests whose image a Dockerfile here builds
// (dockerfileFor with links), with that Dockerfile's final user.
func builtContainers(repo *rule.Repo, links map[string]string) []builtContainer {
	var out []builtContainer
	for _, kf := range repo.Kube {
		for _, obj := range kf.Objects {
			pod, err := obj.PodSpec()
			if err != nil || pod == nil {
				continue
			}
			for _, c := range pod.Containers() {
				df := dockerfileFor(repo, links, c.Spec.Image)
				if u, ok := finalUser(repo, df); ok {
					out = append(out, builtContainer{path: kf.Path, obj: obj, c: c, dockerfile: df, user: u})
				}
			}
		}
	}
	return out
}

// rootReason says why the final stage runs as root, for messages.
func rootReason(u dockerfile.UserInfo) string {
	if u.Instruction != nil {
		return "whose final stage sets USER " + u.User
	}
	return "whose final stage sets no USER (so the base image's root user)"
}
