ARG UID=10001
FROM debian:13-slim
ARG UID
RUN <<EOF
set -e
useradd -u "${UID}" app
EOF
USER \
  ${UID}
CMD ["/app"]
