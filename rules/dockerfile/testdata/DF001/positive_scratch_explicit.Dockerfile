FROM scratch
COPY app /app
# want +1 "DF001"
USER 0
ENTRYPOINT ["/app"]
