# The shipped base is the root of the final stage's FROM chain.
FROM golang:1.26 AS build
RUN go build -o /out/app .

# want +1 "DF015"
FROM python:3.13 AS base
RUN pip install --no-cache-dir gunicorn==23.0.0

FROM base
COPY --from=build /out/app /app
USER 10001
