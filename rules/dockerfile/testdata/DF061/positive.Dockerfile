FROM debian:12-slim AS build
# want +1 "DF061"
RUN apt install curl
# want +1 "DF061"
RUN apt-get update && apt full-upgrade -y
# want +1 "DF061"
RUN ["apt", "install", "-y", "git"]
