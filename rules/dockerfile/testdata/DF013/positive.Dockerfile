# An end-of-life compiler image in a build stage still matters.
# want +1 "DF013"
FROM python:3.8-slim AS build
RUN pip wheel -w /wheels .

# want +1 "DF013"
FROM openjdk:17-jdk-slim AS java

# want +1 "DF013"
FROM node:16
COPY --from=build /wheels /wheels
USER 10001
