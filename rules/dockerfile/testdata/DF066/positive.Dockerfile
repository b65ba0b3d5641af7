FROM node:22-alpine AS build
WORKDIR /src
# want +1 "DF066"
COPY package.json yarn.lock my_app
# want +1 "DF066"
COPY ["a.txt", "b.txt", "/opt/data"]
# want +1 "DF066"
ADD one.tar two.tar /srv
ARG DEST=/app
# want +1 "DF066"
COPY a b $DEST
# want +1 "DF066"
COPY <<EOF1 <<EOF2 /etc/conf
one
EOF1
two
EOF2

FROM alpine:3.20
# want +1 "DF066"
COPY --from=build /src/a /src/b /usr/local/bin
