FROM alpine:3.20
# want +1 "DF082"
MAINTAINER "SvenDowideit@home.org.au"
FROM alpine:3.20
# want +1 "DF082"
MAINTAINER Jane Doe <jane@example.com>
