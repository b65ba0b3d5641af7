# syntax=docker/dockerfile:1
FROM python:3.12-slim
ENV NODE_TLS_REJECT_UNAUTHORIZED=1 PYTHONHTTPSVERIFY=1 NPM_CONFIG_STRICT_SSL=true
ARG GIT_SSL_NO_VERIFY
RUN curl -fsSL -o /tmp/x https://example.com/x && curl -K /etc/curlrc https://example.com/y
RUN pip install --index-url https://pypi.example.com/simple app
RUN git config --global http.sslVerify true && npm config set strict-ssl true
RUN sed -i 's/sslverify=0/sslverify=1/' /etc/yum.conf
RUN mkdir -p /var/lib/app && tar -xkf /tmp/a.tar -C /var/lib/app
CMD ["python", "-m", "app"]
