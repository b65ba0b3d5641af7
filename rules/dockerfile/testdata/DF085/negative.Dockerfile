# check=skip=JSONArgsRecommended;error=true
FROM alpine:3.20
