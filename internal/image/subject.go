package image

import (
	"regexp"
	"strings"
)

// subject says how to read the tags of one image: which product it is, how
// its version is written, and what the repository path already tells.
type subject struct {
	library   string     // Docker Hub library name: tag history and deprecation notices
	spec      *imageSpec // image-map.json images[library], when known
	product   string     // the image's own product; "" when it has none
	style     string     // version style: leading, leading-v, java, codename, os-self, none, windows, mssql
	osSelf    bool       // an OS image: its version is the OS cycle
	osOnly    bool       // no product of its own: the OS decides (buildpack-deps, distroless)
	fixed     []item     // components named by the repository path (rhel 9 for ubi9/…)
	osDefault string     // OS product assumed, cycle unknown, when the tag names none
}

// item is one component before it is looked up: a product with either a
// version to match against its cycles or an exact cycle name.
type item struct {
	product, version, cycle string
	kind                    MatchKind
}

var (
	ubiRepo     = regexp.MustCompile(`^ubi(\d+)(?:-(?:minimal|micro|init))?(?:/(.+))?$`)
	ubiRuntime  = regexp.MustCompile(`^(python|nodejs|openjdk|php|ruby|dotnet|perl)-(\d+)(?:-|$)`)
	distroless  = regexp.MustCompile(`^distroless/(.+?)(?:-debian(\d+))?$`)
	distroNode  = regexp.MustCompile(`^nodejs(\d+)`)
	kubeImage   = regexp.MustCompile(`^kube-(?:apiserver|controller-manager|scheduler|proxy)$`)
	lambdaRepo  = regexp.MustCompile(`^lambda/([a-z]+)$`)
	mattermostR = regexp.MustCompile(`^mattermost/mattermost-`)
)

// ubiRuntimeProducts maps Red Hat UBI runtime image names to products.
var ubiRuntimeProducts = map[string]string{
	"python": "python", "nodejs": "nodejs", "openjdk": "red-hat-build-of-openjdk",
	"php": "php", "ruby": "ruby", "dotnet": "dotnet", "perl": "perl",
}

// namespacedProducts maps Docker Hub and other repositories to products
// (image-map.json registries, basis "convention").
var namespacedProducts = map[string]string{
	"docker.io/hashicorp/consul":                    "consul",
	"docker.io/hashicorp/vault":                     "hashicorp-vault",
	"docker.io/hashicorp/terraform":                 "terraform",
	"docker.io/jenkins/jenkins":                     "jenkins",
	"docker.io/grafana/grafana":                     "grafana",
	"docker.io/grafana/grafana-oss":                 "grafana",
	"docker.io/grafana/grafana-enterprise":          "grafana",
	"docker.io/gitlab/gitlab-ce":                    "gitlab",
	"docker.io/gitlab/gitlab-ee":                    "gitlab",
	"docker.io/apache/kafka":                        "apache-kafka",
	"quay.io/keycloak/keycloak":                     "keycloak",
	"docker.elastic.co/elasticsearch/elasticsearch": "elasticsearch",
	"docker.elastic.co/kibana/kibana":               "kibana",
	"docker.elastic.co/logstash/logstash":           "logstash",
	"mcr.microsoft.com/powershell":                  "powershell",
	"registry.k8s.io/etcd":                          "etcd",
	"k8s.gcr.io/etcd":                               "etcd",
}

// subjectFor finds how to read ref. ok is false for images the data knows
// nothing about (private registries, unknown Hub namespaces).
func (k *knowledge) subjectFor(ref Ref) (subject, bool) {
	host, repo := ref.Registry, ref.Repository
	if lib, ok := libraryName(host, repo); ok {
		return k.librarySubject(lib), true
	}
	name := host + "/" + repo
	if p, ok := namespacedProducts[name]; ok {
		return subject{product: p, style: "leading-v"}, true
	}
	switch host {
	case hubRegistry:
		switch {
		case repo == "microsoft/dotnet" || repo == "microsoft/aspnetcore" || repo == "microsoft/dotnet-nightly":
			return subject{product: "dotnet", style: "leading"}, true // old Hub tags name no OS
		case repo == "microsoft/windowsservercore":
			return subject{product: "windows-server-core", style: "windows", osSelf: true}, true
		case repo == "microsoft/nanoserver":
			return subject{product: "windows-nano-server", style: "windows", osSelf: true}, true
		case strings.HasPrefix(repo, "redhat/ubi"):
			return k.ubiSubject(strings.TrimPrefix(repo, "redhat/"))
		case repo == "opensuse/leap":
			return subject{product: "opensuse", style: "os-self", osSelf: true}, true
		case repo == "rockylinux/rockylinux":
			return subject{product: "rocky-linux", style: "os-self", osSelf: true}, true
		case mattermostR.MatchString(repo):
			return subject{product: "mattermost", style: "leading-v"}, true
		case strings.HasPrefix(repo, "bitnami/"):
			n := strings.TrimPrefix(repo, "bitnami/")
			if p := k.purls[name]; p != "" {
				return subject{product: p, style: "leading-v"}, true
			}
			if k.products[n] != nil {
				return subject{product: n, style: "leading-v"}, true
			}
			if spec := k.images[n]; spec != nil && spec.Product != nil && !strings.Contains(*spec.Product, "|") {
				return subject{product: *spec.Product, style: "leading-v"}, true
			}
		}
	case "mcr.microsoft.com":
		switch {
		case strings.HasPrefix(repo, "dotnet/"):
			return subject{product: "dotnet", style: "leading", osDefault: "debian"}, true
		case repo == "windows/servercore":
			return subject{product: "windows-server-core", style: "windows", osSelf: true}, true
		case repo == "windows/nanoserver":
			return subject{product: "windows-nano-server", style: "windows", osSelf: true}, true
		case repo == "windows/server" || repo == "windows":
			return subject{product: "windows-server", style: "windows", osSelf: true}, true
		case repo == "mssql/server":
			return subject{product: "mssqlserver", style: "mssql"}, true
		case strings.HasPrefix(repo, "openjdk/jdk"):
			return subject{product: "microsoft-build-of-openjdk", style: "java"}, true
		}
	case "registry.access.redhat.com", "registry.redhat.io":
		return k.ubiSubject(repo)
	case "quay.io":
		if repo == "centos/centos" {
			return subject{style: "none", osOnly: true}, true // stream9, centos7
		}
	case "gcr.io":
		if m := distroless.FindStringSubmatch(repo); m != nil {
			s := subject{style: "none", osOnly: true}
			os := item{product: "debian", cycle: m[2], kind: KindOS}
			s.fixed = append(s.fixed, os)
			if n := distroNode.FindStringSubmatch(m[1]); n != nil {
				s.fixed = append(s.fixed, item{product: "nodejs", version: n[1], kind: KindRuntime})
			}
			return s, true
		}
	case "registry.k8s.io", "k8s.gcr.io":
		if kubeImage.MatchString(repo) {
			return subject{product: "kubernetes", style: "leading-v"}, true
		}
	case "public.ecr.aws":
		if m := lambdaRepo.FindStringSubmatch(repo); m != nil {
			return subject{product: "aws-lambda", style: "lambda:" + m[1]}, true
		}
	}
	if p := k.purls[name]; p != "" {
		return subject{product: p, style: "leading-v"}, true
	}
	return subject{}, false
}

// libraryName recognises Docker Official Images, also through the
// mirrors named in image-map.json (ECR Public, mirror.gcr.io).
func libraryName(host, repo string) (string, bool) {
	var rest string
	var ok bool
	switch host {
	case hubRegistry:
		rest, ok = strings.CutPrefix(repo, officialPrefix)
	case "public.ecr.aws":
		rest, ok = strings.CutPrefix(repo, "docker/library/")
		if !ok && repo == "amazonlinux/amazonlinux" {
			rest, ok = "amazonlinux", true
		}
	case "mirror.gcr.io":
		rest, ok = strings.TrimPrefix(repo, officialPrefix), true
	}
	if !ok || rest == "" || strings.Contains(rest, "/") {
		return "", false
	}
	return rest, true
}

func (k *knowledge) librarySubject(name string) subject {
	s := subject{library: name, spec: k.images[name], style: "leading"}
	if s.spec != nil {
		if s.spec.Product != nil {
			s.product = *s.spec.Product
		}
		if s.spec.Version != "" {
			s.style = s.spec.Version
		}
	}
	switch {
	case s.style == "os-self":
		s.osSelf = true
	case s.style == "none" && s.product == "":
		s.osOnly = true
	}
	return s
}

// ubiSubject reads Red Hat UBI repositories: ubi8, ubi9/ubi-minimal,
// ubi9-minimal (Docker Hub redhat/), ubi9/python-311.
func (k *knowledge) ubiSubject(repo string) (subject, bool) {
	m := ubiRepo.FindStringSubmatch(repo)
	if m == nil {
		return subject{}, false
	}
	rhel := item{product: "rhel", cycle: m[1], kind: KindOS}
	if r := ubiRuntime.FindStringSubmatch(m[2]); r != nil {
		prod := ubiRuntimeProducts[r[1]]
		return subject{
			product: prod, style: "none",
			fixed: []item{{product: prod, version: k.ubiVersion(prod, r[2]), kind: KindImage}, rhel},
		}, true
	}
	return subject{style: "none", osOnly: true, fixed: []item{rhel}}, true
}

// ubiVersion turns the digits of a UBI runtime name into a version: the
// digits themselves when they name a cycle (nodejs-18, openjdk-17), else
// major.minor (python-311 → 3.11, php-81 → 8.1, dotnet-80 → 8.0).
func (k *knowledge) ubiVersion(prod, d string) string {
	if p := k.products[prod]; p != nil {
		if _, ok := p.longestPrefix(d); ok || len(d) < 2 {
			return d
		}
	}
	if len(d) < 2 {
		return d
	}
	return d[:1] + "." + d[1:]
}
