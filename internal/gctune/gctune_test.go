package gctune

import (
	"math"
	"runtime/debug"
	"testing"
)

func TestBatch(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(math.MaxInt64))
	Batch(func(k string) string {
		if k == "GOGC" {
			return "50"
		}
		return ""
	})()
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("GOGC set by the user was overridden: %d", got)
	}
	restore := Batch(func(string) string { return "" })
	if got := debug.SetGCPercent(BatchGCPercent); got != BatchGCPercent {
		t.Errorf("batch GC percent = %d, want %d", got, BatchGCPercent)
	}
	if got := debug.SetMemoryLimit(-1); got != BatchMemoryLimit {
		t.Errorf("memory limit = %d, want %d", got, BatchMemoryLimit)
	}
	restore()
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("restored GC percent = %d, want 100", got)
	}
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("restored memory limit = %d", got)
	}
}
