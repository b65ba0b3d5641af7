# syntax=docker/dockerfile:1
# A build stage that is not shipped may expose what it likes.
FROM golang:1.22 AS build
EXPOSE 2345 6060
RUN go build -o /app ./...

FROM gcr.io/distroless/static-debian12
COPY --from=build /app /app
# Unresolved variables are never guessed; UDP ports and databases are not admin ports.
ARG PORT
EXPOSE ${PORT} 8080 443/tcp 22/udp 5432
ENTRYPOINT ["/app"]
