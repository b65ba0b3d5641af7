# check=skip=StageNameCasing,MaintainerDeprecated;error=true
FROM alpine as Build
MAINTAINER someone
