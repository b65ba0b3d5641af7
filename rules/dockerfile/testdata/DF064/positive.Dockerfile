FROM alpine:3.20
RUN echo test

FROM debian:12 as build
RUN echo stuff

# want +1 "DF064"
FROM debian:12 AS BUILD
RUN echo more
