package cli

import (
	"fmt"
	"io"
	"syscall"
	"time"
)

// printStats writes one line for benchmarks: files, seconds, files/s and the
// process's peak resident memory.
func printStats(w io.Writer, files int, elapsed time.Duration) {
	var ru syscall.Rusage
	peak := "unknown"
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err == nil {
		peak = fmt.Sprintf("%.1f MB", float64(ru.Maxrss)/1024) // Linux reports KiB
	}
	rate := 0.0
	if elapsed > 0 {
		rate = float64(files) / elapsed.Seconds()
	}
	fmt.Fprintf(w, "stats: %d files in %.3fs: %.0f files/s, peak RSS %s\n", files, elapsed.Seconds(), rate, peak)
}
