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
# The check fails on empty input, so a failing awk or grep fails the RUN anyway.
RUN awk '$2 == "app.tgz"' sums.txt | sha512sum -c
RUN grep " node.tar.xz\$" SHASUMS256.txt | sha256sum --check -
# A pipe inside an argument's $(…): echo's status ignores it, pipefail or not.
RUN echo "$(cat app.tgz.sha512 | tr 'A-F' 'a-f')  app.tgz" | sha512sum -c -
