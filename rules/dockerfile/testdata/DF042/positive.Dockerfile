# syntax=docker/dockerfile:1
FROM debian:12-slim AS build
# want +1 "DF042"
RUN curl -fsSL https://deb.nodesource.com/setup_20.x | bash -
# want +2 "DF042"
RUN apt-get update && \
    wget -qO- https://get.example.com/install.sh | sudo sh -s -- --yes
# want +1 "DF042"
RUN sh -c "$(curl -fsSL https://raw.githubusercontent.com/ohmyzsh/ohmyzsh/master/tools/install.sh)"

FROM python:3.12-slim
# want +1 "DF042"
RUN bash <(curl -s https://example.com/setup.sh)
# want +1 "DF042"
RUN curl -sSL https://install.python-poetry.org | python3 -
# want +1 "DF042"
RUN ["/bin/sh", "-c", "curl -fsSL https://get.docker.com | sh"]
RUN <<EOF
set -e
# want +1 "DF042"
wget -O - https://example.com/bootstrap | bash
EOF
CMD ["python", "-m", "app"]
