# FROM scratch without USER is not flagged (see DF001.md): no shell, no
# package manager, no setuid binaries for root to use.
FROM golang:1.26 AS build
RUN CGO_ENABLED=0 go build -o /out/app .
FROM scratch
COPY --from=build /out/app /app
ENTRYPOINT ["/app"]
