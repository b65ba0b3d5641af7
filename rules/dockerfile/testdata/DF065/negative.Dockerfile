FROM golang:1.23 AS builder
RUN go build -o /out/app .

FROM alpine:3.20
COPY --from=builder /out/app /app
COPY --from=0 /out/app /app2
COPY --from=alpine:3.20 /etc/os-release /os-release
RUN --mount=type=bind,from=builder,target=/mnt cp /mnt/out/app /app3
