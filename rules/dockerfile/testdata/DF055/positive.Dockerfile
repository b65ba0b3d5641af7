FROM alpine:3.20
# want +1 "DF055"
WORKDIR app
WORKDIR /srv
# want +1 "DF055"
WORKDIR data
ARG SUB=logs
# want +1 "DF055"
WORKDIR $SUB

FROM scratch
# want +1 "DF055"
WORKDIR bin
