// Package image understands container image references: it parses and
// normalises them (Docker Hub defaults included), checks them against a
// registry allow-list, and answers questions about the base image they name:
// whether its release line is past or close to end of life, whether the image
// is deprecated, whether it runs as non-root by default and whether it is a
// full OS image where a slimmer one would serve. The end-of-life knowledge is
// embedded (see eoldata/SOURCE.md) so every answer is offline.
package image
