ARG BASE
FROM python:3.13-slim AS build
FROM busybox:1.36 AS tools
FROM alpine:latest AS floating
FROM ${BASE} AS other
FROM php:8.2-fpm AS soon
FROM scratch
COPY --from=build /x /x
