FROM debian:12-slim
# want +1 "DF069"
RUN ln -sfv /bin/bash /bin/sh
# want +1 "DF069"
RUN rm /bin/sh && ln -s /bin/bash /bin/sh
# want +1 "DF069"
RUN ["cp", "/bin/bash", "/usr/bin/sh"]
# want +1 "DF069"
RUN pwsh -c Get-ChildItem
CMD ["bash"]
