# syntax=docker/dockerfile:1
FROM alpine:3.20 AS tools
# want +1 "DF044"
RUN apk add --no-cache --allow-untrusted --repository https://apk.example.com/main custom-tool

FROM debian:12-slim
# want +1 "DF044" "DF044"
RUN apt-get update && apt-get install -y --allow-unauthenticated --force-yes legacy-tool
# want +1 "DF044"
RUN echo "deb [trusted=yes] http://repo.example.com/debian ./" > /etc/apt/sources.list.d/example.list
# want +1 "DF044"
RUN apt-get -o Acquire::AllowInsecureRepositories=true update
# want +1 "DF044"
RUN echo 'APT::Get::AllowUnauthenticated "true";' > /etc/apt/apt.conf.d/99unauth

FROM rockylinux:9
# want +1 "DF044"
RUN dnf install -y --nogpgcheck https://example.com/tool.rpm
# want +1 "DF044"
RUN rpm -ivh --nosignature /tmp/tool.rpm
# want +2 "DF044"
RUN printf '[example]\nbaseurl=https://repo.example.com/el9\n' > /etc/yum.repos.d/example.repo && \
    echo "gpgcheck=0" >> /etc/yum.repos.d/example.repo
# want +1 "DF044"
RUN zypper --no-gpg-checks install -y tool
CMD ["/usr/bin/tool"]
