# syntax=docker/dockerfile:1
ARG BASE=node:20-slim
FROM ${BASE}
WORKDIR /app
# Templates, public halves and certificates are fine.
COPY .env.example .env.sample ./
COPY deploy/id_rsa.pub /root/.ssh/authorized_keys
COPY certs/ca.pem certs/fullchain.pem /etc/ssl/certs/
COPY certs/*.pem /usr/local/share/ca-certificates/
COPY package.json package-lock.json ./
# The whole context is DF045's business; secrets then depend on .dockerignore.
COPY . .
# Unresolved variables are never guessed.
ARG CONFIG
COPY ${CONFIG} /app/config/
COPY <<EOF /app/.env
NODE_ENV=production
EOF
RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci
CMD ["node", "index.js"]
