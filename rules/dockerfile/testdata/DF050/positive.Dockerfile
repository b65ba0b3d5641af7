FROM debian:12-slim AS base
# want +1 "DF050"
RUN apt-get update && apt-get install -y curl \
 && rm -rf /var/lib/apt/lists/*

FROM base
# want +1 "DF050"
RUN ["apt-get", "install", "-y", "git"]
# want +1 "DF050"
RUN sudo apt install -y \
      make \
      gcc
# want +1 "DF050"
RUN <<EOF
set -e
apt-get update
apt-get install -y jq
rm -rf /var/lib/apt/lists/*
EOF
