FROM debian:12-slim AS base
RUN wget -q -O /tmp/key.asc https://example.com/key.asc
# want +1 "DF070"
RUN curl -fsSL https://example.com/install.sh -o /tmp/install.sh
# want +1 "DF070"
RUN ["curl", "-fsSLO", "https://example.com/tool.tgz"]

FROM base
# want +1 "DF070"
RUN curl -fsSL https://example.com/other.tgz -o /tmp/other.tgz
