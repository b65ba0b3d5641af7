FROM debian:12-slim
# want +1 "DF051"
RUN apt-get update && apt-get install -y --no-install-recommends python3
# want +1 "DF051"
RUN apt-get update && apt-get install -y --no-install-recommends curl && apt-get clean
# want +1 "DF051"
RUN set -eux; \
	apt-get update; \
	apt-get install -y --no-install-recommends git
RUN rm -rf /var/lib/apt/lists/*
