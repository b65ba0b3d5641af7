FROM debian:12-slim
RUN apt-get install -y curl
RUN apt-cache policy curl
RUN apt-key list
RUN echo apt install curl
RUN dpkg -l | grep apt
