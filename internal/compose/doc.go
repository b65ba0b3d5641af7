// Package compose loads Docker Compose projects with compose-go and keeps a
// yaml.v3 node index so that every value has the file and line it came from.
package compose

// Project is a loaded Compose project. (Stub: filled in by the model implementation.)
type Project struct{}
