FROM debian:13-slim
# want +1 "DF006"
RUN echo 'root:S3cr3t-Passw0rd' | chpasswd
# want +1 "DF006"
RUN useradd -m -p "$(openssl passwd -1 hunter2)" app
# want +1 "DF006"
RUN printf 'pw\npw\n' | passwd app
# want +1 "DF006"
RUN passwd -d root
# want +1 "DF006"
RUN usermod --password '$6$salt$hash' app \
    && echo done
USER 10001
