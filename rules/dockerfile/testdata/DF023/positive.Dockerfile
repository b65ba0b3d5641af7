# syntax=docker/dockerfile:1
FROM node:20 AS build
ARG NPM_TOKEN
ARG GITHUB_TOKEN=
WORKDIR /src
COPY package.json package-lock.json ./
# want +1 "DF023"
RUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci && rm .npmrc
# want +1 "DF023"
RUN git config --global url."https://x-access-token:$GITHUB_TOKEN@github.com/".insteadOf "https://github.com/"
# want +1 "DF023"
RUN <<EOF
set -e
curl -H "Authorization: Bearer ${GITHUB_TOKEN:-}" https://api.github.com/repos/acme/app
EOF

FROM node:20-slim
ARG SENTRY_AUTH_TOKEN
# want +1 "DF023"
ENV SENTRY_AUTH_TOKEN=$SENTRY_AUTH_TOKEN
# want +1 "DF023"
RUN ["sh", "-c", "npx sentry-cli releases new $SENTRY_AUTH_TOKEN"]
COPY --from=build /src/dist /app
CMD ["node", "/app/index.js"]
