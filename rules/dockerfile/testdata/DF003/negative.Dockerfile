FROM alpine:3.22 AS build
RUN chmod 777 /build && chmod u+s /build/tool

FROM alpine:3.22
COPY --from=build /build/app /app
RUN mkdir -p /tmp/x && chmod 1777 /tmp/x && chmod 755 /app && chmod +x /app
RUN chmod u-s /usr/bin/passwd && chmod -R g=u /app && chmod go-w /app && chmod +w /app/cfg
RUN chmod -w /app/ro && chmod "$MODE" /app && install -m 0755 tool /usr/local/bin/tool
COPY --chmod=755 run.sh /run.sh
RUN echo "chmod 777 is bad" > /NOTE
USER 10001
# A setgid, sticky, world-writable directory is the /tmp convention with a
# shared group (postgres' socket directory); nobody runs a directory.
RUN install --verbose --directory --owner postgres --group postgres --mode 3777 /var/run/postgresql
RUN mkdir -p /usr/local/share/npm-global && chmod g+s /usr/local/share/npm-global
RUN find /usr/local/rvm/ -type d | xargs -n 1 chmod g+s
# A scratch directory removed by the same RUN never reaches the image.
RUN tempDir="$(mktemp -d)" && chmod 777 "$tempDir" && make -C "$tempDir" && rm -rf "$tempDir"
