package pbcheck

import (
	"strings"

	df "github.com/stevedore-dev/stevedore/internal/dockerfile"
	"github.com/stevedore-dev/stevedore/internal/finding"
	"github.com/stevedore-dev/stevedore/internal/rule"
)

// DF006 flags RUN steps of shipped stages that set (or delete) an account
// password: chpasswd, passwd --stdin or fed by a pipe, passwd -d, usermod -p,
// useradd -p. Password values never reach the finding.
var DF006 = &rule.Rule{
	ID:          "DF006",
	Name:        "password-set-in-image",
	Title:       "Account password set in the image",
	Severity:    finding.Medium,
	Kind:        rule.KindDockerfile,
	Note:        "least-privilege",
	Equivalents: rule.Equivalents{Checkov: []string{"CKV2_DOCKER_17"}},
	Check:       checkDF006,
}

func checkDF006(p *rule.Pass) {
	f := p.Dockerfile
	if f == nil {
		return
	}
	pbShippedRuns(f, func(s *df.Stage, in *df.Instruction) {
		if !pbContainsAny(pbRunText(in), "passwd", "usermod", "useradd") {
			return
		}
		where := pbStageWhere(f, s)
		loc := "stage[" + pbStageLabel(s) + "]/RUN/"
		seen := map[string]bool{}
		for _, c := range in.Shell().Commands {
			form, user, removes := pbPasswordForm(c)
			if form == "" {
				continue
			}
			ev := form
			if user != "" {
				ev += " " + user
			}
			if seen[ev] {
				continue
			}
			seen[ev] = true
			whose := "an account"
			if user != "" {
				whose = user
			}
			if removes {
				p.Reportf(in.Range, loc+c.Name, ev,
					"RUN %s in %s deletes the password of %s, so su or any login service accepts it with an empty password; lock the account (passwd -l) instead", form, where, whose)
				continue
			}
			p.Reportf(in.Range, loc+c.Name, ev,
				"RUN sets a password for %s with %s in %s, so anyone who can read the Dockerfile or the image layers has it, and su or a login service in the container accepts it; containers need no account passwords", whose, form, where)
		}
	})
}

// pbPasswordForm says how c sets a password ("chpasswd", "usermod -p"), the
// user when it is written literally, and whether it removes the password
// instead; form is "" when c sets none. Locking values ("!", "*") are not
// passwords.
func pbPasswordForm(c *df.Command) (form, user string, removes bool) {
	switch c.Name {
	case "chpasswd", "chgpasswd":
		return c.Name, pbChpasswdUser(c), false
	case "passwd":
		ops := c.Operands()
		if len(ops) > 0 && c.Literal(len(c.Args)-1) {
			user = ops[len(ops)-1]
		}
		if user == "" && len(ops) == 0 {
			user = "root"
		}
		switch {
		case c.Has("-d", "--delete"):
			return "passwd -d", user, true
		case c.Has("--stdin"):
			return "passwd --stdin", user, false
		case c.Pipeline != nil && c.PipeIndex > 0:
			return "echo … | passwd", user, false
		}
	case "usermod", "useradd":
		v, ok := c.Value("-p", "--password")
		if !ok || pbLockingPassword(v) {
			return "", "", false
		}
		ops := c.Operands()
		if len(ops) > 0 && ops[len(ops)-1] != v {
			user = ops[len(ops)-1]
		}
		return c.Name + " -p", user, false
	}
	return "", "", false
}

// pbLockingPassword reports values that lock an account rather than set a
// password: "!", "*", "!!", "!*".
func pbLockingPassword(v string) bool {
	return v != "" && strings.Trim(v, "!*") == ""
}

// pbChpasswdUser returns the user of `echo 'user:…' | chpasswd`, reading only
// the part before the colon, never the password.
func pbChpasswdUser(c *df.Command) string {
	if c.Pipeline == nil || c.PipeIndex == 0 {
		return ""
	}
	for _, d := range c.Pipeline.Commands {
		if d.PipeIndex >= c.PipeIndex || (d.Name != "echo" && d.Name != "printf") {
			continue
		}
		for i, a := range d.Args {
			if strings.HasPrefix(a, "-") || !d.Literal(i) {
				continue
			}
			name, _, ok := strings.Cut(a, ":")
			if ok && name != "" && strings.Trim(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.") == "" {
				return name
			}
			return ""
		}
	}
	return ""
}
