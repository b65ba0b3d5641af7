# check=skip=all
FROM alpine:3.22
COPY vendor /opt/vendor
USER 10001
