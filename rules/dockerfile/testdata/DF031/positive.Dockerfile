# syntax=docker/dockerfile:1
FROM python:3.12-slim AS base
# want +1 "DF031"
ENV FLASK_DEBUG=1
# Overridden later: only the value that ships counts.
ENV NODE_ENV=development

FROM base
ENV NODE_ENV=production
# want +1 "DF031"
ENV JAVA_TOOL_OPTIONS="-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=*:5005"
# want +1 "DF031"
ENTRYPOINT ["python", "-m", "debugpy", "--listen", "0.0.0.0:5678", "-m", "app"]
# want +1 "DF031"
CMD python manage.py runserver 0.0.0.0:8000
