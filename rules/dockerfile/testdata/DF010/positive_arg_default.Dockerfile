# The ARG default has no tag.
ARG BASE=python
# want +1 "DF010"
FROM ${BASE}
USER 10001
