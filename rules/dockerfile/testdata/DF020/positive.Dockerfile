# syntax=docker/dockerfile:1
# want +1 "DF020"
ARG REGISTRY_PASSWORD=Sup3rS3cretPass
FROM golang:1.22 AS build
# want +1 "DF020"
ARG NPM_TOKEN="9f8e7d6c5b4a"
# want +1 "DF020"
ENV DB_PASSWORD=hunter2-prod
RUN go build -o /app ./...

FROM debian:12-slim
# want +1 "DF020"
ENV SECRET_KEY_BASE 1b2c3d4e5f6a7b8c
# A multi-line ENV: the finding is on the line of the value.
ENV APP_NAME=shop \
# want +1 "DF020"
    MYSQL_ROOT_PASSWORD='rootpw-2024' \
    APP_PORT=8080
# want +1 "DF020"
ENV dbPassword=correct-horse
COPY --from=build /app /app
CMD ["/app"]
