FROM alpine as Build
MAINTAINER someone
RUN echo a \

    b
