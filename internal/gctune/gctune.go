// Package gctune sets the garbage collector up for stevedore's batch
// commands (scan, review) and for the benchmarks that measure them, so that
// both run with the same settings.
package gctune

import (
	"os"
	"runtime/debug"
)

const (
	// BatchGCPercent is the GOGC of batch runs: a short-lived scan spends a
	// tenth of its time collecting a heap that starts small, so the
	// collector runs at a quarter of its default frequency.
	BatchGCPercent = 400
	// BatchMemoryLimit is the soft heap limit batch runs stay under: enough
	// for large repositories, and what keeps a scan of the benchmark corpus
	// under the 100 MB peak RSS budget (near it the runtime collects as
	// usual).
	BatchMemoryLimit = 72 << 20
)

// Batch applies BatchGCPercent and BatchMemoryLimit, unless GOGC or
// GOMEMLIMIT is set in getenv (nil means os.Getenv): the user's settings
// win. It returns a function that restores the previous settings. The
// server (serve) keeps the runtime's defaults.
func Batch(getenv func(string) string) (restore func()) {
	if getenv == nil {
		getenv = os.Getenv
	}
	if getenv("GOGC") != "" || getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	percent := debug.SetGCPercent(BatchGCPercent)
	limit := debug.SetMemoryLimit(BatchMemoryLimit)
	return func() {
		debug.SetGCPercent(percent)
		debug.SetMemoryLimit(limit)
	}
}
