FROM debian:12-slim
RUN apt-get update \
# a comment line is fine
 && apt-get install -y --no-install-recommends curl

RUN true
