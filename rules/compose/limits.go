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

// limitPos points at the short key when it is written (mem_limit: 0,
// pids_limit: -1), else at deploy.resources.limits.<key> or its nearest
// written ancestor (the service key when there is no deploy).
func limitPos(p *rule.Pass, svc, short, deployKey string) at {
	if isSet(p, svc, short) {
		return pos(p, svc, short)
	}
	return pos(p, svc, "deploy", "resources", "limits", deployKey)
}
