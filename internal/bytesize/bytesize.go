// Package bytesize writes byte counts for people, as in size-limit
// messages ("3.1 MiB, over the 2 MiB limit").
package bytesize

import (
	"fmt"
	"strings"
)

// Format writes n in MiB or KiB with one decimal (dropped when it is 0) at
// or above 1 MiB or 1 KiB, and in bytes below: "3.1 MiB", "2 MiB",
// "1.5 KiB", "512 bytes".
func Format(n int64) string {
	switch {
	case n >= 1<<20:
		return oneDecimal(float64(n)/(1<<20)) + " MiB"
	case n >= 1<<10:
		return oneDecimal(float64(n)/(1<<10)) + " KiB"
	}
	return fmt.Sprintf("%d bytes", n)
}

func oneDecimal(f float64) string {
	return strings.TrimSuffix(fmt.Sprintf("%.1f", f), ".0")
}
