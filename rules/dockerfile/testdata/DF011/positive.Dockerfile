# want +1 "DF011"
FROM golang:1.26 AS build
RUN go build -o /out/app .

# want +1 "DF011"
FROM gcr.io/distroless/static-debian13:nonroot
COPY --from=build /out/app /app
