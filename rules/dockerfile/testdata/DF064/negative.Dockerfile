FROM debian:12 AS build
RUN echo stuff

FROM debian:12 AS another-alias
RUN echo more
FROM build
FROM build
