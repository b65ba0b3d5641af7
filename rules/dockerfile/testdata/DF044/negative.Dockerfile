# syntax=docker/dockerfile:1
FROM rockylinux:9
RUN dnf install -y --setopt=install_weak_deps=False httpd && dnf clean all
RUN printf '[example]\nbaseurl=https://repo.example.com/el9\ngpgcheck=1\nrepo_gpgcheck=0\n' > /etc/yum.repos.d/example.repo
RUN rpm --import https://repo.example.com/RPM-GPG-KEY && rpm -K /tmp/tool.rpm
RUN echo "deb [signed-by=/usr/share/keyrings/example.gpg] https://repo.example.com/debian stable main" > /etc/apt/sources.list.d/example.list
CMD ["/usr/sbin/httpd", "-DFOREGROUND"]

# Packages built a moment ago, installed from a local repository or file.
FROM debian:12-slim
RUN echo "deb [ trusted=yes ] file://$tempDir ./" > /etc/apt/sources.list.d/temp.list
FROM alpine:3.20
RUN apk add --no-cache --allow-untrusted /tmp/packages/nginx-module-*.apk
CMD ["nginx"]
