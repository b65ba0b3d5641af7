# syntax=docker/dockerfile:1-labs
FROM alpine:3.22 AS build
# want +1 "DF004"
RUN --security=insecure mount -t tmpfs none /mnt && ./build.sh
# want +1 "DF004"
RUN --network=host wget -q -O /artifact http://localhost:8080/artifact

FROM alpine:3.22
COPY --from=build /artifact /artifact
# want +1 "DF004"
RUN --mount=type=cache,target=/root/.cache \
    --security=insecure \
    ./post-install.sh
USER 10001
