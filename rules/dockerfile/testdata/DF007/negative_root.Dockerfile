# The image runs as root: DF001 reports that, and ownership adds nothing.
FROM debian:12-slim
RUN useradd app
COPY --chown=app:app . /app
USER root
CMD ["/app/run"]
