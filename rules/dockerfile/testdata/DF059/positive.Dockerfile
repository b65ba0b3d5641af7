FROM golang:1.23 AS builder
RUN go build -o /app .
HEALTHCHECK CMD ["/app", "health"]

# want +1 "DF059"
FROM gcr.io/distroless/static-debian12
COPY --from=builder /app /app
CMD ["/app"]
