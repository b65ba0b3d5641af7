FROM debian:12-slim
RUN apt-get update && apt-get upgrade -y && rm -rf /var/lib/apt/lists/*
FROM alpine:3.20
RUN apk upgrade --no-cache
FROM fedora:40
RUN dnf -y upgrade && dnf clean all
RUN echo dist-upgrade
