FROM golang:1.26 AS build
USER builder
RUN go build -o /out/app .

FROM alpine:3.22
COPY --from=build /out/app /app
USER 10001:10001
