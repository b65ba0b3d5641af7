# PHP 8.2 ends on 2026-12-31 and Fedora 43 on 2026-12-09: within 90 days of 2026-11-26.
# want +1 "DF014"
FROM fedora:43 AS build
RUN dnf -y install make && make

# want +1 "DF014"
FROM php:8.2-fpm
COPY --from=build /out /var/www/html
USER 10001
