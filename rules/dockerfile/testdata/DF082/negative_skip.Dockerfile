# check=skip=MaintainerDeprecated
FROM alpine:3.20
MAINTAINER ops@example.com
