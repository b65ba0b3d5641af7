FROM nginx:1.29-alpine
# web.Dockerfile.dockerignore wins over .dockerignore and excludes everything.
# want +1 "XF005"
COPY . /usr/share/nginx/html
