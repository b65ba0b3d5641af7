FROM alpine:3.5
RUN apk add --update py2-pip
# want +1 "DF002"
RUN sudo pip install --upgrade pip
CMD ["python", "/usr/src/app/app.py"]
