FROM alpine:3.22
# want +1 "DF003"
RUN mkdir -p /app/data && chmod -R 777 /app/data
# want +1 "DF003"
RUN chmod u+s /usr/local/bin/helper
# want +1 "DF003"
COPY --chmod=0666 config.yml /etc/app/config.yml
# want +1 "DF003"
RUN install -m 4755 helper /usr/local/bin/helper2
# want +1 "DF003"
RUN chmod a+w,g+s /srv
# want +1 "DF003"
RUN set -eux; \
    mkdir -m 0777 /cache
# want +1 "DF003"
RUN chmod 0777 -R /var/lib/mpd
# Recursive: the files inside get the bit too.
# want +1 "DF003"
RUN mkdir -p /opt/tools && chmod -R g+s /opt/tools
USER 10001
