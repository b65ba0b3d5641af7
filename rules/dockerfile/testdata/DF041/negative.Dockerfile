# syntax=docker/dockerfile:1.17
FROM alpine:3.20
COPY app.tar.gz /opt/
# Remote sources are DF040's business.
ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tool.tar.gz /tmp/
ADD https://github.com/acme/config.git#3f786850e387550fdab836ed7e6dc881de23001b /etc/acme
# --unpack says what ADD should do with the archive.
ADD --unpack=true vendor/runtime.tar.gz /opt/
ADD <<EOF /etc/motd
hello
EOF
CMD ["/opt/app"]
