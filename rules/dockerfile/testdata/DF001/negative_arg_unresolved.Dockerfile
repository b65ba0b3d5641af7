# The base is only known at build time: DF016 reports that, DF001 stays quiet.
ARG BASE
FROM ${BASE}
COPY . /app
