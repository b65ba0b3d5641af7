# the version of the runtime
ARG RUNTIME_VERSION=3.12
FROM alpine:3.20
