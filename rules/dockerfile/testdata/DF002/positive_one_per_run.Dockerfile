FROM mcr.microsoft.com/devcontainers/base:bookworm
USER vscode
# One finding for the RUN, naming every command run through sudo.
# want +1 "DF002"
RUN sudo apt-get update \
    && sudo apt-get upgrade -y git \
    && sudo rm -rf /var/lib/apt/lists/*
