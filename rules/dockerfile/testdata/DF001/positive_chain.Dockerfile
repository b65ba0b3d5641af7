# The final stage inherits USER root:root from the stage it is built FROM.
FROM debian:13-slim AS base
RUN useradd -u 10001 app
USER app
RUN echo building
# want +1 "DF001"
USER root:root

FROM base AS runtime
COPY app /app
ENTRYPOINT ["/app"]
