FROM python:3.8-slim AS eol
FROM python:3.13-slim AS supported
FROM php AS floating
FROM scratch
COPY --from=supported /x /x
