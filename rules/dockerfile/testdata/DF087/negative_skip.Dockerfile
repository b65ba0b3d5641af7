# check=skip=ReservedStageName
FROM golang:1.23 AS scratch
RUN go build -o /out/app .
FROM alpine:3.20
COPY --from=scratch /out/app /app
