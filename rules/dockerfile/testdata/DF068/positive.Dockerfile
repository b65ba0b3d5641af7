FROM golang:1.23
RUN go build -o /out/app .

FROM node:22 AS assets
RUN npm ci && npm run build

FROM alpine:3.20
# want +1 "DF068"
COPY --from=0 /out/app /usr/local/bin/app
# want +1 "DF068"
COPY --from=1 /dist /srv/www
# want +1 "DF068"
COPY --chmod=0644 \
    --from=0 /out/app.conf /etc/app.conf
ENTRYPOINT ["/usr/local/bin/app"]
