# syntax=docker/dockerfile:1
FROM ubuntu:24.04
# Installing a tool is not running it, and words in strings are not commands.
RUN apt-get update && apt-get install -y vim openssh-client procps
RUN echo "run top or ps to inspect" > /etc/motd
RUN sed -i 's/service/svc/' /etc/app.conf
CMD ["top"]
# kill of a background job the same RUN started (a warm-up run).
RUN TERM=xterm /usr/local/bin/app & \
    pid=$!; \
    sleep 10; kill $pid || true
