# syntax=docker/dockerfile:1
# Tools in a build stage that is only copied from do not ship.
FROM debian:12 AS debug-build
RUN apt-get update && apt-get install -y gdb strace valgrind

# Installed and removed again in the shipped stages.
FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends tcpdump \
    && tcpdump --version && apt-get purge -y tcpdump
RUN apk add --no-cache --virtual .debug-deps gdb strace && run-tests && apk del .debug-deps
RUN buildDeps="gdb" && apt-get install -y $buildDeps ltrace && make check && apt-get purge -y --auto-remove $buildDeps
# Names that merely mention a tool, and variables, are not judged.
ARG EXTRA
RUN apt-get install -y $EXTRA gdb-doc netcat-doc && echo "nc and gdb are not installed here"
COPY --from=debug-build /usr/share/doc /usr/share/doc
CMD ["/app"]
