# syntax=docker/dockerfile:1
# Debug settings in a build stage do not ship.
FROM node:20 AS build
ENV NODE_ENV=development DEBUG=true
RUN npm ci && npm run build
CMD ["node", "--inspect", "index.js"]

FROM node:20-slim
ENV NODE_ENV=production DEBUG=false FLASK_DEBUG=0
ENV LOG_LEVEL=info
COPY --from=build /app/dist /app
# An earlier CMD that a later one replaces does not ship either.
CMD ["node", "--inspect-brk", "/app/index.js"]
CMD ["node", "/app/index.js"]
