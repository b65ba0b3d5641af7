# No USER here: node's image decides, so any non-root owner is reported.
FROM node:22-slim
WORKDIR /app
# want +1 "DF007"
COPY --chown=node:node package.json server.js ./
COPY --chown=0:0 vendor/ ./vendor/
CMD ["node", "server.js"]
