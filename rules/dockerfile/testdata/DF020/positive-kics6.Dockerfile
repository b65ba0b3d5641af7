FROM baseImage
# want +1 "DF020"
ARG password=pass!1213Fs

# want +2 "DF020"
FROM test2
ARG password=pass!1213Fs
