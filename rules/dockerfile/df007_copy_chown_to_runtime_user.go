package dockerfile

import (
	"path"
	"strings"

	df "github.com/stevedore-dev/stevedore/internal/dockerfile"
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DF007 flags COPY/ADD --chown in a shipped stage that gives the files to
// the user the final stage runs as: the process can then rewrite its own
// code and configuration. When the final stage's user cannot be resolved
// (inherited from the base image, or set from a variable with no known
// value), a --chown to any non-root user is reported. Root-owned copies and
// a root final stage are left alone.
var DF007 = &rule.Rule{
	ID:          "DF007",
	Name:        "copy-chown-to-runtime-user",
	Title:       "COPY --chown gives files to the user the image runs as",
	Severity:    finding.Low,
	Kind:        rule.KindDockerfile,
	Note:        "least-privilege",
	Equivalents: rule.Equivalents{KICS: []string{"chown_flag_exists"}},
	Check:       checkDF007,
}

func checkDF007(p *rule.Pass) {
	f := p.Dockerfile
	if f == nil || f.Final() == nil || f.Final().IsWindows() {
		return
	}
	u := f.EffectiveUser(f.Final())
	runAs, known := "", false
	switch {
	case u.Instruction != nil && !u.Unresolved:
		if u.Root {
			return // root may write everything anyway: DF001's finding
		}
		runAs, _, _ = strings.Cut(strings.TrimSpace(u.User), ":")
		runAs, known = strings.TrimSpace(runAs), true
	case u.Instruction == nil && !u.FromBase:
		return // FROM scratch without USER: root
	}
	for _, s := range f.Shipped() {
		for _, in := range s.Instructions {
			if in.Cmd != "COPY" && in.Cmd != "ADD" {
				continue
			}
			raw, ok := in.Flag("chown")
			if !ok || strings.TrimSpace(raw) == "" {
				continue
			}
			v, ok := s.Expand(raw, in)
			if !ok {
				continue // owner only known at build time
			}
			owner, _, _ := strings.Cut(strings.TrimSpace(v), ":")
			owner = strings.TrimSpace(owner)
			if owner == "" || owner == "root" || strings.Trim(owner, "0") == "" {
				continue
			}
			if known && !df007SameUser(f, owner, runAs) {
				continue
			}
			dest := ""
			if len(in.Args) > 0 {
				dest = in.Args[len(in.Args)-1]
			}
			if df007HomeCopy(in.Args) {
				continue
			}
			var msg string
			if known {
				msg = in.Cmd + " --chown=" + v + " makes " + dest + " owned by " + owner + ", the user the final stage runs as, so a compromised process can rewrite its own code and configuration (an owner can always chmod its files back to writable); keep them owned by root and readable, and give the user only the folders it must write"
			} else {
				msg = in.Cmd + " --chown=" + v + " makes " + dest + " owned by the non-root user " + owner + "; the final stage's user " + df007Unknown(u) + ", and if it is " + owner + " a compromised process can rewrite its own code and configuration; keep the files owned by root and readable, and give the user only the folders it must write"
			}
			p.Report(finding.Finding{
				Range:    in.Range,
				Location: "stage[" + pbStageLabel(s) + "]/" + in.Cmd + " " + dest,
				Evidence: "--chown=" + v + " " + dest,
				Message:  msg,
			})
		}
	}
}

// df007SameUser reports whether the --chown owner and the USER name the
// same account: equal words, or a name the Dockerfile creates with that
// UID. A name and a number that cannot be matched count as the same (the
// rule reports when it cannot rule it out).
func df007SameUser(f *df.File, owner, runAs string) bool {
	if owner == runAs {
		return true
	}
	ownerNum, runNum := pbIsDigits(owner), pbIsDigits(runAs)
	if ownerNum == runNum {
		return strings.TrimLeft(owner, "0") == strings.TrimLeft(runAs, "0") && ownerNum
	}
	name, num := owner, runAs
	if ownerNum {
		name, num = runAs, owner
	}
	if uid := pbCreatedUID(f, name); uid != "" {
		return strings.TrimLeft(uid, "0") == strings.TrimLeft(num, "0")
	}
	if created := df007CreatedName(f, num); created != "" {
		return created == name
	}
	return true
}

// df007CreatedName returns the user name a shipped stage's useradd or
// adduser creates with the literal UID uid, "" when none is found.
func df007CreatedName(f *df.File, uid string) string {
	name := ""
	pbShippedRuns(f, func(_ *df.Stage, in *df.Instruction) {
		if name != "" || !strings.Contains(in.Original, uid) || !pbContainsAny(in.Original, "useradd", "adduser") {
			return
		}
		for _, c := range in.Shell().Commands {
			if c.Name != "useradd" && c.Name != "adduser" {
				continue
			}
			v, ok := c.Value("-u", "--uid")
			ops := c.Operands()
			if !ok || strings.TrimLeft(v, "0") != strings.TrimLeft(uid, "0") || len(ops) == 0 {
				continue
			}
			name = ops[len(ops)-1] // useradd [options] NAME
			return
		}
	})
	return name
}

// df007HomeCopy reports whether a COPY puts a prepared home directory in
// place — the destination is /home/<name> and every source is a folder of
// that same path (`COPY --from=stage /staging/home/app /home/app`): a
// user's home is the user's own writable space, not code.
func df007HomeCopy(args []string) bool {
	if len(args) < 2 {
		return false
	}
	dest := path.Clean(args[len(args)-1])
	if path.Dir(dest) != "/home" {
		return false
	}
	for _, src := range args[:len(args)-1] {
		if !strings.HasSuffix(path.Clean("/"+src), dest) {
			return false
		}
	}
	return true
}

// df007Unknown says why the final stage's user is not known.
func df007Unknown(u df.UserInfo) string {
	if u.Unresolved {
		return "is set from a variable with no known value (" + u.User + ")"
	}
	if u.BaseRef != "" {
		return "is inherited from the base image " + u.BaseRef + " and not known here"
	}
	return "is inherited from the base image and not known here"
}

// pbIsDigits reports whether s is a non-empty run of ASCII digits.
func pbIsDigits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}
