FROM alpine:3.20 AS build
# want +1 "DF088"
ENV APP_HOME /srv/app
# want +1 "DF088"
ENV PATH /opt/app/bin:$PATH LANG C.UTF-8
# want +1 "DF088"
LABEL org.opencontainers.image.title demo app
# want +1 "DF088"
ENV DEPS \
    curl \
    git

FROM alpine:3.20
# want +1 "DF088"
  env GREETING "hello world"
