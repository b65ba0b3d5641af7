# Bitnami application images run as uid 1001 by default.
FROM bitnami/nginx:1.29
COPY site /app
