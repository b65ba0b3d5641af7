package dockerfile

import (
	"strconv"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"

	"github.com/stevedore-dev/stevedore/internal/dockerfile"
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DF082 surfaces BuildKit's MaintainerDeprecated: the MAINTAINER
// instruction, replaced by the org.opencontainers.image.authors label.
var DF082 = bkRule("DF082", "maintainer-deprecated", "MAINTAINER instruction is deprecated", "MaintainerDeprecated", finding.Low,
	rule.Equivalents{Hadolint: []string{"DL4000"}, Trivy: []string{"DS-0022"}, Checkov: []string{"CKV_DOCKER_6"},
		KICS: []string{"maintainer_instruction_being_used"}},
	func(w dockerfile.Warning) string {
		return "MAINTAINER is deprecated and tools that read image labels never see it; set LABEL org.opencontainers.image.authors instead (BuildKit MaintainerDeprecated)"
	}, df082Fix)

// df082Fix rewrites a one-line MAINTAINER as the OCI authors label.
func df082Fix(f *dockerfile.File, w dockerfile.Warning) *finding.Fix {
	in := bkInstructionAt(f, w.Range.StartLine)
	if in == nil || in.Range.StartLine != in.Range.EndLine {
		return nil
	}
	m, ok := in.Command.(*instructions.MaintainerCommand)
	if !ok {
		return nil
	}
	v := strings.TrimSpace(m.Maintainer)
	if u, err := strconv.Unquote(v); err == nil && strings.HasPrefix(v, `"`) {
		v = u
	}
	if v == "" || strings.ContainsAny(v, "$\\\n") {
		return nil
	}
	line := f.Line(in.Range.StartLine)
	indent := line[:len(line)-len(strings.TrimLeft(line, " \t"))]
	text := indent + "LABEL org.opencontainers.image.authors=" + strconv.Quote(v)
	return &finding.Fix{Description: "Use LABEL org.opencontainers.image.authors",
		Edits: []finding.Edit{hygWholeLineEdit(f, in.Range.StartLine, text)}}
}
