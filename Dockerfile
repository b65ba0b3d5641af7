# syntax=docker/dockerfile:1
# The image the GitHub Action runs: a static stevedore binary on a minimal,
# non-root base. Only the final stage ships; the build stage holds the Go
# toolchain and the module cache.

# stevedore:ignore DF011 digests are pinned by the release workflow's Renovate update, not by hand: no registry is reachable where this file is edited until=2027-03-31
FROM golang:1.26-alpine AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY cmd ./cmd
COPY internal ./internal
COPY rules ./rules
ENV CGO_ENABLED=0
RUN go build -trimpath -ldflags="-s -w" -o /out/stevedore ./cmd/stevedore

# stevedore:ignore DF011 digests are pinned by the release workflow's Renovate update, not by hand: no registry is reachable where this file is edited until=2027-03-31
FROM gcr.io/distroless/static-debian13:nonroot
COPY --from=build /out/stevedore /usr/local/bin/stevedore
USER 65532:65532
ENTRYPOINT ["/usr/local/bin/stevedore", "action"]
