FROM ubuntu:24.04
# want +1 "DF071"
RUN apt-get update
RUN apt-get install -y --no-install-recommends wget
# a comment between instructions does not break the run
RUN rm -rf /var/lib/apt/lists/*
WORKDIR /app
# want +1 "DF071"
COPY README.md ./
COPY package.json ./
# want +1 "DF071"
ADD cairo.spec /rpmbuild/SOURCES
ADD cairo-1.13.1.tar.xz /rpmbuild/SOURCES
CMD ["bash"]
