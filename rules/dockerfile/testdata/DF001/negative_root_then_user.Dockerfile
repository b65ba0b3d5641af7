FROM debian:13-slim
USER root
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates
USER 1000
CMD ["/app"]
