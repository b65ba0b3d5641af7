FROM ubuntu:24.04
RUN useradd -m -u 10001 dev
# want +1 "DF002"
RUN echo "dev ALL=(ALL) NOPASSWD:ALL" > /etc/sudoers.d/dev
# want +1 "DF002"
COPY sudoers/dev /etc/sudoers.d/
USER 10001
