# check=experimental=InvalidDefinitionDescription

# the version of the runtime
# want +1 "DF083"
ARG RUNTIME_VERSION=3.12

# build the binary
# want +1 "DF083"
FROM golang:1.23 AS builder
