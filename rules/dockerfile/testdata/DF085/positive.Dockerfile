# check=skip=JSONArgsRecommended;error=maybe # want "DF085"
FROM alpine:3.20
