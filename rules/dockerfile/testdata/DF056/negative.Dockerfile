FROM nginx:1.27
ENV AUTHOR=Docker
WORKDIR /usr/share/nginx/html
COPY Hello_docker.html /usr/share/nginx/html
RUN sed -i "s/Docker/$AUTHOR/" Hello_docker.html
CMD cd /usr/share/nginx/html && sed -e s/Docker/"$AUTHOR"/ Hello_docker.html > index.html ; nginx -g 'daemon off;'
RUN echo abcd > /tmp/x
