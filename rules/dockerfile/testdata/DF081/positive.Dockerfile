# want +1 "DF081"
FROM debian:12-slim as base
# want +1 "DF081"
from alpine:3.20 AS other
