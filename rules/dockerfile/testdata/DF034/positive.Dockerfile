# syntax=docker/dockerfile:1
FROM ubuntu:24.04 AS build
# want +1 "DF034"
RUN service postgresql start && psql -c 'select 1'

FROM ubuntu:24.04
# want +1 "DF034"
RUN ps aux | grep nginx
# want +1 "DF034"
RUN ["top", "-b", "-n", "1"]
CMD ["nginx", "-g", "daemon off;"]
