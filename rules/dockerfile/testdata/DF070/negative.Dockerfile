# The build stage is only copied from: its tools never reach an image.
FROM debian:12 AS fetch
RUN wget -q https://example.com/a.tgz
RUN curl -fsSLO https://example.com/b.tgz

FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl wget && rm -rf /var/lib/apt/lists/*
RUN curl -fsSL https://example.com/c.tgz -o /tmp/c.tgz
RUN ["curl", "-fsSLO", "https://example.com/d.tgz"]
COPY --from=fetch /a.tgz /b.tgz /opt/
