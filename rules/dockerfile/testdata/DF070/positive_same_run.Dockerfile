FROM alpine:3.20
# want +1 "DF070"
RUN wget -q https://example.com/a.tgz && curl -fsSLO https://example.com/b.tgz
CMD ["sh"]
