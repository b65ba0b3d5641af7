# syntax=docker/dockerfile:1
FROM node:20 AS build
WORKDIR /src
# want +1 "DF041"
ADD package.json package-lock.json ./
# want +1 "DF041"
add --chown=node:node src/ ./src/

FROM node:20-slim
# A local archive: ADD unpacks it implicitly.
# want +1 "DF041"
ADD vendor/node-v20.tar.gz /opt/
# want +1 "DF041"
ADD --link config.json /app/config.json
COPY --from=build /src/dist /app
CMD ["node", "/app/index.js"]
