# ARG is not judged (`ARG a b` declares two ARGs), nor ONBUILD triggers.
ARG VERSION 3.20
FROM alpine:3.20
ARG USER_ID GROUP_ID
ENV APP_HOME=/srv/app PATH=/srv/app/bin:$PATH
ENV GREETING="hello world"
LABEL org.opencontainers.image.title="demo" maintainer=team@example.com
ONBUILD ENV LATER value
