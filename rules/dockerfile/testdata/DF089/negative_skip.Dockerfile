# check=skip=ExposeInvalidFormat
FROM nginx:1.27
EXPOSE 127.0.0.1:8080:80
