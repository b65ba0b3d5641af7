FROM node:22-alpine AS base
# want +1 "DF058"
CMD node server.js

FROM base
COPY . /app
