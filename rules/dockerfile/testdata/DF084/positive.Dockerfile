FROM debian:12-slim
# want +3 "DF084"
RUN apt-get update \

 && apt-get install -y --no-install-recommends curl
