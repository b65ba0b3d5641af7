FROM ubuntu:24.04
RUN apt-get update \
    && apt-get install -y --no-install-recommends mysql-client \
    && rm -rf /var/lib/apt/lists/*
RUN apk update \
    && apk add --no-cache git ca-certificates
RUN apk --update add easy-rsa
RUN apk update
ENTRYPOINT ["mysql"]

FROM alpine:3.20
RUN apk update
RUN apk add --no-cache nginx
RUN apk -U add nano

FROM opensuse/leap:15.6
RUN zypper refresh && zypper install -y nginx

FROM ubuntu:24.04 AS other
RUN apt-get install -y curl
