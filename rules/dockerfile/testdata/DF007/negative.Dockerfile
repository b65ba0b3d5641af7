FROM golang:1.23 AS build
COPY --chown=nobody . /src
RUN go build -o /out/app /src

FROM python:3.13-slim
RUN useradd --uid 10001 app
COPY --chmod=0755 . /app
COPY --chown=root:root etc/ /etc/app/
COPY --from=build /out/app /usr/local/bin/app
# A user the process does not run as.
COPY --chown=www-data static/ /srv/static/
# A name the Dockerfile gives another UID.
RUN useradd --uid 20002 backup
COPY --chown=backup backup.sh /usr/local/bin/
USER 10001
CMD ["python", "/app/main.py"]
# A prepared home directory put in place is the user's own space.
COPY --from=build --chown=10001:10001 /staging/home/app /home/app
