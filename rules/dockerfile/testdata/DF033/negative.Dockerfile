# syntax=docker/dockerfile:1
# Compilers belong in a build stage: nothing here ships them.
FROM golang:1.22 AS build
RUN apt-get update && apt-get install -y --no-install-recommends gcc make
RUN go build -o /app ./...

FROM python:3.12-slim
# The official images' pattern: build dependencies removed in the same RUN.
RUN apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev \
    && pip install --no-cache-dir uwsgi \
    && apt-get purge -y --auto-remove gcc libc6-dev
RUN apk add --no-cache --virtual .build-deps gcc musl-dev && pip install psycopg2 && apk del --no-network .build-deps
RUN savedAptMark="$(apt-mark showmanual)" && apt-get install -y make && make install && apt-get purge -y --auto-remove $savedAptMark
COPY --from=build /app /usr/local/bin/app
CMD ["app"]

# The docker-library pattern: mark everything auto, then purge with --auto-remove.
FROM debian:12-slim
RUN set -eux; \
	savedAptMark="$(apt-mark showmanual)"; \
	apt-get update; \
	apt-get install -y --no-install-recommends gcc make libc6-dev; \
	make -j "$(nproc)" && make install; \
	apt-mark auto '.*' > /dev/null; \
	apt-mark manual $savedAptMark > /dev/null; \
	apt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false
CMD ["app"]
