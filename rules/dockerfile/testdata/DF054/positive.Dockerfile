FROM debian:12-slim AS build
# want +1 "DF054"
RUN curl -fsSL https://example.com/key.asc | gpg --dearmor -o /usr/share/keyrings/example.gpg

FROM alpine:3.20
# want +1 "DF054"
RUN wget -qO- https://example.com/install.sh \
    | sh
# want +1 "DF054"
RUN set -e && cat /etc/os-release | grep -q alpine && set -o pipefail
# want +1 "DF054"
RUN <<EOF
set -e
tar -cf - /src | gzip > /out.tgz
EOF
# Computing a sum (no -c) hides a failed download.
# want +1 "DF054"
RUN curl -fsSL https://example.com/app.tgz | sha256sum > /app.sha256
# A bare assignment takes the status of its $(…), so pipefail matters there.
# want +1 "DF054"
RUN set -e; deps="$(scanelf --needed /usr/local/bin/app | awk '{print $2}')"; echo "$deps"
