FROM python:3.12-alpine AS base
# want +1 "DF052"
RUN apk add --update-cache curl
# want +1 "DF052"
RUN pip install --upgrade pip && \
    python3 -m pip install requests==2.32.3
# want +1 "DF052"
RUN ["pip3", "install", "flask==3.0.3"]

FROM base
# want +1 "DF052"
RUN set -uex && \
    dnf install -vy docker-ce
# want +1 "DF052"
RUN yum clean all && yum install -y httpd
# want +1 "DF052"
RUN zypper --non-interactive install nginx
# want +1 "DF052" "DF052"
RUN apk add git && pip install black==24.8.0
