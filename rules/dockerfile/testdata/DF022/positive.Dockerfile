# syntax=docker/dockerfile:1
FROM node:20 AS build
WORKDIR /src
# A build stage: reported too (medium), the file stays in the build cache.
# want +1 "DF022"
COPY .npmrc package.json package-lock.json ./
RUN npm ci && npm run build

FROM node:20-slim
WORKDIR /app
# want +1 "DF022"
COPY .env /app/.env
# want +1 "DF022"
COPY deploy/id_rsa /root/.ssh/id_rsa
# want +1 "DF022"
ADD config/tls/server.key /etc/tls/
# want +1 "DF022"
COPY --chown=node:node .aws /home/node/.aws
ARG KEYFILE=signing.p12
# want +1 "DF022"
COPY ${KEYFILE} /keys/
# want +1 "DF022"
COPY --from=build /root/.docker/config.json /root/.docker/config.json
COPY --from=build /src/dist /app
CMD ["node", "/app/index.js"]
