# syntax=docker/dockerfile:1
FROM python:3.12-slim
# One finding per build tool: gcc and libc6-dev.
# want +1 "DF033" "DF033"
RUN apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev \
      libpq5 \
    && pip install --no-cache-dir -r requirements.txt
# want +1 "DF033"
RUN apk add --no-cache build-base
# want +1 "DF033"
RUN yum groupinstall -y "Development Tools"
CMD ["python", "-m", "app"]
