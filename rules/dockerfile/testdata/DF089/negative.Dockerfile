FROM nginx:1.27
EXPOSE 80 443/tcp 53/udp 9000-9010/sctp
# No host part: BuildKit does not warn.
EXPOSE :8080
# An unknown protocol or no port stops the build before the checks.
EXPOSE 8080:80/foo
# Out of range: DF067 reports it.
EXPOSE 8080:70000
# Unresolvable variables are not judged.
EXPOSE ${PORT}
