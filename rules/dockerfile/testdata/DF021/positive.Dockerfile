# syntax=docker/dockerfile:1
FROM node:20 AS build
# want +1 "DF021"
RUN git clone https://deploy:Xq9vLk2wPz7RtY4m@git.example.com/acme/app.git /src
# want +1 "DF021"
ENV GITHUB_TOKEN=ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8
RUN npm ci && \
# want +1 "DF021"
    echo "db_password=Tr0ub4dor-and-3" > /src/.env

FROM node:20-slim
# want +1 "DF021"
# deploy token (do not commit): glpat-Ab3De6Gh9Jk2Mn5Pq8St
COPY --from=build /src /app
# want +2 "DF021"
RUN cat > /root/.ssh/id_ed25519 <<'KEY'
-----BEGIN OPENSSH PRIVATE KEY-----
FAKEKEYMATERIALFORTESTSONLYFAKEKEYMATERIALFORTESTSONLY
-----END OPENSSH PRIVATE KEY-----
KEY
CMD ["node", "/app/index.js"]
