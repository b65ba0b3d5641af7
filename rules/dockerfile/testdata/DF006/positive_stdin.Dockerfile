FROM rockylinux:9 AS base
# want +1 "DF006"
RUN echo "changeme" | passwd --stdin root

FROM base
USER 10001
