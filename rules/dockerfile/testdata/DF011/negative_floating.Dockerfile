# Untagged and :latest bases are DF010's finding; its message asks for a
# release tag pinned by digest, so DF011 does not comment on the same line.
FROM alpine:latest AS tools
FROM redhat/ubi9-minimal
COPY --from=tools /bin/busybox /bin/busybox
