ARG BASE
ARG EMPTY=
ARG REG
ARG APP=${REG}/app:1.0
# want +1 "DF016"
FROM ${BASE} AS one
# want +1 "DF016"
FROM $EMPTY AS two
# want +1 "DF016"
FROM registry.example.com/${NOPE}:1.0 AS three

# The default of APP uses REG, which has no value.
# want +1 "DF016"
FROM ${APP} AS four

FROM alpine:3.22
ARG IMAGE=alpine:3.12
# An ARG inside a stage does not reach FROM.
# want +1 "DF016"
FROM $IMAGE
