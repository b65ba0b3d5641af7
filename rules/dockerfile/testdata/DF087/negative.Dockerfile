FROM golang:1.23 AS build
RUN go build -o /out/app .

FROM alpine:3.20 AS scratchpad
RUN echo hi

FROM scratch
COPY --from=build /out/app /app
