FROM golang:1.12.0-stretch
WORKDIR /go
COPY . /go
# want +1 "DF034"
RUN top
# want +1 "DF034"
RUN ["ps", "-d"]
CMD ["go", "run", "main.go"]
