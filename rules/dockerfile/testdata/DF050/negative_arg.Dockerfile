ARG BASE=debian:12-slim
FROM ${BASE}
RUN apt-get install -y --no-install-recommends \
    curl
FROM scratch AS final
COPY --from=0 /usr/bin/curl /curl
