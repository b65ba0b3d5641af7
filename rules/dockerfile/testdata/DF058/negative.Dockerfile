FROM golang:1.23 AS builder
CMD go run .
ENTRYPOINT top -b

FROM alpine:3.20
CMD ["python", "/usr/src/app/app.py"]
ENTRYPOINT ["top", "-b"]
HEALTHCHECK CMD curl --fail http://localhost:3000 || exit 1
