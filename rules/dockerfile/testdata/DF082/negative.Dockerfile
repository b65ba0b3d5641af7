FROM alpine:3.20
LABEL maintainer="SvenDowideit@home.org.au"
LABEL org.opencontainers.image.authors="jane@example.com"
