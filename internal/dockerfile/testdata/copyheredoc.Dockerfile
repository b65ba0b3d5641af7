FROM alpine
COPY <<EOF /etc/motd
hello
EOF
USER app
