FROM python:3.12-slim
WORKDIR /app
# want +1 "DF045"
COPY --chown=app:app ./ ./
CMD ["python", "-m", "app"]
