# The fix restores the earlier non-root user, by the UID adduser gave it
# (no RUN follows USER 0:0, so nothing in the build needs root any more).
FROM node:22-alpine
RUN adduser -D -u 10001 app
USER app
RUN npm ci --omit=dev
# want +1 "DF001"
USER 0:0
COPY . /app
CMD ["node", "/app/server.js"]
