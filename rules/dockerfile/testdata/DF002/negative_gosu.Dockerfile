FROM debian:13-slim
RUN apt-get update && apt-get install -y --no-install-recommends gosu
COPY docs/sudoers.md /usr/share/doc/app/
USER root
ENTRYPOINT ["gosu", "app", "/app"]
