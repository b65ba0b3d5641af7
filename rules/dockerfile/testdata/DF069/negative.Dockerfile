FROM debian:12-slim
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN ln -sf /usr/bin/python3 /usr/local/bin/python
RUN cp /etc/skel/.bashrc /root/.bashrc && ls -l /bin/sh
RUN ln -s /bin/sh /usr/local/bin/mysh
RUN ["pwsh", "-Command", "Get-ChildItem"]
RUN pwsh ./build.ps1
CMD ["bash"]
