FROM debian:12-slim
RUN apt-get -y install apt-utils
RUN apt-get -qy install git gcc
RUN ["apt-get", "-y", "install", "apt-utils"]
RUN sudo apt-get -qq install apt-utils
RUN apt-get --assume-yes install apt-utils
RUN apt-get -q=2 install apt-utils
RUN apt-get --quiet --quiet install sl
RUN apt-get -q -q install sl
RUN apt-get -o APT::Get::Assume-Yes=true install curl
RUN apt-get update
FROM fedora:40
RUN dnf install -vy docker-ce && dnf clean all
RUN dnf config-manager --set-enabled docker-ce-test
RUN yum --assumeyes install httpd
FROM opensuse/leap:15.6
RUN zypper --non-interactive install httpd && zypper clean
RUN zypper -n in vim
RUN zypper install -y curl
RUN zypper refresh
FROM debian:12-slim
RUN if apt-get install -s "postgresql-jit" > /dev/null 2>&1; then apt-get install -y postgresql-jit; fi
