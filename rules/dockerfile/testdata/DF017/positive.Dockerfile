# want +1 "DF017"
FROM --platform=linux/amd64 python:3.13-slim AS app-base
RUN pip install --no-cache-dir requests==2.32.3

# want +1 "DF017"
FROM --platform=$TARGETPLATFORM golang:1.23 AS tools

# want +1 "DF017"
FROM --platform=${TARGETPLATFORM} alpine:3.20 AS more

# want +1 "DF017"
FROM --platform=arm64 busybox:1.36

# want +1 "DF017"
FROM --platform=linux/arm64 app-base
CMD ["python"]
