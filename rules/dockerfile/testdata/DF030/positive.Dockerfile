# syntax=docker/dockerfile:1
FROM ubuntu:24.04 AS base
RUN apt-get update && apt-get install -y --no-install-recommends openssh-server
# The final stage is built FROM base, so base's EXPOSE ships.
# want +1 "DF030"
EXPOSE 22

FROM base
ARG DEBUG_PORT=9229
# One finding per admin or debug port: 2375, 5005, ${DEBUG_PORT} (9229) and
# 5900 in the range.
# want +1 "DF030" "DF030" "DF030" "DF030"
EXPOSE 80 2375/tcp 5005 ${DEBUG_PORT} 5890-5900
CMD ["/usr/sbin/sshd", "-D"]
