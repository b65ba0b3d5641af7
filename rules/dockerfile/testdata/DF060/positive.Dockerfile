FROM debian:12-slim AS build
# want +1 "DF060"
RUN apt-get install python=2.7
# want +1 "DF060"
RUN ["sudo", "apt-get", "-q", "install", "apt-utils"]
# want +1 "DF060"
RUN DUMMY=test apt-get --quiet install sl

FROM fedora:40
# want +1 "DF060"
RUN set -uex && \
    dnf config-manager --set-enabled docker-ce-test && \
    dnf install docker-ce && \
    dnf clean all
# want +1 "DF060"
RUN dnf in docker-ce
# want +1 "DF060"
RUN sudo yum install bundler
# want +1 "DF060"
RUN zypper install httpd && zypper clean
