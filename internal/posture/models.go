package posture

import (
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"

	"github.com/stevedore-dev/stevedore/internal/compose"
	"github.com/stevedore-dev/stevedore/internal/dockerfile"
	"github.com/stevedore-dev/stevedore/internal/kube"
	"github.com/stevedore-dev/stevedore/internal/secret"
)

// ofDockerfile describes the final stage of a Dockerfile: its user, base
// image, exposed ports and literal secrets in ENV/ARG of the shipped stages.
func ofDockerfile(p string, f *dockerfile.File, opts Options) []Subject {
	final := f.Final()
	if final == nil {
		return nil
	}
	s := Subject{Kind: KindDockerfile, Path: p, Name: "final stage"}
	if final.Name != "" {
		s.Name = "final stage " + final.Name
	}
	u := f.EffectiveUser(final)
	switch {
	case u.Unresolved:
		s.Properties = append(s.Properties, Property{Name: PropUser, Value: u.User + " (unresolved)", Risk: 1})
	case u.Instruction == nil && u.FromBase:
		s.Properties = append(s.Properties, Property{Name: PropUser, Value: "not set (base image default)", Risk: 1})
	case u.Instruction == nil:
		s.Properties = append(s.Properties, Property{Name: PropUser, Value: "root (no USER)", Risk: 2})
	default:
		s.Properties = append(s.Properties, userProp(u.User))
	}
	root := final.Root()
	base := root.Base
	if root.BaseUnresolved {
		base = root.BaseRaw
	}
	if root.Scratch {
		base = "scratch"
	}
	s.Properties = append(s.Properties, imageProps(base, opts)...)
	var ports []string
	secrets := 0
	for _, in := range f.GlobalArgs {
		secrets += len(secret.ScanAssignments(in.Original))
	}
	for _, st := range f.Shipped() {
		for _, in := range st.Instructions {
			switch in.Cmd {
			case "EXPOSE":
				for _, a := range in.Args {
					if v, ok := st.Expand(a, in); ok {
						a = v
					}
					ports = append(ports, a)
				}
			case "ENV", "ARG":
				secrets += len(secret.ScanAssignments(in.Original))
			}
		}
	}
	s.Properties = append(s.Properties, listProp(PropPorts, ports), countProp(PropSecrets, secrets))
	return []Subject{s}
}

// ofCompose describes every service of a project.
func ofCompose(p string, proj *compose.Project, opts Options) []Subject {
	var out []Subject
	for _, svc := range proj.Services {
		c := svc.Config
		s := Subject{Kind: KindService, Path: p, Name: "service " + svc.Name}
		s.Properties = append(s.Properties, userProp(c.User))
		if svc.Build == nil {
			s.Properties = append(s.Properties, imageProps(c.Image, opts)...)
		}
		var caps []string
		for _, cp := range c.CapAdd {
			caps = append(caps, normCap(cp))
		}
		var ns []string
		for name, mode := range map[string]string{"network": c.NetworkMode, "pid": c.Pid, "ipc": c.Ipc, "uts": c.Uts, "userns": c.UserNSMode} {
			if strings.EqualFold(mode, "host") {
				ns = append(ns, name)
			}
		}
		var mounts []string
		for _, v := range c.Volumes {
			if v.Type == "bind" && (strings.HasPrefix(v.Source, "/") || strings.HasPrefix(v.Source, "~")) {
				mounts = append(mounts, v.Source)
			}
		}
		noNewPrivs := false
		for _, o := range c.SecurityOpt {
			o = strings.ToLower(strings.ReplaceAll(o, "=", ":"))
			if o == "no-new-privileges" || o == "no-new-privileges:true" {
				noNewPrivs = true
			}
		}
		var ports []string
		for _, pc := range c.Ports {
			if pc.Published == "" {
				continue
			}
			host := pc.Published
			if pc.HostIP != "" {
				host = pc.HostIP + ":" + host
			}
			ports = append(ports, fmt.Sprintf("%s->%d", host, pc.Target))
		}
		secrets := 0
		for k, v := range c.Environment {
			if v != nil && secret.SecretLikeName(k) && secret.LiteralValue(*v) {
				secrets++
			}
		}
		escal := Property{Name: PropPrivilegeEscal, Value: escalationDefaultVal, Risk: 1}
		if noNewPrivs {
			escal = Property{Name: PropPrivilegeEscal, Value: "false (no-new-privileges)"}
		}
		s.Properties = append(s.Properties,
			boolProp(PropPrivileged, c.Privileged, true),
			listProp(PropCapAdd, caps),
			dropProp(c.CapDrop),
			listProp(PropHostNamespaces, ns),
			listProp(PropHostMounts, mounts),
			boolProp(PropReadOnlyRoot, c.ReadOnly, false),
			escal,
			listProp(PropPorts, ports),
			countProp(PropSecrets, secrets),
		)
		out = append(out, s)
	}
	return out
}

// normCap writes a capability without its CAP_ prefix, upper case.
func normCap(c string) string {
	return strings.TrimPrefix(strings.ToUpper(strings.TrimSpace(c)), "CAP_")
}

// dropProp judges dropped capabilities: dropping ALL is the goal.
func dropProp(drop []string) Property {
	var caps []string
	for _, c := range drop {
		caps = append(caps, normCap(c))
	}
	p := listProp(PropCapDrop, caps)
	p.Risk = 1
	for _, c := range caps {
		if c == "ALL" {
			p.Risk = 0
		}
	}
	return p
}

// ofKube describes every container (init, app, ephemeral) of every workload.
func ofKube(p string, f *kube.File, opts Options) []Subject {
	pods, _ := f.Workloads()
	var out []Subject
	for _, pod := range pods {
		spec := pod.Spec
		var ns []string
		if spec.HostNetwork {
			ns = append(ns, "network")
		}
		if spec.HostPID {
			ns = append(ns, "pid")
		}
		if spec.HostIPC {
			ns = append(ns, "ipc")
		}
		if spec.HostUsers != nil && *spec.HostUsers {
			ns = append(ns, "user")
		}
		hostPaths := map[string]string{}
		for _, v := range spec.Volumes {
			if v.HostPath != nil {
				hostPaths[v.Name] = v.HostPath.Path
			}
		}
		obj := pod.Object.Kind + "/" + pod.Object.Name
		for _, c := range pod.Containers() {
			s := Subject{Kind: KindContainer, Path: p, Name: obj + " " + c.Ref()}
			s.Properties = append(s.Properties, imageProps(c.Spec.Image, opts)...)
			e := c.Effective
			var caps, mounts, ports []string
			var drop []string
			if e.Capabilities != nil {
				for _, cp := range e.Capabilities.Add {
					caps = append(caps, normCap(string(cp)))
				}
				for _, cp := range e.Capabilities.Drop {
					drop = append(drop, string(cp))
				}
			}
			for _, m := range c.Spec.VolumeMounts {
				if hp, ok := hostPaths[m.Name]; ok {
					mounts = append(mounts, hp)
				}
			}
			for _, cp := range c.Spec.Ports {
				port := fmt.Sprintf("%d", cp.ContainerPort)
				if cp.HostPort != 0 {
					port = fmt.Sprintf("host %d->%d", cp.HostPort, cp.ContainerPort)
				}
				if cp.Protocol != "" && cp.Protocol != corev1.ProtocolTCP {
					port += "/" + strings.ToLower(string(cp.Protocol))
				}
				ports = append(ports, port)
			}
			secrets := 0
			for _, ev := range c.Spec.Env {
				if ev.ValueFrom == nil && secret.SecretLikeName(ev.Name) && secret.LiteralValue(ev.Value) {
					secrets++
				}
			}
			// The field as written: privileged or CAP_SYS_ADMIN also allow
			// escalation, but they have rows of their own, and calling an
			// explicit false "not set" would be wrong.
			escal := Property{Name: PropPrivilegeEscal, Value: escalationDefaultVal, Risk: 1}
			if v := e.AllowPrivilegeEscalation; v != nil {
				escal.Value, escal.Risk = "false", 0
				if *v {
					escal.Value, escal.Risk = "true", 2
				}
			}
			s.Properties = append(s.Properties,
				optBool(PropPrivileged, e.Privileged, true),
				listProp(PropCapAdd, caps),
				dropProp(drop),
				listProp(PropHostNamespaces, ns),
				listProp(PropHostMounts, mounts),
				optBool(PropRunAsNonRoot, e.RunAsNonRoot, false),
				optBool(PropReadOnlyRoot, e.ReadOnlyRootFilesystem, false),
				escal,
				listProp(PropPorts, ports),
				countProp(PropSecrets, secrets),
			)
			out = append(out, s)
		}
	}
	sortSubjects(out)
	return out
}

// optBool renders an optional boolean; unset counts as risky when the safe
// value has to be set explicitly (riskyWhen false), safe otherwise.
func optBool(name string, v *bool, riskyWhen bool) Property {
	if v == nil {
		p := Property{Name: name, Value: notSet}
		if !riskyWhen {
			p.Risk = 1
		}
		return p
	}
	return boolProp(name, *v, riskyWhen)
}
