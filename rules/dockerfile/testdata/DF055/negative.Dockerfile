FROM alpine:3.20
WORKDIR /path/to/workdir
WORKDIR "/path/to/workdir"
WORKDIR /
WORKDIR c:\\windows
ENV DIRPATH=/path
WORKDIR $DIRPATH/$DIRNAME
WORKDIR ${GLASSFISH_HOME}/bin
ARG APP_HOME
WORKDIR $APP_HOME

FROM mcr.microsoft.com/windows/nanoserver:ltsc2022
WORKDIR app
