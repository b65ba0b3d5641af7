// Package dockerfile turns a Dockerfile into a model that rules can judge:
// stages (and which one ships), instructions with 1-based line ranges,
// ARG/ENV expansion, the effective USER of the final stage and RUN commands
// parsed into shell words. It uses BuildKit's own parser.
package dockerfile

// File is a parsed Dockerfile. (Stub: filled in by the model implementation.)
type File struct{}
