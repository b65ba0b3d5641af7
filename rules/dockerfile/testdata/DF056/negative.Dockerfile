FROM nginx:1.27
ENV AUTHOR=Docker
WORKDIR /usr/share/nginx/html
COPY Hello_docker.html /usr/share/nginx/html
RUN sed -i "s/Docker/$AUTHOR/" Hello_docker.html
CMD cd /usr/share/nginx/html && sed -e s/Docker/"$AUTHOR"/ Hello_docker.html > index.html ; nginx -g 'daemon off;'
RUN echo abcd > /tmp/x
# A scratch source folder removed by the same RUN: WORKDIR would leave it in
# the image.
RUN git clone --depth 1 https://example.com/tool.git /tmp/tool \
    && cd /tmp/tool && make install \
    && cd / && rm -rf /tmp/tool
RUN tempDir="$(mktemp -d)" && cd "$tempDir" && curl -fsSLO https://example.com/x.tgz && rm -rf "$tempDir"
