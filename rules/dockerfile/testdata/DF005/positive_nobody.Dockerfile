FROM alpine:3.22 AS base
# want +1 "DF005"
USER nobody:nogroup

FROM base
COPY app /app
