# syntax=docker/dockerfile:1
FROM alpine:3.20
ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tool.tar.gz /tmp/
ADD https://github.com/acme/config.git#3f786850e387550fdab836ed7e6dc881de23001b /etc/acme
ADD --checksum=3f786850e387550fdab836ed7e6dc881de23001b https://github.com/acme/lib.git#v1.4.0 /src/lib
ADD https://github.com/acme/other.git?ref=v2.0.0&checksum=3f786850e387550fdab836ed7e6dc881de23001b /src/other
# Local files are DF041's business; unresolved variables are never guessed.
ADD app.tar.gz /opt/
ARG URL
ADD ${URL} /tmp/
CMD ["/opt/app"]
