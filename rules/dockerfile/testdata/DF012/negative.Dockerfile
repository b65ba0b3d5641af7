ARG REGISTRY
FROM golang:1.26 AS build
RUN go build -o /out/app .
FROM ${REGISTRY}/base:1.0 AS unresolved
FROM ghcr.io/acme/runtime:2.3 AS runtime
COPY --from=build /out/app /app
COPY --from=0 /out/app /app2
COPY --from=docker.io/library/busybox:1.36 /bin/busybox /bin/busybox
RUN --mount=type=cache,target=/root/.cache --mount=type=bind,from=build,target=/src true
FROM scratch
COPY --from=runtime /app /app
