FROM alpine:3.22
# The Compose service builds it with the folder above as context.
# want +1 "XF005"
COPY vendor /opt/vendor
USER 10001
