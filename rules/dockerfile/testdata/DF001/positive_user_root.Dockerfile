FROM alpine:3.22
# want +1 "DF001"
USER root
RUN apk add --no-cache curl
