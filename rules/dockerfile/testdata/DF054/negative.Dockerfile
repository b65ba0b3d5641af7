FROM debian:12-slim
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN curl -fsSL https://example.com/key.asc | gpg --dearmor -o /usr/share/keyrings/example.gpg

FROM alpine:3.20
RUN set -o pipefail && wget -qO- https://example.com/install.sh | sh
RUN set -euo pipefail; tar -cf - /src | gzip > /out.tgz
RUN echo "deb http://deb.example.com stable main" | tee /etc/apt/sources.list.d/example.list
RUN yes | /opt/installer --accept
RUN ["/bin/bash", "./some_output", "|", "./some_script"]
RUN echo "a || b"
