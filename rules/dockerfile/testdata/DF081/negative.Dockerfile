FROM debian:12-slim AS base
from alpine:3.20 as other
