# The build stage's USER does not carry into the final stage.
FROM golang:1.26 AS build
USER 10001
RUN go build -o /out/app .

# want +1 "DF001"
FROM alpine:3.22
COPY --from=build /out/app /app
ENTRYPOINT ["/app"]
