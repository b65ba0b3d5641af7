# syntax=docker/dockerfile:1
FROM golang:1.22 AS build
WORKDIR /src
# A build stage whose output is copied selectively: only the binary ships.
COPY . .
RUN CGO_ENABLED=0 go build -o /out/app ./cmd/app

FROM node:20 AS web
WORKDIR /web
COPY . .
RUN npm ci && npm run build

FROM gcr.io/distroless/static-debian12
COPY --from=build /out/app /app
COPY --from=web /web/dist /static
COPY --from=build /src/LICENSE /LICENSE
ENTRYPOINT ["/app"]
