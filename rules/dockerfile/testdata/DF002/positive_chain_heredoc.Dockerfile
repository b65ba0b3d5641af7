# doas in a heredoc, in a stage the final stage is built FROM.
FROM alpine:3.22 AS base
# want +1 "DF002"
RUN <<EOF
set -e
doas apk add --no-cache curl
EOF

FROM base
USER 10001
# A non-root user switching users through sudo still relies on its policy.
# want +1 "DF002"
RUN sudo -E -u app \
      /usr/local/bin/migrate --all
USER 10001
