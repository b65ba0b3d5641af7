ARG PY=3.13
# want +1 "DF011"
FROM python:${PY}-slim
USER 10001
