FROM python:3.13-slim
RUN useradd --create-home --uid 10001 app
# want +1 "DF007"
COPY --chown=app:app . /app
# want +1 "DF007"
COPY --chown=10001 config.yaml /etc/app/config.yaml
# Another user: the process cannot write these.
COPY --chown=www-data:www-data static/ /srv/static/
COPY --chown=root:root bin/ /usr/local/bin/
USER 10001:10001
CMD ["python", "/app/main.py"]
