// Command stevedore reviews container files — Dockerfiles, Compose files and
// Kubernetes manifests — for security problems, and reviews pull requests
// for what they change. See `stevedore help`.
package main

import (
	"os"

	"github.com/stevedore-dev/stevedore/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], cli.Std()))
}
