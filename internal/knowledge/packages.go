package knowledge

import "strings"

// debugTools are packages that give an intruder a debugger, a sniffer, a
// remote shell or a network Swiss-army knife.
var debugTools = map[string]string{
	"gdb": "debugger", "gdbserver": "remote debugger", "lldb": "debugger", "strace": "syscall tracer",
	"ltrace": "library call tracer", "valgrind": "debugger", "tcpdump": "packet sniffer",
	"tshark": "packet sniffer", "wireshark": "packet sniffer", "nmap": "network scanner",
	"netcat": "raw network client/listener", "netcat-openbsd": "raw network client/listener",
	"netcat-traditional": "raw network client/listener (with -e)", "nc": "raw network client/listener",
	"ncat": "raw network client/listener", "socat": "network relay", "telnet": "clear-text remote shell client",
	"telnetd": "clear-text remote shell server", "openssh-server": "SSH server", "ssh-server": "SSH server",
	"dropbear": "SSH server", "sshd": "SSH server", "openssh": "SSH client and server",
	"net-tools": "network diagnostics", "bpftrace": "kernel tracer", "perf": "profiler",
	"linux-perf": "profiler", "ngrep": "packet sniffer", "hping3": "packet crafter", "masscan": "network scanner",
	"delve": "Go debugger", "xdebug": "PHP debugger", "php-xdebug": "PHP debugger",
}

// DebugTool reports what a package is, if it is a debugger, sniffer or
// remote-access tool. Version suffixes (gdb=12.1-0) are ignored.
func DebugTool(pkg string) (string, bool) {
	what, ok := debugTools[packageName(pkg)]
	return what, ok
}

// buildTools are compilers and build toolchains that belong in a build stage.
var buildTools = map[string]bool{
	"gcc": true, "g++": true, "clang": true, "make": true, "cmake": true, "build-essential": true,
	"build-base": true, "autoconf": true, "automake": true, "libtool": true, "gcc-c++": true,
	"golang": true, "golang-go": true, "go": true, "rustc": true, "cargo": true, "maven": true,
	"gradle": true, "openjdk-17-jdk": true, "openjdk-11-jdk": true, "openjdk-21-jdk": true,
	"default-jdk": true, "nodejs-dev": true, "python3-dev": true, "python-dev": true, "musl-dev": true,
	"libc6-dev": true, "linux-headers": true, "pkg-config": true, "pkgconf": true, "bison": true,
	"flex": true, "development tools": true,
}

// BuildTool reports whether a package is a compiler or build toolchain.
func BuildTool(pkg string) bool { return buildTools[packageName(pkg)] }

// packageName strips version pins and architectures: gdb=12.1, gdb@1, gdb:amd64.
func packageName(pkg string) string {
	p := strings.TrimSpace(pkg)
	for _, sep := range []string{"=", "@", ":", ">", "<", "~"} {
		if i := strings.Index(p, sep); i > 0 {
			p = p[:i]
		}
	}
	return strings.ToLower(p)
}
