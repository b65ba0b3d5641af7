FROM debian:13-slim AS base
# want +1 "DF003"
RUN <<EOF
set -e
chmod 2755 /usr/local/bin/report
EOF

FROM base
# want +1 "DF003"
RUN chmod o+w /var/log/app.log
USER 10001
