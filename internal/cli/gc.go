package cli

import (
	"os"
	"runtime/debug"
)

// batchMemoryLimit is the soft heap limit scan and review run under: enough
// for large repositories, and what keeps the process under the 100 MB peak
// RSS budget while the collector runs less often.
const batchMemoryLimit = 80 << 20

// tuneGC trades memory for CPU in the batch commands: a short-lived scan
// spends a tenth of its time collecting a heap that starts small, so the
// collector runs at a quarter of its default frequency, bounded by a soft
// memory limit (near it the runtime collects as usual). GOGC or GOMEMLIMIT
// set by the user win; the server (serve) keeps the defaults.
func tuneGC(getenv func(string) string) {
	if getenv == nil {
		getenv = os.Getenv
	}
	if getenv("GOGC") != "" || getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetGCPercent(400)
	debug.SetMemoryLimit(batchMemoryLimit)
}
