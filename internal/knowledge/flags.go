package knowledge

import (
	"regexp"
	"strings"
)

// debugArgPatterns match debug switches in a command line that open a
// debugger or remote-code surface.
var debugArgPatterns = []struct {
	re   *regexp.Regexp
	what string
}{
	{regexp.MustCompile(`--inspect(-brk)?(=|\s+)(0\.0\.0\.0|\[?::\]?|\*)`), "Node.js inspector listening on all interfaces"},
	{regexp.MustCompile(`--inspect(-brk)?\b`), "Node.js inspector enabled"},
	{regexp.MustCompile(`-agentlib:jdwp`), "Java JDWP debugger agent"},
	{regexp.MustCompile(`-Xrunjdwp`), "Java JDWP debugger agent"},
	{regexp.MustCompile(`\bdlv\b.*--headless`), "Delve debugger in headless (remote) mode"},
	{regexp.MustCompile(`\bdebugpy\b.*--listen`), "debugpy listening for a remote debugger"},
	{regexp.MustCompile(`\bptvsd\b`), "ptvsd remote debugger"},
	{regexp.MustCompile(`(^|\s)--debug(\s|=true|$)`), "debug mode flag"},
	{regexp.MustCompile(`\bflask\b.*\s--debug\b`), "Flask debugger (allows code execution)"},
	{regexp.MustCompile(`runserver\b`), "Django development server"},
	{regexp.MustCompile(`-Dcom\.sun\.management\.jmxremote\.authenticate=false`), "JMX without authentication"},
	{regexp.MustCompile(`--remote-debugging-(port|address)`), "Chromium remote debugging"},
	{regexp.MustCompile(`\brails\s+s(erver)?\b.*-e\s+development`), "Rails development mode"},
}

// DebugArgs returns a description of the first debug switch in a command
// line, if any.
func DebugArgs(cmdline string) (string, bool) {
	for _, p := range debugArgPatterns {
		if p.re.MatchString(cmdline) {
			return p.what, true
		}
	}
	return "", false
}

// debugEnv maps environment names to the values that turn debug on.
var debugEnv = map[string][]string{
	"FLASK_DEBUG":                  {"1", "true", "yes", "on"},
	"FLASK_ENV":                    {"development"},
	"DJANGO_DEBUG":                 {"1", "true", "yes", "on"},
	"DEBUG":                        {"1", "true", "yes", "on"},
	"APP_DEBUG":                    {"1", "true", "yes", "on"},
	"NODE_ENV":                     {"development", "dev"},
	"RAILS_ENV":                    {"development"},
	"RACK_ENV":                     {"development"},
	"APP_ENV":                      {"development", "dev", "local"},
	"ASPNETCORE_ENVIRONMENT":       {"development"},
	"SPRING_PROFILES_ACTIVE":       {"dev", "development", "debug"},
	"JAVA_TOOL_OPTIONS":            nil, // judged by its value with DebugArgs
	"JAVA_OPTS":                    nil,
	"NODE_OPTIONS":                 nil,
	"GODEBUG":                      nil,
	"XDEBUG_MODE":                  {"debug", "develop", "debug,develop", "develop,debug"},
	"PYTHONDEVMODE":                {"1"},
	"WERKZEUG_DEBUG_PIN":           {"off"},
	"GF_AUTH_ANONYMOUS_ENABLED":    {"true"},
	"ELASTICSEARCH_SECURITY":       {"false"},
	"MYSQL_ALLOW_EMPTY_PASSWORD":   {"1", "true", "yes"},
	"POSTGRES_HOST_AUTH_METHOD":    {"trust"},
	"ALLOW_EMPTY_PASSWORD":         {"1", "true", "yes"},
	"MONGO_INITDB_ROOT_PASSWORD":   nil,
	"DISABLE_SECURITY_PLUGIN":      {"true"},
	"XPACK_SECURITY_ENABLED":       {"false"},
	"xpack.security.enabled":       {"false"},
	"plugins.security.disabled":    {"true"},
	"DISABLE_INSTALL_DEMO_CONFIG":  nil,
	"SPRING_DEVTOOLS_RESTART":      nil,
	"DEVTOOLS":                     nil,
	"GIN_MODE":                     {"debug"},
	"LOG_LEVEL":                    nil,
	"PHP_DISPLAY_ERRORS":           {"1", "on", "true"},
	"ASPNETCORE_DETAILEDERRORS":    {"1", "true"},
	"RAILS_SERVE_STATIC_FILES":     nil,
	"WP_DEBUG":                     {"1", "true"},
	"SYMFONY_DEBUG":                {"1", "true"},
	"LARAVEL_DEBUG":                {"1", "true"},
	"STREAMLIT_GLOBAL_DEVELOPMENT": {"true"},
}

// DebugEnv reports whether setting name=value turns on a debug mode or an
// insecure default, with a description.
func DebugEnv(name, value string) (string, bool) {
	values, known := debugEnv[name]
	if !known {
		return "", false
	}
	v := strings.ToLower(strings.Trim(strings.TrimSpace(value), `"'`))
	if values == nil {
		if what, ok := DebugArgs(value); ok {
			return name + " holds " + what, true
		}
		return "", false
	}
	for _, want := range values {
		if v == want {
			return name + "=" + value + " turns on a debug or insecure mode", true
		}
	}
	return "", false
}
