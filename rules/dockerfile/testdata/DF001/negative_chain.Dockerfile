# FROM base inherits USER app from the earlier stage.
FROM python:3.13-slim AS base
RUN useradd --uid 10001 app
USER app

FROM base
COPY . /app
CMD ["python", "/app/main.py"]
