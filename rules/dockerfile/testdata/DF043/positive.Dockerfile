# syntax=docker/dockerfile:1
FROM node:20 AS build
# want +1 "DF043"
ENV NODE_TLS_REJECT_UNAUTHORIZED=0
# want +1 "DF043"
ARG GIT_SSL_NO_VERIFY=1
# want +1 "DF043"
RUN curl -fsSLk https://internal.example.com/tool.tgz -o /tmp/tool.tgz
# want +2 "DF043"
RUN apt-get update && \
    wget --no-check-certificate https://example.com/file -O /tmp/file
# want +1 "DF043" "DF043"
RUN npm config set strict-ssl false && git config --global http.sslVerify false
# want +1 "DF043"
RUN git -c http.sslVerify=false clone https://git.example.com/acme/app.git /src

FROM python:3.12-slim
# want +1 "DF043"
ENV PYTHONHTTPSVERIFY=0 PIP_NO_CACHE_DIR=1
# want +1 "DF043"
RUN pip install --trusted-host pypi.example.com -r requirements.txt
# want +1 "DF043"
RUN pip config set global.trusted-host pypi.example.com
# want +1 "DF043"
RUN yum install -y --setopt=sslverify=false httpd
# want +1 "DF043"
RUN echo "sslverify=0" >> /etc/yum.conf
# want +1 "DF043"
RUN export NPM_CONFIG_STRICT_SSL=false && npm ci
# want +1 "DF043"
RUN curl --insecure https://example.com/a -o /a && curl -k https://example.com/b -o /b
# want +1 "DF043"
RUN apt-get -o Acquire::https::Verify-Peer=false update
CMD ["python", "-m", "app"]

FROM debian:12-slim
# want +1 "DF043"
RUN curl -fsSL \
    --insecure \
    -o /tmp/x https://example.com/x
# want +1 "DF043"
RUN wget https://example.com/y -O /y \
    --no-check-certificate
