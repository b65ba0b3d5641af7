# Installing sudo into an image that runs as root adds no escalation path
# (running as root is DF001's finding); the word sudo in text is not a command.
FROM alpine:3.5
RUN apt-get install sudo
RUN echo "sudo is not needed here" > /README
CMD ["python", "/usr/src/app/app.py"]
