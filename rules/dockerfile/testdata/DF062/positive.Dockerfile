FROM ubuntu:24.04 AS build
RUN apt-get update
# want +1 "DF062"
RUN apt-get install -y --no-install-recommends mysql-client \
    && rm -rf /var/lib/apt/lists/*
RUN apk update

FROM alpine:3.20
RUN apk update
# want +1 "DF062"
RUN apk add nginx

FROM fedora:40
RUN dnf makecache
# want +1 "DF062"
RUN dnf install -y nginx && dnf clean all

FROM archlinux:latest
RUN pacman -Syu --noconfirm
# want +1 "DF062"
RUN pacman -S --noconfirm nginx
