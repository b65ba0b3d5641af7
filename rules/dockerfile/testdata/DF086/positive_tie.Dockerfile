# A tie counts as uppercase, as in BuildKit.
FROM alpine:3.20
# want +1 "DF086"
run echo hi
