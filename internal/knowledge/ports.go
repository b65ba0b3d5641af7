// Package knowledge holds the small tables of container-security facts the
// rules of every kind share: admin and debug ports, debug flags, dangerous
// capabilities, sensitive host paths, debug tools and build toolchains.
package knowledge

// PortInfo describes a port an attacker looks for.
type PortInfo struct {
	Service string
	// Kind is "admin", "debug" or "database".
	Kind string
}

// sensitivePorts maps a TCP port to what usually listens there.
var sensitivePorts = map[int]PortInfo{
	22:    {"SSH", "admin"},
	23:    {"Telnet", "admin"},
	2375:  {"Docker API (plain HTTP)", "admin"},
	2376:  {"Docker API (TLS)", "admin"},
	2379:  {"etcd client API", "admin"},
	3389:  {"RDP", "admin"},
	5900:  {"VNC", "admin"},
	5901:  {"VNC", "admin"},
	10250: {"kubelet API", "admin"},
	4243:  {"Docker API (legacy)", "admin"},
	8500:  {"Consul HTTP API", "admin"},
	5005:  {"Java JDWP debugger", "debug"},
	8000:  {"", ""}, // placeholder removed below
	9229:  {"Node.js inspector", "debug"},
	9230:  {"Node.js inspector", "debug"},
	5678:  {"Python debugpy", "debug"},
	6060:  {"Go pprof", "debug"},
	2345:  {"Go Delve debugger", "debug"},
	40000: {"Go Delve debugger", "debug"},
	5432:  {"PostgreSQL", "database"},
	3306:  {"MySQL/MariaDB", "database"},
	1433:  {"SQL Server", "database"},
	1521:  {"Oracle DB", "database"},
	6379:  {"Redis", "database"},
	27017: {"MongoDB", "database"},
	9200:  {"Elasticsearch", "database"},
	9300:  {"Elasticsearch transport", "database"},
	11211: {"memcached", "database"},
	5984:  {"CouchDB", "database"},
	7474:  {"Neo4j", "database"},
	9042:  {"Cassandra", "database"},
	8086:  {"InfluxDB", "database"},
	5672:  {"RabbitMQ AMQP", "database"},
	15672: {"RabbitMQ management", "admin"},
}

func init() { delete(sensitivePorts, 8000) }

// SensitivePort reports what admin, debug or database service usually
// listens on port, if any.
func SensitivePort(port int) (PortInfo, bool) {
	p, ok := sensitivePorts[port]
	return p, ok
}

// AdminOrDebugPort is SensitivePort without databases (EXPOSE in a
// Dockerfile of a database image is normal; publishing it on all interfaces
// is not).
func AdminOrDebugPort(port int) (PortInfo, bool) {
	p, ok := sensitivePorts[port]
	if !ok || p.Kind == "database" {
		return PortInfo{}, false
	}
	return p, true
}
