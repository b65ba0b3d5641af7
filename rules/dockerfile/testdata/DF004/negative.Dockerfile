# syntax=docker/dockerfile:1-labs
FROM alpine:3.22 AS build
RUN --network=none ./build.sh
RUN --security=sandbox ./test.sh
RUN --mount=type=cache,target=/root/.cache pip install -r requirements.txt
RUN echo "--network=host is not used here"

FROM alpine:3.22
COPY --from=build /out /out
USER 10001
