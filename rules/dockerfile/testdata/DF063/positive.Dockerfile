FROM debian:12-slim AS build
# want +1 "DF063"
RUN apt-get update && apt-get install -y \
    python-qt4 \
    python3-pip=23.0.1+dfsg-1
# want +1 "DF063"
RUN ["apt-get", "install", "python"]

FROM python:3.12-alpine
# want +1 "DF063"
RUN apk add --update py-pip
# want +1 "DF063"
RUN pip install --user pip
# want +1 "DF063"
RUN npm i -g @angular/cli
# want +1 "DF063"
RUN npm install sax@latest
# want +1 "DF063"
RUN gem install grpc -v 1.0 blunder
# want +1 "DF063"
RUN dnf -y install httpd && dnf clean all
# want +1 "DF063"
RUN zypper install -y httpd && zypper clean
