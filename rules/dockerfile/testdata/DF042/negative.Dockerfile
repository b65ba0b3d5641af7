# syntax=docker/dockerfile:1
FROM debian:12-slim
# Downloads that are checked, or whose output is data, are fine.
RUN curl -fsSLo /tmp/install.sh https://example.com/install.sh \
    && echo "24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d  /tmp/install.sh" | sha256sum -c - \
    && sh /tmp/install.sh
RUN curl -fsSL https://example.com/key.asc | gpg --dearmor -o /usr/share/keyrings/example.gpg
RUN curl -fsSL https://example.com/app.tar.gz | tar -xz -C /opt
RUN curl -s https://api.github.com/repos/acme/app/releases/latest | python3 -c "import json,sys; print(json.load(sys.stdin)['tag_name'])"
RUN wget -qO- https://example.com/data.json | jq .version
RUN VERSION="$(curl -fsSL https://example.com/VERSION)" && echo "$VERSION"
RUN sh -c "echo $(curl -fsSL https://example.com/VERSION)"
RUN curl -fsSL https://example.com/list.txt | bash -c 'while read -r l; do echo "$l"; done'
CMD ["/bin/bash"]
