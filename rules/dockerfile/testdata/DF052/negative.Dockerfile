FROM golang:1.23 AS build
RUN apk add gcc && pip install tool==1.0 && dnf install -y make

FROM python:3.12-alpine
RUN apk add --no-cache curl
RUN apk --no-cache add git
RUN pip install --no-cache-dir requests==2.32.3
RUN PIP_NO_CACHE_DIR=1 pip install flask==3.0.3
RUN --mount=type=cache,target=/root/.cache/pip pip install black==24.8.0
RUN --mount=type=cache,target=/var/cache/apk apk add jq
RUN apk add make && rm -rf /var/cache/apk/*
RUN dnf install -y httpd && dnf clean all
RUN microdnf install -y \
    openssl-libs \
 && microdnf clean all
RUN yum install -y nginx && rm -rf /var/cache/yum
RUN zypper install -y httpd && zypper clean --all
RUN zypper in -y vim && zypper cc -a
# --no-network installs already-downloaded run-time deps: no index is fetched.
RUN runDeps="$(scanelf --needed --nobanner /usr/local/bin/app | awk '{print "so:" $2}')"; \
    apk add --no-network --virtual .app-rundeps $runDeps
COPY --from=build /usr/bin/gcc /usr/bin/gcc
