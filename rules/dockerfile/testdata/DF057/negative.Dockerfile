FROM golang:1.23 AS builder
CMD ["./app"]
CMD ["./apps"]
ENTRYPOINT ["/bin/true"]
ENTRYPOINT ["/bin/false"]

FROM alpine:3.20 AS base
CMD ["/bin/sh"]

FROM base
COPY --from=builder /go/bin/app /app
ENTRYPOINT ["/app"]
CMD ["--help"]
ONBUILD CMD ["x"]
