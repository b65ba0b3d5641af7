FROM node:20-slim
WORKDIR /app
COPY . .
# want +1 "DF031"
CMD ["node", "--inspect=0.0.0.0:9229", "server.js"]
