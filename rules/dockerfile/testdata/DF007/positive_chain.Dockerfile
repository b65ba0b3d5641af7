FROM alpine:3.20 AS base
RUN adduser -D -u 10001 app
# want +1 "DF007"
ADD --chown=app https://example.com/tool.tar.gz /opt/
FROM base
USER app
ENTRYPOINT ["/opt/tool"]
