ARG BASE=python:3.13-slim
ARG UNSET
FROM golang:1.26 AS build
RUN go build -o /out/app .

FROM build AS test
RUN go test ./...

FROM ${UNSET} AS other
FROM python@sha256:2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881 AS pinned
FROM --platform=$BUILDPLATFORM alpine:3.22 AS tools

FROM scratch AS empty
COPY --from=build /out/app /app

FROM ${BASE}
COPY --from=empty /app /app
USER 10001
