# syntax=docker/dockerfile:1
# Names that only point at a secret, references, placeholders and
# non-secret names are fine.
ARG BASE=python:3.12-slim
FROM ${BASE}
ARG NPM_TOKEN
ARG GITHUB_TOKEN=${CI_TOKEN}
ENV DB_PASSWORD_FILE=/run/secrets/db_password \
    API_TOKEN_URL=https://auth.example.com/token \
    AWS_ACCESS_KEY_ID_PATH=/etc/aws/id \
    TLS_KEY=/etc/tls/tls.key
ENV DB_PASSWORD=${DB_PASSWORD}
ENV SECRET_KEY=changeme
ENV API_KEY="<your-api-key>"
ENV PASSWORD=""
ENV GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D
ENV MYSQL_ALLOW_EMPTY_PASSWORD=yes
ENV PUBLIC_KEY=ssh-ed25519
ENV TOKEN_TTL=3600 CACHE_KEY=v2
# A known token format is DF021's finding, not DF020's.
ARG token=sq0atp-812erere3wewew45678901
RUN --mount=type=secret,id=npm_token NPM_TOKEN=$(cat /run/secrets/npm_token) npm ci
CMD ["python", "-m", "app"]
