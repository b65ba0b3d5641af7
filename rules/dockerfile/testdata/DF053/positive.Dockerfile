FROM debian:12 AS build
# want +1 "DF053"
RUN apt-get update && apt-get dist-upgrade -y

FROM opensuse/leap:15.6
# want +1 "DF053"
RUN zypper --non-interactive dup
# want +1 "DF053"
RUN dnf -y distro-sync
