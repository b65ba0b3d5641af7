# A build stage that does not ship: recommends only cost build time.
FROM debian:12 AS build
RUN apt-get update && apt-get install -y build-essential

FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/*
RUN apt-get -o APT::Install-Recommends=false install -y git
RUN ["apt-get", "apt::install-recommends=false", "install", "apt-utils"]
COPY --from=build /usr/bin/make /usr/local/bin/make
RUN apt-get update
