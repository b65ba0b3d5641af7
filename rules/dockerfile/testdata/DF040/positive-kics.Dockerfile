FROM openjdk:10-jdk
VOLUME /tmp
# want +1 "DF040"
ADD https://example.com/big.tar.xz /usr/src/things/
RUN tar -xJf /usr/src/things/big.tar.xz -C /usr/src/things
RUN make -C /usr/src/things all
