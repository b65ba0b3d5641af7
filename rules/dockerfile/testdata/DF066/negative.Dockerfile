FROM node:22-alpine AS build
WORKDIR /src
COPY package.json yarn.lock my_app/
COPY package.json yarn.lock
COPY package.json yarn.lock .
COPY package.json yarn.lock ./
COPY package.json yarn.lock ../
COPY *.json /app
COPY . /app
COPY ["a.txt", "b.txt", "/opt/data/"]
ARG DEST=/app/
COPY a b $DEST
COPY a b $UNKNOWN
ADD https://example.com/a.tar.gz /srv

FROM alpine:3.20
COPY --from=build /src/a /src/b /usr/local/bin/
COPY --from=build /src/app /app
