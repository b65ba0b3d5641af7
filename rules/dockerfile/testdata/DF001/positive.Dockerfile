# No USER anywhere: the python image's default user, root, applies.
# want +1 "DF001"
FROM python:3.13-slim
WORKDIR /app
COPY . .
CMD ["python", "app.py"]
