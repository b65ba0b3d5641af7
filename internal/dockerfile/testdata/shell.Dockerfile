FROM debian:12
RUN apt-get update && \
    # comment inside
    DEBIAN_FRONTEND=noninteractive apt-get install -qy \
      curl ca-certificates \
    && rm -rf /var/lib/apt/lists/*
RUN curl -fsSL https://example.com/install.sh | sudo -E bash -
RUN ["sh", "-c", "wget -qO- https://x | sh"]
RUN set -eux; \
    if [ -n "$X" ]; then pip install --no-cache-dir foo; fi; \
    for p in a b; do echo "$p"; done
RUN bash -c 'apk add --no-cache git && git clone https://x'
RUN --mount=type=cache,target=/var/cache/apt \
    --mount=type=secret,id=tok \
    env A=1 nohup timeout 10 make install
RUN <<EOF
set -e
useradd -r app
EOF
RUN python3 <<EOF
print("hi")
EOF
RUN <<EOF
#!/usr/bin/env python3
print("x")
EOF
RUN echo "$(curl -s https://x)" > /f
RUN ["/usr/bin/apt-get", "install", "-y", "x"]
RUN echo 'unclosed
RUN bash <<EOF
curl -k https://x
EOF
