package dockerfile

import (
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
)

// UserInfo is the user a stage's processes run as.
type UserInfo struct {
	// User is the USER value after ARG/ENV expansion ("app", "1000:1000");
	// "" when no USER is set in the stage chain.
	User string
	// Instruction is the USER that set it, nil when none did.
	Instruction *Instruction
	// FromBase is true when no USER appears in the FROM-stage chain and the
	// chain starts from an external image, whose own USER is inherited and
	// unknown here (Root is then Docker's default, true).
	FromBase bool
	// BaseRef is the external image the chain starts from (expanded, or as
	// written when unresolved); "" for scratch.
	BaseRef string
	// Root is true for "", "root", "0" and those with any group ("0:0",
	// "root:staff").
	Root bool
	// Numeric is true when the user part is a number ("1000", "1000:1000").
	Numeric bool
	// Unresolved is true when the USER value uses an ARG/ENV with no known
	// value; Root and Numeric are then false.
	Unresolved bool
}

// EffectiveUser returns the user stage s runs as: its last USER, else the
// last USER of the stage it is built FROM, and so on.
func (f *File) EffectiveUser(s *Stage) UserInfo {
	for st := s; st != nil; st = st.BaseStage {
		for i := len(st.Instructions) - 1; i >= 0; i-- {
			in := st.Instructions[i]
			c, ok := in.Command.(*instructions.UserCommand)
			if !ok {
				continue
			}
			u, resolved := st.Expand(c.User, in)
			info := UserInfo{User: u, Instruction: in, Unresolved: !resolved}
			if resolved {
				info.Root, info.Numeric = classifyUser(u)
			}
			return info
		}
	}
	info := UserInfo{Root: true}
	if s == nil {
		return info
	}
	root := s.Root()
	if !root.Scratch {
		info.FromBase = true
		info.BaseRef = root.Base
		if root.BaseUnresolved {
			info.BaseRef = root.BaseRaw
		}
	}
	return info
}

// classifyUser says whether a USER value names root and whether it is numeric.
func classifyUser(u string) (root, numeric bool) {
	name, _, _ := strings.Cut(strings.TrimSpace(u), ":")
	name = strings.TrimSpace(name)
	return name == "" || name == "root" || name == "0", isDigits(name)
}
