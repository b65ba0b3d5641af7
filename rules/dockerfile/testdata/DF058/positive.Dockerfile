FROM alpine:3.20
RUN apk add --no-cache python3
# want +1 "DF058"
CMD [python, /usr/src/app/app.py]
# want +1 "DF058"
ENTRYPOINT top -b
