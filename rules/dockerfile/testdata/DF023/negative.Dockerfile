# syntax=docker/dockerfile:1
ARG NPM_TOKEN
FROM node:20 AS build
# A global ARG is not visible in a stage until it is redeclared.
RUN echo "$NPM_TOKEN"
# Used before it is declared: the RUN does not see it.
RUN echo "${GITHUB_TOKEN}"
ARG GITHUB_TOKEN
ARG TOKEN_URL=https://auth.example.com/token
ARG VERSION=1.2.3
RUN curl -fsSL "$TOKEN_URL?v=$VERSION" -o /tmp/token.json
# Names that merely start with the argument's name are other variables.
RUN echo "$GITHUB_TOKEN_FILE" "${GITHUB_TOKENS}"
# The secret mounted as an environment variable shadows the argument.
RUN --mount=type=secret,id=gh,env=GITHUB_TOKEN ./fetch-private-deps.sh "$GITHUB_TOKEN"
RUN --mount=type=secret,id=npm_token NPM_TOKEN=$(cat /run/secrets/npm_token) npm ci

FROM node:20-slim
# ARGs do not carry over between stages.
RUN echo "$GITHUB_TOKEN"
CMD ["node", "index.js"]
