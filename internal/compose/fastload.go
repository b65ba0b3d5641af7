package compose

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"strings"
	"sync"

	"github.com/compose-spec/compose-go/v2/consts"
	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/override"
	"github.com/compose-spec/compose-go/v2/transform"
	"github.com/compose-spec/compose-go/v2/tree"
	"github.com/compose-spec/compose-go/v2/types"
)

// The fast path builds the same types.Project as loader.LoadWithContext for a
// project of one file whose map was prepared here (interpolated, extends
// applied), in lenient mode. It runs compose-go's own building blocks in the
// same order (merge, de-duplication, canonical syntax, empty-value removal,
// defaults, environment resolution, normalisation, typed decoding) but hands
// each path-pattern pass only the parts of the model that the pass's
// patterns can reach: compose-go tries every pattern on every node, which
// was most of the load time. Typed decoding goes one service key at a time
// (loader.Transform on the field) instead of walking every field of
// ServiceConfig for every service.
//
// Whatever the fast path does not model exactly (x-develop aliases, a
// service that is not a mapping, a key matching a field only
// case-insensitively) and every error make Load fall back to the full
// compose-go path, so errors and odd inputs behave exactly as before.

// errNotFast reports a model the fast path leaves to compose-go.
var errNotFast = errors.New("not eligible for the fast path")

// passScope names what a path-pattern pass of compose-go can change: whole
// top-level sections and, per service, some keys.
type passScope struct {
	top     []string
	service map[string]bool
	// unchanged, when set, reports a service value the pass would leave
	// as it is (it is then not handed to the pass).
	unchanged func(key string, v any) bool
}

var (
	// canonicalScope mirrors the patterns of transform.Canonical
	// (compose-go v2 transform/canonical.go).
	canonicalScope = passScope{
		top: []string{"volumes", "networks", "secrets", "configs", "include", "jobs"},
		service: setOf("env_file", "label_file", "gpus", "networks", "models", "volumes", "dns",
			"devices", "secrets", "configs", "ulimits", "pre_start", "build", "depends_on",
			"extends", "ports", "develop"),
		// transformStringSliceToMap and transformStringOrList return any
		// other shape unchanged
		unchanged: func(key string, v any) bool {
			switch key {
			case "networks", "models":
				_, isMap := v.(map[string]any)
				return isMap
			case "dns", "label_file":
				_, isList := v.([]any)
				return isList
			}
			return false
		},
	}
	// unicityScope mirrors the patterns of override.EnforceUnicity
	// (compose-go v2 override/uncity.go).
	unicityScope = passScope{
		top: []string{"networks"},
		service: setOf("annotations", "build", "cap_add", "cap_drop", "devices", "configs", "deploy",
			"dns", "dns_opt", "dns_search", "environment", "env_file", "expose", "labels", "links",
			"networks", "ports", "profiles", "secrets", "sysctls", "tmpfs", "volumes"),
		// only lists at those paths are de-duplicated: a mapping of scalars,
		// or a deploy/build section without such lists, is left as it is
		unchanged: func(key string, v any) bool {
			m, isMap := v.(map[string]any)
			switch key {
			case "annotations", "environment", "labels", "sysctls":
				return isMap && !hasList(m)
			case "deploy":
				return isMap && !hasList(m, "labels")
			case "build":
				return !isMap || !hasList(m, "args", "additional_contexts", "platform", "tags", "labels")
			}
			return false
		},
	}
	// omitEmptyScope mirrors the patterns of loader.OmitEmpty.
	omitEmptyScope = passScope{top: []string{"jobs"}, service: setOf("dns")}
)

// defaultsScope derives the scope of transform.SetDefaultValues from its
// exported pattern table; ok is false when a pattern has a shape it cannot
// scope (then the pass runs on the whole model).
func defaultsScope() (scope passScope, ok bool) {
	scope.service = map[string]bool{}
	top := map[string]bool{}
	for pattern := range transform.DefaultValues {
		parts := strings.Split(string(pattern), ".")
		switch {
		case len(parts) == 0 || parts[0] == "" || parts[0] == tree.PathMatchAll:
			return passScope{}, false
		case parts[0] == "services":
			if len(parts) < 3 || parts[1] != tree.PathMatchAll || parts[2] == tree.PathMatchAll {
				return passScope{}, false
			}
			scope.service[parts[2]] = true
		default:
			top[parts[0]] = true
		}
	}
	for k := range top {
		scope.top = append(scope.top, k)
	}
	return scope, true
}

// hasList reports whether m holds a list under one of keys (any key when
// keys is empty).
func hasList(m map[string]any, keys ...string) bool {
	if len(keys) == 0 {
		for _, v := range m {
			if _, ok := v.([]any); ok {
				return true
			}
			if _, ok := v.(map[string]any); ok {
				return true // nested: let the pass walk it
			}
		}
		return false
	}
	for _, k := range keys {
		if _, ok := m[k].([]any); ok {
			return true
		}
	}
	return false
}

func setOf(keys ...string) map[string]bool {
	m := make(map[string]bool, len(keys))
	for _, k := range keys {
		m[k] = true
	}
	return m
}

// fastModel is loadModel for one prepared map in lenient mode. It returns
// errNotFast, or any error, when the caller must use loadModel instead; it
// mutates details' map either way.
func fastModel(details types.ConfigDetails, name string) (project *types.Project, err error) {
	defer func() {
		// compose-go's normalisation asserts types without checking them.
		if r := recover(); r != nil {
			project, err = nil, fmt.Errorf("%w: %v", errNotFast, r)
		}
	}()
	if len(details.ConfigFiles) != 1 || details.ConfigFiles[0].Config == nil {
		return nil, errNotFast
	}
	cfg := details.ConfigFiles[0].Config
	if err := checkEligible(cfg); err != nil {
		return nil, err
	}
	env := details.Environment
	if env == nil {
		env = map[string]string{}
	}
	env[consts.ComposeProjectName] = name // as loader.projectName does

	fixEmptyLists(cfg)
	// extends was applied by prepare; this only checks that services is a mapping.
	if err := loader.ApplyExtends(context.Background(), cfg, &loader.Options{SkipInclude: true}, nil, loader.NoopPostProcessor{}); err != nil {
		return nil, err
	}
	dict, err := override.Merge(map[string]any{}, cfg)
	if err != nil {
		return nil, err
	}
	if err := runScoped(dict, unicityScope, override.EnforceUnicity); err != nil {
		return nil, err
	}
	canonical := func(m map[string]any) (map[string]any, error) { return transform.Canonical(m, true) }
	if err := runScoped(dict, canonicalScope, canonical); err != nil {
		return nil, err
	}
	if err := runScoped(dict, omitEmptyScope, func(m map[string]any) (map[string]any, error) { return loader.OmitEmpty(m), nil }); err != nil {
		return nil, err
	}
	if err := runScoped(dict, unicityScope, override.EnforceUnicity); err != nil {
		return nil, err
	}
	if scope, ok := defaultsScope(); ok {
		err = runScoped(dict, scope, transform.SetDefaultValues)
	} else {
		dict, err = transform.SetDefaultValues(dict)
	}
	if err != nil {
		return nil, err
	}
	loader.ResolveEnvironment(dict, env)
	if len(dict) == 0 {
		return nil, errNotFast // "empty compose file": let compose-go say it
	}
	dict["name"] = name
	if dict, err = loader.Normalize(dict, env); err != nil {
		return nil, err
	}

	project = &types.Project{Name: name, WorkingDir: details.WorkingDir, Environment: env}
	delete(dict, "name")
	moveExtensions(dict, nil)
	svcs, hasServices := dict["services"].(map[string]any)
	delete(dict, "services")
	if err := loader.Transform(dict, project); err != nil {
		return nil, err
	}
	if hasServices {
		project.Services = make(types.Services, len(svcs))
		for svcName, raw := range svcs {
			m, ok := raw.(map[string]any)
			if !ok {
				return nil, errNotFast
			}
			sc, err := decodeService(svcName, m)
			if err != nil {
				return nil, err
			}
			project.Services[svcName] = sc
		}
	}
	enableAllProfiles(project)
	return project, nil
}

// enableAllProfiles does what project.WithProfiles([]string{"*"}) does (every
// service and job enabled, the active profiles recorded) without its deep
// copy: the project was just built and nothing else refers to it.
func enableAllProfiles(p *types.Project) {
	enabled := make(types.Services, len(p.Services)+len(p.DisabledServices))
	maps.Copy(enabled, p.Services)
	maps.Copy(enabled, p.DisabledServices)
	p.Services, p.DisabledServices = enabled, types.Services{}
	if p.Jobs != nil || p.DisabledJobs != nil {
		jobs := make(types.Jobs, len(p.Jobs)+len(p.DisabledJobs))
		maps.Copy(jobs, p.Jobs)
		maps.Copy(jobs, p.DisabledJobs)
		p.Jobs, p.DisabledJobs = jobs, types.Jobs{}
	}
	p.Profiles = []string{"*"}
}

// checkEligible returns errNotFast when services is not a mapping, a
// service is not a mapping or a service uses what compose-go rewrites before
// merging (develop and its x-develop alias, extends left unresolved).
func checkEligible(cfg map[string]any) error {
	raw, ok := cfg["services"]
	if !ok {
		return nil
	}
	services, ok := raw.(map[string]any)
	if !ok {
		return errNotFast
	}
	for _, s := range services {
		svc, ok := s.(map[string]any)
		if !ok {
			return errNotFast
		}
		for _, k := range []string{"develop", "x-develop", "extends"} {
			if _, has := svc[k]; has {
				return errNotFast
			}
		}
	}
	return nil
}

// runScoped runs pass on a view of dict holding only what scope names, then
// stores what the pass returned back into dict. The view shares every value
// with dict, so a pass that edits in place edits dict.
func runScoped(dict map[string]any, scope passScope, pass func(map[string]any) (map[string]any, error)) error {
	view := make(map[string]any, len(scope.top)+1)
	for _, k := range scope.top {
		if v, ok := dict[k]; ok {
			view[k] = v
		}
	}
	services, _ := dict["services"].(map[string]any)
	if len(scope.service) > 0 && services != nil {
		sv := make(map[string]any, len(services))
		for name, s := range services {
			svc := s.(map[string]any) // checked by eligibleServices
			small := make(map[string]any, 4)
			for k, v := range svc {
				if scope.service[k] && (scope.unchanged == nil || !scope.unchanged(k, v)) {
					small[k] = v
				}
			}
			sv[name] = small
		}
		view["services"] = sv
	}
	if len(view) == 0 {
		return nil
	}
	out, err := pass(view)
	if err != nil {
		return err
	}
	for _, k := range scope.top {
		if v, ok := out[k]; ok {
			dict[k] = v
		} else {
			delete(dict, k)
		}
	}
	if _, ok := view["services"]; ok {
		outServices, ok := out["services"].(map[string]any)
		if !ok {
			return errNotFast
		}
		for name, s := range services {
			svc := s.(map[string]any)
			small, ok := outServices[name].(map[string]any)
			if !ok {
				return errNotFast
			}
			for k, v := range svc {
				if !scope.service[k] || (scope.unchanged != nil && scope.unchanged(k, v)) {
					continue
				}
				if nv, ok := small[k]; ok {
					svc[k] = nv
				} else {
					delete(svc, k)
				}
			}
			for k, v := range small {
				svc[k] = v
			}
		}
	}
	return nil
}

// fixEmptyLists turns nil lists into empty ones, as compose-go does before
// merging (its fixEmptyNotNull).
func fixEmptyLists(v any) any {
	switch t := v.(type) {
	case []any:
		if t == nil {
			return []any{}
		}
		for i, e := range t {
			t[i] = fixEmptyLists(e)
		}
	case map[string]any:
		for k, e := range t {
			t[k] = fixEmptyLists(e)
		}
	}
	return v
}

// moveExtensions moves the x-* keys of every mapping into its "#extensions"
// entry, as compose-go's processExtensions does when no extension type is
// registered; mappings whose keys are user-defined names (services,
// networks, volumes, secrets, configs, a service's depends_on) keep theirs.
// path holds the elements of m's path as compose-go splits them.
func moveExtensions(m map[string]any, path []string) {
	var extras map[string]any
	userNamed := isUserDefinedPath(path)
	for key, value := range m {
		if !userNamed && strings.HasPrefix(key, "x-") {
			if extras == nil {
				extras = map[string]any{}
			}
			extras[key] = value
			delete(m, key)
			continue
		}
		switch v := value.(type) {
		case map[string]any:
			moveExtensions(v, childPath(path, key))
		case []any:
			var itemPath []string
			for _, e := range v {
				if item, ok := e.(map[string]any); ok {
					if itemPath == nil {
						// the index is never matched: any element will do
						itemPath = append(childPath(path, key), "0")
					}
					moveExtensions(item, itemPath)
				}
			}
		}
	}
	if len(extras) > 0 {
		m[consts.Extensions] = extras
	}
}

// childPath appends key the way tree.Path.Next does: a top-level key is
// appended as written (and so split on its dots), a deeper one as one element.
func childPath(path []string, key string) []string {
	out := make([]string, len(path), len(path)+1)
	copy(out, path)
	if len(path) == 0 {
		return append(out, strings.Split(key, ".")...)
	}
	return append(out, key)
}

// isUserDefinedPath matches compose-go's userDefinedKeys.
func isUserDefinedPath(path []string) bool {
	switch len(path) {
	case 1:
		switch path[0] {
		case "services", "volumes", "networks", "secrets", "configs":
			return true
		}
	case 3:
		return path[0] == "services" && path[2] == "depends_on"
	}
	return false
}

// structTable locates the fields of a struct type the way mapstructure (as
// configured by loader.Transform: yaml tags, embedded structs squashed) does.
type structTable struct {
	byName map[string][]fieldRef
	names  []string
}

// fieldRef is one field: its index path and how a value may be stored
// without mapstructure.
type fieldRef struct {
	index  []int
	direct directKind
}

// directKind says which plain YAML values a field takes as they are: for
// these, mapstructure with compose-go's hooks only copies the value.
type directKind int

const (
	directNone        directKind = iota
	directString                 // a string into a string-kind field
	directBool                   // a bool into a bool-kind field
	directInt                    // an int into a signed-integer-kind field
	directStringSlice            // a list of strings into a []string-kind field
)

// decoderType is the interface of types with their own mapstructure decoding.
var decoderType = reflect.TypeFor[interface{ DecodeMapstructure(any) error }]()

// secretConfigType has a decode hook of its own in loader.Transform.
var secretConfigType = reflect.TypeFor[types.SecretConfig]()

func hasDecoder(t reflect.Type) bool {
	return t.Implements(decoderType) || reflect.PointerTo(t).Implements(decoderType) || t == secretConfigType
}

func directKindOf(t reflect.Type) directKind {
	if hasDecoder(t) {
		return directNone
	}
	switch t.Kind() {
	case reflect.String:
		return directString
	case reflect.Bool:
		return directBool
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return directInt
	case reflect.Slice:
		if e := t.Elem(); e.Kind() == reflect.String && !hasDecoder(e) {
			return directStringSlice
		}
	}
	return directNone
}

// setDirect stores raw into f when kind allows it, reporting whether it did.
func setDirect(f reflect.Value, kind directKind, raw any) bool {
	switch kind {
	case directString:
		s, ok := raw.(string)
		if ok {
			f.SetString(s)
		}
		return ok
	case directBool:
		b, ok := raw.(bool)
		if ok {
			f.SetBool(b)
		}
		return ok
	case directInt:
		n, ok := raw.(int)
		if ok && !f.OverflowInt(int64(n)) {
			f.SetInt(int64(n))
			return true
		}
		return false
	case directStringSlice:
		items, ok := raw.([]any)
		if !ok || items == nil {
			return false
		}
		for _, it := range items {
			if _, ok := it.(string); !ok {
				return false
			}
		}
		out := reflect.MakeSlice(f.Type(), len(items), len(items))
		for i, it := range items {
			out.Index(i).SetString(it.(string))
		}
		f.Set(out)
		return true
	}
	return false
}

// structTables caches tableFor by type; a nil table means "not modelled".
var structTables sync.Map

// tableFor returns the field table of the struct type t, or nil when t uses
// a mapstructure feature not modelled here (remain, squashed pointers).
func tableFor(t reflect.Type) *structTable {
	if v, ok := structTables.Load(t); ok {
		return v.(*structTable)
	}
	tab := buildTable(t)
	structTables.Store(t, tab)
	return tab
}

func buildTable(root reflect.Type) *structTable {
	t := &structTable{byName: map[string][]fieldRef{}}
	type pending struct {
		typ   reflect.Type
		index []int
	}
	queue := []pending{{typ: root}}
	for len(queue) > 0 {
		cur := queue[0]
		queue = queue[1:]
		for i := range cur.typ.NumField() {
			f := cur.typ.Field(i)
			index := append(append([]int(nil), cur.index...), i)
			opts := strings.Split(f.Tag.Get("yaml"), ",")
			squash := f.Anonymous && f.Type.Kind() == reflect.Struct
			for _, o := range opts[1:] {
				switch o {
				case "squash":
					squash = true
				case "remain":
					return nil
				}
			}
			if squash {
				if f.Type.Kind() != reflect.Struct {
					return nil
				}
				queue = append(queue, pending{typ: f.Type, index: index})
				continue
			}
			if !f.IsExported() {
				continue
			}
			name := opts[0]
			if name == "" {
				name = f.Name
			}
			if _, seen := t.byName[name]; !seen {
				t.names = append(t.names, name)
			}
			t.byName[name] = append(t.byName[name], fieldRef{index: index, direct: directKindOf(f.Type)})
		}
	}
	return t
}

// decodeService decodes one canonical service mapping as loader.Transform
// decodes it inside a project (compose-go names a service after its key).
func decodeService(name string, m map[string]any) (types.ServiceConfig, error) {
	var sc types.ServiceConfig
	if err := decodeStruct(reflect.ValueOf(&sc).Elem(), m, "name"); err != nil {
		return sc, fmt.Errorf("services.%s: %w", name, err)
	}
	sc.Name = name
	return sc, nil
}

// decodeStruct decodes m into the struct value v (settable, zero) as
// mapstructure does with compose-go's hooks, one key at a time: a plain
// value is stored as it is, a nested struct (or pointer to or list of
// structs) without a decoder of its own recurses, anything else goes
// through loader.Transform. skip names a key left to the caller.
func decodeStruct(v reflect.Value, m map[string]any, skip string) error {
	table := tableFor(v.Type())
	if table == nil {
		return loader.Transform(m, v.Addr().Interface())
	}
	for key, raw := range m {
		if key == skip && skip != "" {
			continue
		}
		refs, ok := table.byName[key]
		if !ok {
			for _, n := range table.names {
				if strings.EqualFold(n, key) {
					return errNotFast // mapstructure would match it case-insensitively
				}
			}
			continue
		}
		if raw == nil {
			continue // mapstructure leaves a field alone for a nil value
		}
		for _, ref := range refs {
			f := v.FieldByIndex(ref.index)
			if setDirect(f, ref.direct, raw) {
				continue
			}
			if err := decodeValue(f, raw); err != nil {
				return fmt.Errorf("%s: %w", key, err)
			}
		}
	}
	return nil
}

// decodeValue decodes a non-nil raw into the settable zero value f.
func decodeValue(f reflect.Value, raw any) error {
	t := f.Type()
	switch {
	case hasDecoder(t):
	case t.Kind() == reflect.Struct:
		if m, ok := raw.(map[string]any); ok {
			return decodeStruct(f, m, "")
		}
	case t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Struct && !hasDecoder(t.Elem()):
		if m, ok := raw.(map[string]any); ok {
			p := reflect.New(t.Elem())
			if err := decodeStruct(p.Elem(), m, ""); err != nil {
				return err
			}
			f.Set(p)
			return nil
		}
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Struct && !hasDecoder(t.Elem()):
		if items, ok := raw.([]any); ok && items != nil && allMappings(items) {
			out := reflect.MakeSlice(t, len(items), len(items))
			for i, it := range items {
				if err := decodeStruct(out.Index(i), it.(map[string]any), ""); err != nil {
					return err
				}
			}
			f.Set(out)
			return nil
		}
	}
	return loader.Transform(raw, f.Addr().Interface())
}

func allMappings(items []any) bool {
	for _, it := range items {
		if _, ok := it.(map[string]any); !ok {
			return false
		}
	}
	return true
}
