# syntax=docker/dockerfile:1
FROM debian:12-slim AS base
# One finding per tool, each on the line that names it (a comment line inside
# the continuation is dropped by BuildKit).
# want +1 "DF032"
RUN apt-get update && apt-get install -y --no-install-recommends gdb \
# want +1 "DF032" "DF032"
      strace=5.10-1 tcpdump \
      ca-certificates \
    && rm -rf /var/lib/apt/lists/*

FROM base
# want +2 "DF032"
RUN apk add --no-cache curl \
    netcat-openbsd
# want +1 "DF032"
RUN yum install -y telnet && yum clean all
# want +1 "DF032"
RUN ssh-keygen -A && mkdir -p /var/run/sshd
RUN <<EOF
set -e
# want +1 "DF032"
dnf install -y nmap
EOF
CMD ["/app"]
