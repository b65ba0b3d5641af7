# The Dockerfile creates app with UID 10001, so the fix can say USER 10001.
FROM python:3.13-slim
RUN useradd --create-home --uid 10001 app
# want +1 "DF005"
USER app
CMD ["python", "-m", "app"]
