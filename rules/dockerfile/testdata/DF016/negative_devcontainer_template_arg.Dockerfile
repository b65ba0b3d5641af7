ARG VARIANT=${templateOption:imageVariant}
FROM mcr.microsoft.com/devcontainers/base:${VARIANT}
