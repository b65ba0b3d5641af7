# want +1 "DF012"
FROM quay.io/evil/builder:1.2 AS build
RUN make

# A path prefix is matched on a boundary: acme-evil is not acme.
# want +1 "DF012"
FROM ghcr.io/acme-evil/base:1.0
COPY --from=build /out /out
# want +1 "DF012"
COPY --from=registry.example.com/tools/helper:1.0 /bin/helper /usr/local/bin/helper
# want +1 "DF012"
RUN --mount=type=bind,from=quay.io/tools/certs:2024,source=/certs,target=/certs \
    cp /certs/* /usr/local/share/ca-certificates/
USER 10001
