# The build stage is only copied from: its layers never ship.
FROM golang:1.23 AS build
RUN go mod download
RUN go build -o /out/app .

FROM ubuntu:24.04
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY README.md ./one
COPY package.json ./two
COPY --chown=root:root a.txt ./
COPY b.txt ./
RUN --mount=type=cache,target=/root/.cache true
RUN true
COPY --from=build /out/app /usr/local/bin/app
ENTRYPOINT ["/usr/local/bin/app"]
