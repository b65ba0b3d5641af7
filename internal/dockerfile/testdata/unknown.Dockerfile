FROM alpine
RUN true
RUNN foo
