package compose

import (
	"fmt"

	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/knowledge"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DC018 flags admin, debug and database ports published beyond loopback.
var DC018 = &rule.Rule{
	ID:       "DC018",
	Name:     "sensitive-port-published",
	Title:    "Admin, debug or database port published beyond localhost",
	Severity: finding.High,
	Kind:     rule.KindCompose,
	Note:     "network-exposure",
	Check:    checkDC018,
}

// sensitivePortOf returns what listens on the mapping: judged by the
// container port first, then by the host port range.
func sensitivePortOf(hp hostPort) (int, knowledge.PortInfo, bool) {
	if info, ok := knowledge.SensitivePort(int(hp.target)); ok {
		return int(hp.target), info, true
	}
	for port := hp.from; port > 0 && port <= hp.to && port-hp.from < 1024; port++ {
		if info, ok := knowledge.SensitivePort(port); ok {
			return port, info, true
		}
	}
	return 0, knowledge.PortInfo{}, false
}

func checkDC018(p *rule.Pass) {
	for _, s := range services(p) {
		for _, hp := range publishedPorts(s) {
			if hp.protocol != "tcp" || loopback(hp.hostIP) {
				continue
			}
			port, info, ok := sensitivePortOf(hp)
			if !ok {
				continue
			}
			where := "on every host interface"
			if !allInterfaces(hp.hostIP) {
				where = "on host address " + hp.hostIP
			}
			article := "a"
			if info.Kind == "admin" {
				article = "an"
			}
			report(p, portPos(p, s.Name, hp), portLoc(s.Name, hp), hp.String(),
				fmt.Sprintf("Service %s publishes port %d (%s, %s %s port) %s; bind it to 127.0.0.1 or drop the mapping so it is not reachable from the network", s.Name, port, info.Service, article, info.Kind, where))
		}
	}
}
