ARG BASE=alpine:3.20
FROM ${BASE} AS build
# want +1 "DF086"
Run apk add --no-cache curl
# want +1 "DF086"
workdir /src
COPY . .

FROM alpine:3.20
COPY --from=build /src /app
# want +1 "DF086"
EntryPoint ["/app/run"]
