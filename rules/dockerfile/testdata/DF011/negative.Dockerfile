ARG BASE
FROM golang:1.26@sha256:2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881 AS build
RUN go build -o /out/app .
FROM build AS test
FROM ${BASE} AS other
FROM scratch
COPY --from=build /out/app /app
