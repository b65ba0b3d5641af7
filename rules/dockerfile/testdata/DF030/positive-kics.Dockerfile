FROM gliderlabs/alpine:3.3
# want +1 "DF030"
EXPOSE 3000 80 443 22
CMD ["nginx", "-g", "daemon off;"]
