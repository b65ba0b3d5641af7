package knowledge

import (
	"path"
	"slices"
	"strings"
)

// sockets are host paths that give control of a container runtime.
var sockets = []string{
	"/var/run/docker.sock", "/run/docker.sock", "/var/run/docker", "/run/containerd/containerd.sock",
	"/var/run/containerd/containerd.sock", "/var/run/crio/crio.sock", "/run/crio/crio.sock",
	"/run/podman/podman.sock", "/var/run/podman/podman.sock", "/var/run/cri-dockerd.sock",
}

// sensitiveDirs are host folders whose mount exposes the host.
var sensitiveDirs = []string{
	"/", "/etc", "/root", "/home", "/proc", "/sys", "/dev", "/boot", "/lib", "/lib64", "/usr", "/bin", "/sbin",
	"/var", "/var/lib", "/var/log", "/var/run", "/run", "/var/lib/kubelet", "/var/lib/docker",
	"/var/lib/containerd", "/etc/kubernetes", "/etc/ssh", "/etc/shadow", "/etc/passwd", "/etc/sudoers",
	"/root/.ssh", "/root/.docker", "/var/lib/etcd",
}

// RuntimeSocket reports whether a host path is a container runtime socket
// (or a folder holding one).
func RuntimeSocket(p string) bool {
	return slices.Contains(sockets, path.Clean(strings.TrimSpace(p)))
}

// SensitiveHostPath reports whether mounting host path p exposes the host:
// a system folder itself or anything below /proc, /sys, /dev, /boot, /etc,
// /root and the runtimes' state folders.
func SensitiveHostPath(p string) bool {
	c := path.Clean(strings.TrimSpace(p))
	if !strings.HasPrefix(c, "/") {
		return false
	}
	if slices.Contains(sensitiveDirs, c) {
		return true
	}
	for _, prefix := range []string{"/proc/", "/sys/", "/dev/", "/boot/", "/etc/", "/root/", "/var/lib/kubelet/",
		"/var/lib/docker/", "/var/lib/containerd/", "/var/lib/etcd/"} {
		if strings.HasPrefix(c, prefix) {
			return true
		}
	}
	return RuntimeSocket(c)
}
