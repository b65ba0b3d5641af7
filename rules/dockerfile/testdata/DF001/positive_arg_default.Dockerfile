ARG BASE=python:3.13-slim
# want +1 "DF001"
FROM ${BASE}
COPY . /app
