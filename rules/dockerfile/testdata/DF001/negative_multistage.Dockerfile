# Only the build stage runs as root: what ships runs as 10001.
FROM golang:1.26 AS build
USER root
RUN go build -o /out/app .

FROM alpine:3.22
RUN adduser -D -u 10001 app
COPY --from=build /out/app /app
USER 10001:10001
ENTRYPOINT ["/app"]
