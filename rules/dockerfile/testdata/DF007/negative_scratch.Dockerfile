FROM scratch
ARG OWNER
COPY --chown=${OWNER} app /app
COPY --chown=1000 data /data
ENTRYPOINT ["/app"]
