# Distroless without a :nonroot tag runs as uid 0.
FROM golang:1.26 AS build
RUN go build -o /out/app .
# want +1 "DF001"
FROM gcr.io/distroless/static-debian13
COPY --from=build /out/app /app
ENTRYPOINT ["/app"]
