# A USER whose value is only known at build time is not judged.
FROM debian:13-slim
USER ${APP_UID}
