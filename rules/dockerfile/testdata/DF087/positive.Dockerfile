# want +1 "DF087"
FROM golang:1.23 AS scratch
RUN go build -o /out/app .

# want +1 "DF087"
FROM alpine:3.20 AS Context
RUN echo hi

FROM scratch
COPY --from=scratch /out/app /app
