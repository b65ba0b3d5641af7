package image

import "strings"

// nonRootRule is one entry of the table of images that run as a non-root
// user by default.
type nonRootRule struct {
	match  func(r Ref) bool
	reason string
}

// nonRootImages lists images whose default USER is not root, each with the
// source of the fact. Only the image's default counts: images that start as
// root and drop privileges in their entrypoint (postgres, redis, rabbitmq via
// gosu) are not listed, since a container that starts as root can do
// anything before it drops.
var nonRootImages = []nonRootRule{
	{
		// GoogleContainerTools/distroless README, "Debug images" and the
		// nonroot tags: ":nonroot" and ":debug-nonroot" set USER 65532.
		match: func(r Ref) bool {
			return r.Registry == "gcr.io" && strings.HasPrefix(r.Repository, "distroless/") && hasTagToken(r, "nonroot")
		},
		reason: "distroless nonroot tags run as uid 65532 (nonroot)",
	},
	{
		// Chainguard Images docs, "Overview of Chainguard Containers": images
		// run as nonroot (uid 65532) by default; the -dev variants, which add
		// a shell and apk, run as root.
		match: func(r Ref) bool {
			return r.Registry == "cgr.dev" && strings.HasPrefix(r.Repository, "chainguard/") && !strings.HasSuffix(r.Tag, "-dev") && r.Tag != "dev"
		},
		reason: "Chainguard images run as uid 65532 (nonroot) by default; only -dev variants run as root",
	},
	{
		// Bitnami docs, "Work with non-root containers": Bitnami application
		// images run as uid 1001. bitnami/minideb is a plain base OS and runs as root.
		match: func(r Ref) bool {
			return r.Registry == hubRegistry && strings.HasPrefix(r.Repository, "bitnami/") && r.Repository != "bitnami/minideb"
		},
		reason: "Bitnami images run as uid 1001",
	},
	{
		// nginxinc/docker-nginx-unprivileged README: runs as uid 101 on port 8080.
		match:  func(r Ref) bool { return r.Name() == "docker.io/nginxinc/nginx-unprivileged" },
		reason: "nginx-unprivileged runs as uid 101 (nginx) and listens on 8080",
	},
	{
		// dotnet/dotnet-docker documentation/ubuntu-chiseled.md: chiseled
		// images set USER app (uid 1654); the azurelinux -distroless images
		// end with USER $APP_UID (1654) too.
		match: func(r Ref) bool {
			return r.Registry == "mcr.microsoft.com" && strings.HasPrefix(r.Repository, "dotnet/") && (hasTagToken(r, "chiseled") || hasTagToken(r, "distroless"))
		},
		reason: ".NET chiseled and distroless images run as the non-root user app (uid 1654)",
	},
	{
		// sclorg s2i images (registry.access.redhat.com/ubiN/python-311 …)
		// end their Dockerfiles with USER 1001.
		match: func(r Ref) bool {
			if r.Registry != "registry.access.redhat.com" && r.Registry != "registry.redhat.io" {
				return false
			}
			m := ubiRepo.FindStringSubmatch(r.Repository)
			return m != nil && ubiRuntime.MatchString(m[2])
		},
		reason: "Red Hat UBI runtime (s2i) images run as uid 1001",
	},
	{
		// Grafana docs, "Run Grafana Docker image": the container runs as uid 472.
		match: func(r Ref) bool {
			n := r.Name()
			return n == "docker.io/grafana/grafana" || n == "docker.io/grafana/grafana-oss" || n == "docker.io/grafana/grafana-enterprise"
		},
		reason: "Grafana images run as uid 472 (grafana)",
	},
	{
		// prometheus/prometheus Dockerfile: USER nobody.
		match: func(r Ref) bool {
			n := r.Name()
			return n == "docker.io/prom/prometheus" || n == "quay.io/prometheus/prometheus"
		},
		reason: "Prometheus images run as nobody (uid 65534)",
	},
	{
		// jenkinsci/docker Dockerfiles: USER ${user} (jenkins, uid 1000).
		match:  func(r Ref) bool { return r.Name() == "docker.io/jenkins/jenkins" },
		reason: "jenkins/jenkins runs as uid 1000 (jenkins)",
	},
	{
		// keycloak/keycloak quarkus/container/Dockerfile: USER 1000.
		match:  func(r Ref) bool { return r.Name() == "quay.io/keycloak/keycloak" },
		reason: "Keycloak images run as uid 1000",
	},
	{
		// Elastic docs, "Install Elasticsearch with Docker": the containers
		// run as uid 1000 (elasticsearch, kibana, logstash).
		match:  func(r Ref) bool { return r.Registry == "docker.elastic.co" },
		reason: "Elastic images run as uid 1000",
	},
	{
		// Microsoft docs, "Configure SQL Server Linux containers": since
		// SQL Server 2019 the container runs as the non-root user mssql (uid 10001).
		match: func(r Ref) bool {
			return r.Name() == "mcr.microsoft.com/mssql/server" && !strings.HasPrefix(r.Tag, "2017")
		},
		reason: "SQL Server 2019+ containers run as uid 10001 (mssql)",
	},
	{
		// SonarSource/docker-sonarqube Dockerfiles: USER sonarqube.
		match:  func(r Ref) bool { return r.Official() && r.Repository == "library/sonarqube" },
		reason: "the sonarqube image runs as the sonarqube user",
	},
	{
		// Convention: tags that say so (debian12-nonroot, latest-nonroot).
		match:  func(r Ref) bool { return strings.HasSuffix(r.Tag, "-nonroot") },
		reason: "the tag names a non-root variant",
	},
}

// KnownNonRoot reports whether ref is an image known to run as a non-root
// user by default, with the reason. false means "not known", not "root".
func KnownNonRoot(ref Ref) (bool, string) {
	if ref.Scratch || ref.Variable {
		return false, ""
	}
	for _, rule := range nonRootImages {
		if rule.match(ref) {
			return true, rule.reason
		}
	}
	return false, ""
}

// hasTagToken reports whether ref's tag has tok as one of its '-' parts.
func hasTagToken(r Ref, tok string) bool {
	for _, t := range strings.Split(r.Tag, "-") {
		if t == tok {
			return true
		}
	}
	return false
}
