FROM nginx:1.27 AS web
# want +1 "DF089" "DF089"
EXPOSE 127.0.0.1:8080:80 443/TCP 9000
# want +1 "DF089"
EXPOSE 8080:80/udp
# want +1 "DF089"
EXPOSE 127.0.0.1::80
# want +1 "DF089"
EXPOSE [::1]:53:53/UDP

FROM alpine:3.20
ARG BIND=0.0.0.0:2375:2375
# want +1 "DF089"
EXPOSE $BIND
# BuildKit warns, then stops the build on the host address.
# want +1 "DF089"
EXPOSE localhost:80:80
