# syntax=docker/dockerfile:1
FROM python:3.12-slim
# References and placeholders are not credentials.
RUN git clone https://${GIT_USER}:${GIT_TOKEN}@github.com/acme/app.git /src
RUN pip install --index-url https://__token__:${PYPI_TOKEN}@pypi.example.com/simple app
ENV DATABASE_URL=postgres://app:${DB_PASSWORD}@db:5432/app
ENV API_KEY=changeme
# A secret-like ENV with a literal value is DF020's finding.
ENV DB_PASSWORD=hunter2-prod
ARG ADMIN_PASSWORD="s3cr3t pass"
RUN --mount=type=secret,id=token,env=API_TOKEN ./fetch.sh
CMD ["python", "-m", "app"]
