# Two unnamed stages: nothing uses the first, so it may be built on its own.
FROM python:3
# want +1 "DF052"
RUN pip install --upgrade pip

FROM python:3-alpine AS wheels
RUN pip wheel -w /wheels requests==2.32.3 && pip install requests==2.32.3

FROM python:3-slim
COPY --from=wheels /wheels /wheels
RUN pip install --no-cache-dir /wheels/*
