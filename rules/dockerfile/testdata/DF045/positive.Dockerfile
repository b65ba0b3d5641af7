# syntax=docker/dockerfile:1
FROM node:20 AS build
WORKDIR /src
# The final stage copies /src whole, so this broad copy ships.
# want +1 "DF045"
COPY . .
RUN npm ci && npm run build

FROM node:20-slim
WORKDIR /app
COPY --from=build /src /app
# want +1 "DF045"
ADD . /app/extra
CMD ["node", "/app/index.js"]
