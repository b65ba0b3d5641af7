ARG BASE
FROM python:3.13-slim AS a
FROM ${BASE} AS b
FROM scratch AS c
FROM a
USER 10001
