FROM alpine:3.22
# app.Dockerfile.dockerignore wins and keeps vendor.
COPY vendor /opt/vendor
USER 10001
