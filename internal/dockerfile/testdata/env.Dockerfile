ARG VERSION=1.0
ARG IMG
FROM ${IMG:-alpine}:3.20
ARG VERSION
ARG USER_NAME=app
ENV APP_HOME=/opt/app PATH="$APP_HOME/bin:$PATH"
USER ${USER_NAME}

FROM alpine:${TARGETARCH} AS arch
USER root
SHELL ["powershell", "-Command"]
RUN Write-Host hi
