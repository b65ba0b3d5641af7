package compose

import (
	"github.com/compose-spec/compose-go/v2/types"

	cmodel "github.com/stevedore-dev/stevedore/internal/compose"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// limits returns the service's deploy.resources.limits, or nil.
func limits(s *cmodel.Service) *types.Resource {
	if d := s.Config.Deploy; d != nil {
		return d.Resources.Limits
	}
	return nil
}

// limitSpan returns where a limit finding goes, as a block key and a
// precise line for reportSpan. A written limit with a bad value (mem_limit:
// 0, pids_limit: -1, limits.pids: 0) is its own line. A missing limit is a
// gap in the service: it spans from the service key down to the nearest
// written ancestor of deploy.resources.limits.<key> (deploy:, resources:,
// limits:), where the limit belongs.
func limitSpan(p *rule.Pass, svc, short, deployKey string) (key, a at) {
	if isSet(p, svc, short) {
		a = pos(p, svc, short)
		return a, a
	}
	path := []string{"deploy", "resources", "limits", deployKey}
	a = pos(p, svc, path...)
	if isSet(p, svc, path...) {
		return a, a
	}
	return servicePos(p, svc), a
}

// reportLimit records a limit finding over limitSpan's lines.
func reportLimit(p *rule.Pass, svc, short, deployKey, location, evidence, msg string) {
	key, a := limitSpan(p, svc, short, deployKey)
	reportSpan(p, key, a, location, evidence, msg)
}
