# Root is DF001's finding; a USER only known at build time is not judged.
FROM alpine:3.22 AS a
USER root
FROM alpine:3.22
USER ${APP_USER}
