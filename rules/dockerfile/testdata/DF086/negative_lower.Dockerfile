from alpine:3.20
run echo hi
user 10001
cmd ["sh"]
