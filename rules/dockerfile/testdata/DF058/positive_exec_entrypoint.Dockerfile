FROM python:3.12-slim
# want +1 "DF058"
ENTRYPOINT exec gunicorn app:app
CMD ["--workers", "2"]
