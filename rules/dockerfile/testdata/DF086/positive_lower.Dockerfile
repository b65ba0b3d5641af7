from alpine:3.20 as build
run apk add --no-cache make
# want +1 "DF086"
RUN make

from alpine:3.20
copy --from=build /out /app
# want +1 "DF086"
USER 10001
cmd ["/app/run"]
