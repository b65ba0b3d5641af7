FROM alpine:3.20 AS dep
# want +1 "DF065"
COPY --from=dep /binary /

FROM alpine:3.20
# want +1 "DF065"
COPY --from=1 /a /b
ARG SELF=final-ish
# want +1 "DF065"
RUN --mount=type=bind,from=1,target=/mnt true
