package knowledge

import "testing"

func TestPorts(t *testing.T) {
	if p, ok := AdminOrDebugPort(9229); !ok || p.Kind != "debug" {
		t.Errorf("9229 = %+v %v", p, ok)
	}
	if _, ok := AdminOrDebugPort(5432); ok {
		t.Error("a database port is not an admin or debug port")
	}
	if p, ok := SensitivePort(5432); !ok || p.Kind != "database" {
		t.Errorf("5432 = %+v %v", p, ok)
	}
	if _, ok := SensitivePort(8080); ok {
		t.Error("8080 is not sensitive")
	}
}

func TestDebug(t *testing.T) {
	for in, want := range map[string]bool{
		"node --inspect=0.0.0.0:9229 app.js":                      true,
		"java -agentlib:jdwp=transport=dt_socket,server=y -jar a": true,
		"dlv --headless --listen=:2345 exec /app":                 true,
		"python manage.py runserver 0.0.0.0:8000":                 true,
		"node app.js":      false,
		"gunicorn app:app": false,
	} {
		if _, got := DebugArgs(in); got != want {
			t.Errorf("DebugArgs(%q) = %v, want %v", in, got, want)
		}
	}
	for _, tt := range []struct {
		name, value string
		want        bool
	}{
		{"FLASK_DEBUG", "1", true}, {"NODE_ENV", "development", true}, {"NODE_ENV", "production", false},
		{"DEBUG", "false", false}, {"JAVA_TOOL_OPTIONS", "-agentlib:jdwp=transport=dt_socket", true}, {"PATH", "/bin", false},
	} {
		if _, got := DebugEnv(tt.name, tt.value); got != tt.want {
			t.Errorf("DebugEnv(%s=%s) = %v, want %v", tt.name, tt.value, got, tt.want)
		}
	}
}

func TestCapsPathsPackages(t *testing.T) {
	if _, ok := DangerousCap("cap_sys_admin"); !ok {
		t.Error("CAP_SYS_ADMIN is dangerous")
	}
	if _, ok := DangerousCap("NET_BIND_SERVICE"); ok {
		t.Error("NET_BIND_SERVICE is not dangerous")
	}
	for p, want := range map[string]bool{"/": true, "/etc/ssl": true, "/var/run/docker.sock": true, "/proc/1": true, "/data/app": false, "./src": false} {
		if got := SensitiveHostPath(p); got != want {
			t.Errorf("SensitiveHostPath(%q) = %v, want %v", p, got, want)
		}
	}
	if !RuntimeSocket("/run/containerd/containerd.sock") || RuntimeSocket("/tmp/x.sock") {
		t.Error("RuntimeSocket is wrong")
	}
	if _, ok := DebugTool("gdb=12.1-0"); !ok || !BuildTool("build-essential") || BuildTool("curl") {
		t.Error("package tables are wrong")
	}
	if !BuildTool("Development Tools") {
		t.Error("a group name with capitals must match")
	}
}
