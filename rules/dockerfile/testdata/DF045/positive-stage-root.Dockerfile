FROM node:20 AS web
WORKDIR /web
# want +1 "DF045"
COPY . .
RUN npm ci && npm run build

FROM nginx:1.27
# Copying the whole stage filesystem takes the broad copy along.
COPY --from=web / /srv/
