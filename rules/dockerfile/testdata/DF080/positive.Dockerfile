# want +1 "DF080"
FROM golang:1.23 AS Builder
RUN go build -o /out/app .

FROM alpine:3.20
COPY --from=builder /out/app /app
