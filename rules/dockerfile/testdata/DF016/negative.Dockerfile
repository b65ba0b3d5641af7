ARG BASE=python:3.13-slim
ARG VARIANT
FROM ${BASE} AS a
FROM --platform=$BUILDPLATFORM golang:1.26 AS b
FROM base-${TARGETARCH} AS c
FROM python:${VARIANT:-3.13}-slim AS d
FROM scratch
