# escape=`
FROM alpine
RUN apk add `
    curl `
    && echo done
USER 0:0
