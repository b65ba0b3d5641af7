FROM alpine:3.20 AS base
SHELL ["/bin/ash", "-eo", "pipefail", "-c"]

FROM base
RUN wget -qO- https://example.com/x | tar -xz

FROM mcr.microsoft.com/windows/servercore:ltsc2022
SHELL ["powershell", "-Command"]
RUN Get-Content x | Out-File y
