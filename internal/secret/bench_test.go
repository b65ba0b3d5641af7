package secret

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stevedore-dev/stevedore/internal/testenv"
)

// dockerfileish is about 4 KiB of a typical Dockerfile: no secrets, but the
// words (KEY, TOKEN, PASSWORD_FILE, https://) that wake the prefilters.
func dockerfileish() string {
	const block = `FROM python:3.12-slim AS build
ARG PIP_INDEX_URL=https://pypi.org/simple
ENV GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D PYTHON_VERSION=3.12.4
ENV POSTGRES_PASSWORD_FILE=/run/secrets/pg
RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN \
    set -eux; apt-get update && apt-get install -y --no-install-recommends curl ca-certificates; \
    curl -fsSL https://example.org/install.sh -o /tmp/install.sh && sha256sum -c /tmp/sum; \
    rm -rf /var/lib/apt/lists/*
COPY --chown=app:app requirements.txt /app/
WORKDIR /app
USER 10001:10001
EXPOSE 8080
HEALTHCHECK CMD curl -f http://localhost:8080/healthz || exit 1
CMD ["python", "-m", "app", "--config", "/etc/app/config.yaml"]
`
	var b strings.Builder
	for b.Len() < 4096 {
		b.WriteString(block)
	}
	return b.String()[:4096]
}

func BenchmarkScan(b *testing.B) {
	text := dockerfileish()
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		Scan(text)
	}
}

func BenchmarkScanWithSecrets(b *testing.B) {
	text := dockerfileish()[:3500] + "\nENV GITHUB_TOKEN=" + ghToken + "\nENV DATABASE_URL=postgres://app:hunter2@db/app\nARG password=pass!1213Fs\n"
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		Scan(text)
	}
}

func BenchmarkScanAssignments(b *testing.B) {
	text := dockerfileish()
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		ScanAssignments(text)
	}
}

// BenchmarkScanCorpus runs Scan and ScanAssignments over ../shared/corpus
// and reports files/s.
func BenchmarkScanCorpus(b *testing.B) {
	root := testenv.Shared(b, "corpus")
	var texts []string
	var size int64
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, ".md") || strings.HasSuffix(p, ".tsv") {
			return nil
		}
		if data, err := os.ReadFile(p); err == nil {
			texts = append(texts, string(data))
			size += int64(len(data))
		}
		return nil
	})
	b.SetBytes(size)
	b.ResetTimer()
	for b.Loop() {
		for _, t := range texts {
			Scan(t)
			ScanAssignments(t)
		}
	}
	b.ReportMetric(float64(len(texts)*b.N)/b.Elapsed().Seconds(), "files/s")
}
