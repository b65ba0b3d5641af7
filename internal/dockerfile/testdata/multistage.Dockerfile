# syntax=docker/dockerfile:1
ARG BASE=golang:1.22
ARG RUNTIME
FROM ${BASE} AS build
WORKDIR /src
RUN go build -o /app .

FROM build AS test
RUN go test ./...

FROM ${RUNTIME} AS maybe

FROM alpine:3.20 AS runtime-base
USER nobody

FROM runtime-base
COPY --from=build /app /app
COPY --from=nginx:latest /etc/nginx /etc/nginx
COPY --from=0 /src /src
ENTRYPOINT ["/app"]
