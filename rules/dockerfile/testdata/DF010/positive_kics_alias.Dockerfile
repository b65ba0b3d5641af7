FROM ubuntu:22.04 AS test
RUN echo "hello"

FROM test AS build
RUN echo "build"

# "construction" is no stage, so BuildKit pulls it from Docker Hub.
# want +1 "DF010"
FROM construction AS final
RUN echo "final"
