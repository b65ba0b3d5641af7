# Global ARGs are neither counted nor judged.
arg VERSION=3.20
FROM alpine:${VERSION}
RUN echo hi
ONBUILD run echo later
USER 10001
