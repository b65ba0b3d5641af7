# Stage "debug" is used by no other stage: it exists to be built on its own
# (docker build --target debug), so its image may ship.
FROM debian:12-slim AS base
# want +1 "DF051"
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates

FROM base AS debug
# want +1 "DF051"
RUN apt-get update && apt-get install -y --no-install-recommends gdb

FROM debian:12 AS build
RUN apt-get update && apt-get install -y --no-install-recommends build-essential

FROM debian:12 AS deps
RUN apt-get update && apt-get install -y --no-install-recommends libssl-dev

FROM base
COPY --from=build /usr/bin/make /usr/bin/make
RUN --mount=type=bind,from=deps,source=/usr/lib,target=/mnt/lib ls /mnt/lib
