# sudo installed into an image that runs as a non-root user.
FROM debian:13-slim
# want +1 "DF002"
RUN apt-get update \
    && apt-get install -y --no-install-recommends sudo=1.9.16p2-3 \
    && useradd -m -u 10001 app
USER 10001
