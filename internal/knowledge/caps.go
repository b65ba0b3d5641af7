package knowledge

import "strings"

// dangerousCaps are Linux capabilities that let a container break out, take
// over the host's network, or read other processes' memory.
var dangerousCaps = map[string]string{
	"ALL":             "every capability, equivalent to most of privileged mode",
	"SYS_ADMIN":       "mount filesystems, use many namespaces and BPF: a well-known escape path",
	"SYS_PTRACE":      "trace and inject code into other processes",
	"SYS_MODULE":      "load kernel modules into the host kernel",
	"SYS_RAWIO":       "raw access to devices and I/O ports",
	"SYS_BOOT":        "reboot the host",
	"SYS_TIME":        "change the host clock",
	"NET_ADMIN":       "reconfigure host or pod networking, sniff and redirect traffic",
	"NET_RAW":         "craft raw packets (spoofing, ARP poisoning)",
	"DAC_READ_SEARCH": "bypass file read permission checks (open_by_handle_at escape)",
	"DAC_OVERRIDE":    "bypass file permission checks",
	"BPF":             "load BPF programs",
	"PERFMON":         "observe other processes through perf",
	"MAC_ADMIN":       "change the mandatory access control policy",
	"MAC_OVERRIDE":    "bypass the mandatory access control policy",
	"SYSLOG":          "read kernel logs with addresses",
	"SETFCAP":         "grant file capabilities",
	"LINUX_IMMUTABLE": "change immutable file flags",
}

// NormalizeCap upper-cases a capability name and strips CAP_.
func NormalizeCap(c string) string {
	return strings.TrimPrefix(strings.ToUpper(strings.TrimSpace(c)), "CAP_")
}

// DangerousCap reports why a capability is dangerous, if it is.
func DangerousCap(c string) (string, bool) {
	why, ok := dangerousCaps[NormalizeCap(c)]
	return why, ok
}
