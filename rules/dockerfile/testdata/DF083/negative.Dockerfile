# check=experimental=InvalidDefinitionDescription

# RUNTIME_VERSION is the Python version of the runtime image
ARG RUNTIME_VERSION=3.12

# builder compiles the binary
FROM golang:1.23 AS builder
