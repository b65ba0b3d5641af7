# syntax=docker/dockerfile:1
FROM alpine:3.20 AS fetch
# want +1 "DF040"
ADD https://github.com/acme/tool/releases/download/v1.2.3/tool-linux-amd64.tar.gz /tmp/
# want +1 "DF040"
ADD http://downloads.example.com/agent.jar /opt/agent.jar
ARG VERSION=2.0.1
# want +1 "DF040"
ADD https://example.com/cli-${VERSION}.tgz?token=abc /tmp/cli.tgz

FROM alpine:3.20
# want +1 "DF040"
ADD https://github.com/acme/config.git#v1.4.0 /etc/acme
# want +1 "DF040"
ADD git@github.com:acme/private-lib.git /src/lib
COPY --from=fetch /tmp /tmp
CMD ["/opt/tool"]
