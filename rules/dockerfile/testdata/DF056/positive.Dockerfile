FROM golang:1.23 AS build
# want +1 "DF056"
RUN cd /src && go build -o /out/app .
# want +1 "DF056"
RUN cd ../share/nginx/html

FROM nginx:1.27
# want +1 "DF056"
RUN set -e; \
    cd /usr/share/nginx/html; \
    rm -f index.html
