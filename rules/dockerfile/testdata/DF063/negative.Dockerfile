FROM debian:12-slim
RUN apt-get install -y python=2.7
RUN apt-get install -y -t bookworm-backports python=2.7
RUN apt-get install -y ./local.deb
RUN apt-get install -y $PACKAGES
RUN apt-get -o Dpkg::Options::=--force-confold install -y curl=7.88.1-10
FROM python:3.12-alpine
RUN apk add --virtual .build py-pip=7.1.2-r0
RUN apk --quiet --update --no-cache add libstdc++==11.2.1_git20220219-r2
RUN pip install --upgrade pip==24.2 connexion==2.7.0
RUN pip install -r requirements.txt
RUN pip3 install -c constraints.txt
RUN pip install . && pip install -e ./lib
RUN npm install
RUN npm install sax@0.1.1
RUN npm install git://github.com/npm/cli.git
RUN npm ci
RUN gem install bundler:2.0.2
RUN gem install grpc -v ${GRPC_RUBY_VERSION}
RUN bundle install
RUN yum install -y httpd-2.4.62 && yum clean all
ENV V=2.4.0
RUN yum install -y rethinkdb-$V && yum clean all
RUN dnf install -y @development-tools
RUN zypper install -y httpd=2.4.46 && zypper clean
