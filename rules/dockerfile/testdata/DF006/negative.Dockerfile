FROM debian:13-slim AS build
RUN echo 'root:test' | chpasswd

FROM debian:13-slim
RUN passwd -l root && usermod -p '!' app || true
RUN useradd -m -u 10001 app && echo "set passwd later" > /NOTE
USER 10001
