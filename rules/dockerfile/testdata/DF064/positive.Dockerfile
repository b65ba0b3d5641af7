FROM alpine:3.20
RUN echo test

# The finding runs from the first stage with the name to the one reusing it.
# want +1 "DF064"
FROM debian:12 as build
RUN echo stuff

FROM debian:12 AS BUILD
RUN echo more
