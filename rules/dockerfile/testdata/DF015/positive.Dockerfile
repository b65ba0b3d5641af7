# want +1 "DF015"
FROM ubuntu:24.04
COPY app /usr/local/bin/app
USER 10001
