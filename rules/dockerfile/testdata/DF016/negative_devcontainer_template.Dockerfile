# A dev container template: the devcontainer CLI fills in templateOption
# when the template is applied, so there is no ARG to give a default.
FROM mcr.microsoft.com/devcontainers/javascript-node:4-${templateOption:imageVariant}
