FROM debian:12 AS build
RUN apt-get update && apt-get install -y --no-install-recommends build-essential

FROM debian:12-slim
RUN apt-get update && apt-get install --no-install-recommends -y python3 \
  && rm -rf /var/lib/apt/lists/*
RUN set -eux; \
	apt-get update; \
	apt-get install -y --no-install-recommends curl; \
	rm -rf /var/lib/apt/lists/*
RUN --mount=type=cache,target=/var/lib/apt,sharing=locked \
    --mount=type=cache,target=/var/cache/apt,sharing=locked \
    apt-get update && apt-get install -y --no-install-recommends git
RUN apt-get install -y --no-install-recommends jq
COPY --from=build /usr/bin/gcc /usr/bin/gcc
# apt 2.7+: dist-clean removes the lists too (docker-library images use it).
RUN set -eux; \
	apt-get update; \
	apt-get install -y --no-install-recommends gnupg; \
	apt-get dist-clean
