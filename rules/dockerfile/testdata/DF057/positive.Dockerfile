FROM golang:1.23 AS build
RUN go build -o /out/app .

FROM alpine:3.20 AS runtime
# want +1 "DF057"
ENTRYPOINT ["/app", "--port", "8080"]
ENTRYPOINT ["/app", "--port", "8000"]

FROM runtime
COPY --from=build /out/app /app
# want +1 "DF057"
CMD ["./app"]
# want +1 "DF057"
CMD ["./app", "--debug"]
CMD ["./app", "--quiet"]
# want +1 "DF057"
HEALTHCHECK CMD ["/app", "health"]
HEALTHCHECK NONE
