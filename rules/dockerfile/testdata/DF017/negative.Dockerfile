ARG PLATFORM=linux/amd64
FROM --platform=$BUILDPLATFORM golang:1.23 AS build
ARG TARGETOS TARGETARCH
RUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/app .

FROM --platform=${BUILDPLATFORM} node:22 AS assets
# The stage name says which platform it is for: deliberate.
FROM --platform=linux/arm64 alpine:3.20 AS runtime-arm64
FROM --platform=linux/amd64 alpine:3.20 AS runtime-x86_64
FROM --platform=$PLATFORM alpine:3.20 AS pinned-by-arg
FROM --platform=${TARGETOS}/${TARGETARCH} alpine:3.20 AS by-parts

FROM gcr.io/distroless/static-debian12
COPY --from=build /out/app /app
ENTRYPOINT ["/app"]
