# want +1 "DF010"
FROM golang AS build
RUN go build -o /out/app .

# A build stage's base counts too: its output ships.
# want +1 "DF010"
FROM node:latest AS assets
RUN npm ci && npm run build

# want +1 "DF010"
FROM alpine:latest
COPY --from=build /out/app /app
COPY --from=assets /dist /static
USER 10001
