# sudo -u <user> in a root stage drops privilege for one step rather than
# raising it; the image's sudo comes from its base, not from this RUN.
FROM node:22-bookworm
RUN sudo -u node npm install -g eslint@9.9.0 \
    && sudo --user=node npm cache clean --force
USER node
