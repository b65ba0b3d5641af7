FROM golang:1.23 AS build
RUN go build -o /out/app .

FROM alpine:3.20
COPY --from=build /out/app /usr/local/bin/app
COPY --from=nginx:1.27 /etc/nginx/mime.types /etc/mime.types
RUN --mount=type=bind,from=build,target=/mnt true
ENTRYPOINT ["/usr/local/bin/app"]
