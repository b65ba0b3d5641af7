package compose

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/compose-spec/compose-go/v2/dotenv"
	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/types"
	"gopkg.in/yaml.v3"
)

// Options tune a load.
type Options struct {
	// Env holds variables that win over the folder's .env, like the shell
	// environment of `docker compose`. The process environment is never read.
	Env map[string]string
	// Strict validates every file against the Compose schema (unknown keys,
	// wrong types) and lets compose-go interpolate, as `docker compose config`
	// does; it makes a load about 1.5x slower. Without it the model is still
	// typed (a value of the wrong type fails the load) but unknown keys pass.
	Strict bool
	// Parsed holds, by slash path in the fs.FS, the YAML documents of files
	// the caller has already parsed (the result of yamlsafe.Documents for a
	// file it accepted without error), so that they are not parsed again. A
	// file absent from it is parsed here. The nodes are read, never changed,
	// and stay referenced by the Project.
	Parsed map[string][]*yaml.Node
	// Contents optionally holds the text of files the caller already read
	// (slash path → bytes), so they are not read from the fs.FS again.
	Contents map[string][]byte

	// fullPath turns off the fast path (tests compare the two).
	fullPath bool
}

// Project is a loaded Compose project: the merge of its files, with the
// yaml.v3 nodes of every file read (project files and extends files) kept
// for positions.
type Project struct {
	// Name is the project name: the last top-level name: of the files, else
	// the folder name, normalised like docker compose does.
	Name string
	// Dir is the project folder, a slash path in the fs.FS ("" or "." is the root).
	Dir string
	// Files are the project files in merge order (slash paths in the fs.FS).
	Files []string
	// Services holds every service, all profiles enabled, sorted by name.
	Services []*Service
	// DotEnvKeys are the names (never the values) defined by the folder's
	// .env file, sorted.
	DotEnvKeys []string
	// Model is the whole compose-go project (networks, volumes, secrets,
	// configs...). Relative paths in it are kept as written.
	Model *types.Project

	docs     map[string]*yaml.Node // root mapping node of every file read, by slash path
	env      map[string]string     // the variables values were interpolated with (.env, Options.Env)
	contents map[string][]byte     // text of the project files, by slash path
	raw      map[string][]byte     // project files left to compose-go's own parser
	fast     bool                  // the model was built by fastModel
}

// Lines returns the text of one of the project's files split into lines,
// or nil when the file is not one the project read.
func (p *Project) Lines(file string) []string {
	data, ok := p.contents[file]
	if !ok {
		return nil
	}
	return strings.Split(string(data), "\n")
}

// Service is one service of a project.
type Service struct {
	Name string
	// Config is the merged, interpolated service as compose-go models it.
	Config types.ServiceConfig
	// Build is the service's build section with paths resolved in the fs.FS,
	// or nil when the service has no build.
	Build *Build
}

// Build locates what a service builds.
type Build struct {
	// Context is the build context as a slash path relative to the fs.FS root
	// (".." elements remain when it points outside), or the URL as written when
	// Remote is set.
	Context string
	// Remote is set for git, http(s) and other non-local contexts.
	Remote bool
	// Dockerfile is the Dockerfile as a slash path relative to the fs.FS root
	// (default <Context>/Dockerfile); empty when Inline is set or Remote is set.
	Dockerfile string
	// Inline is set when the Dockerfile is given by dockerfile_inline (not
	// resolved here; see Config.Build.DockerfileInline).
	Inline bool
	// Target is the build stage named by target:, if any.
	Target string
	// Args are the build args after interpolation (a key without a value maps to "").
	Args map[string]string
}

// LoadError is a problem that makes a project unloadable, at the file and
// line where it was found (Line is 0 when unknown).
type LoadError struct {
	File string
	Line int
	Msg  string
}

// Error renders file:line: msg.
func (e *LoadError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// Load reads the Compose project made of files (slash paths in fsys, the main
// file first, then overrides in merge order) whose project folder is dir.
// Variables come from dir/.env and opts.Env (which wins); a missing variable
// becomes its default or "". Every failure is a *LoadError.
func Load(fsys fs.FS, dir string, files []string, opts Options) (*Project, error) {
	if len(files) == 0 {
		return nil, &LoadError{File: dir, Msg: "no compose file given"}
	}
	dir = cleanDir(dir)
	env, dot, err := readEnv(fsys, dir, opts.Env)
	if err != nil {
		return nil, err
	}
	dotKeys := slices.Sorted(maps.Keys(dot))
	p := &Project{
		Dir:        dir,
		Files:      slices.Clone(files),
		DotEnvKeys: dotKeys,
		env:        env,
		docs:       make(map[string]*yaml.Node, len(files)),
		raw:        map[string][]byte{},
	}
	masker := newMasker(dot)
	fail := func(err error) (*Project, error) {
		return nil, p.loadError(err, masker)
	}

	details, name, err := p.prepare(fsys, env, opts, false)
	if err != nil {
		return fail(err)
	}
	p.Name = projectName(name, dir)

	var model *types.Project
	if !opts.Strict && !opts.fullPath && len(details.ConfigFiles) == 1 && details.ConfigFiles[0].Config != nil {
		model, err = fastModel(details, p.Name)
		p.fast = err == nil
		if err != nil {
			// Let compose-go report (or accept) it; both paths mutate the
			// maps they are given, so prepare them again.
			if details, _, err = p.prepare(fsys, env, opts, false); err != nil {
				return fail(err)
			}
			model, err = loadModel(details, p.Name, opts.Strict, false)
		}
	} else {
		model, err = loadModel(details, p.Name, opts.Strict, false)
	}
	if err != nil && mentionsVariable(p) {
		// An unset variable may have made a value invalid ("${DIR}:/data"
		// becomes ":/data"): retry keeping unset references as written.
		// compose-go mutates the maps it is given, so prepare them again.
		if retry, _, perr := p.prepare(fsys, env, opts, true); perr == nil {
			if m, err2 := loadModel(retry, p.Name, opts.Strict, true); err2 == nil {
				model, err = m, nil
			}
		}
	}
	if err != nil {
		return fail(err)
	}
	p.Model = model
	for _, svc := range model.Services {
		p.Services = append(p.Services, &Service{Name: svc.Name, Config: svc, Build: resolveBuild(dir, svc.Build)})
	}
	slices.SortFunc(p.Services, func(a, b *Service) int { return strings.Compare(a.Name, b.Name) })
	return p, nil
}

// prepare reads and parses the project files (reusing the parses of an
// earlier call), resolves extends and returns what compose-go consumes, with
// the last top-level name: found (interpolated). Unless strict, values are
// interpolated here (keepMissing as in substituter).
func (p *Project) prepare(fsys fs.FS, env map[string]string, opts Options, keepMissing bool) (types.ConfigDetails, string, error) {
	var interp func(string) string
	if !opts.Strict {
		lookup := lookupIn(env)
		interp = func(s string) string { return expand(s, lookup, 0, keepMissing) }
	}
	ext := &extendsResolver{fsys: fsys, projectDir: p.Dir, docs: p.docs, interp: interp}
	details := types.ConfigDetails{WorkingDir: p.Dir, Environment: env}
	name := ""
	for _, file := range p.Files {
		root, parsed := p.docs[file]
		var data []byte
		if !parsed || p.raw[file] != nil {
			if given, ok := opts.Contents[file]; ok {
				data = given
			} else {
				var err error
				if data, err = fs.ReadFile(fsys, file); err != nil {
					return details, "", &LoadError{File: file, Msg: fmt.Sprintf("read: %v", unwrapPathError(err))}
				}
			}
			if p.contents == nil {
				p.contents = map[string][]byte{}
			}
			p.contents[file] = data
		}
		if !parsed {
			var multiDoc bool
			var err error
			if docs, given := opts.Parsed[file]; given {
				root, multiDoc, err = parsedRoot(file, docs)
			} else {
				root, multiDoc, err = parseYAML(file, data)
			}
			if err != nil {
				return details, "", err
			}
			p.docs[file] = root
			if multiDoc || hasCustomTags(data) {
				p.raw[file] = data
			}
		}
		if n := lookupKey(root, "name"); n != nil && n.Kind == yaml.ScalarNode {
			name = expand(n.Value, lookupIn(env), 0, false)
		}
		if p.raw[file] != nil {
			// compose-go implements !reset, !override and multi-document
			// files on the raw bytes: let it parse those itself.
			if err := ext.checkNoFileExtends(file, root); err != nil {
				return details, "", err
			}
			details.ConfigFiles = append(details.ConfigFiles, types.ConfigFile{Filename: file, Content: data})
			continue
		}
		cfg := map[string]any{}
		if root != nil {
			v, err := toValue(root, interp)
			if err != nil {
				return details, "", &LoadError{File: file, Line: root.Line, Msg: err.Error()}
			}
			cfg = v.(map[string]any)
		}
		delete(cfg, "version") // obsolete; compose-go would log a warning
		if err := ext.resolve(file, p.Dir, cfg); err != nil {
			return details, "", err
		}
		details.ConfigFiles = append(details.ConfigFiles, types.ConfigFile{Filename: file, Config: cfg})
	}
	return details, name, nil
}

// mentionsVariable reports whether any project file may reference a variable.
func mentionsVariable(p *Project) bool {
	for _, root := range p.docs {
		if root != nil && nodeHas(root, '$', 0) {
			return true
		}
	}
	return false
}

// nodeHas reports whether a scalar under n contains c.
func nodeHas(n *yaml.Node, c byte, depth int) bool {
	if n == nil || depth > 200 {
		return false
	}
	if n.Kind == yaml.ScalarNode {
		return strings.IndexByte(n.Value, c) >= 0
	}
	for _, ch := range n.Content {
		if nodeHas(ch, c, depth+1) {
			return true
		}
	}
	return false
}

// loadModel runs compose-go on details with the options that keep it off
// the disk and the network. Unless strict, values were interpolated by
// prepare and schema validation is skipped.
func loadModel(details types.ConfigDetails, name string, strict, keepMissing bool) (project *types.Project, err error) {
	defer func() {
		// compose-go's normalisation asserts types without checking them.
		if r := recover(); r != nil {
			project, err = nil, fmt.Errorf("invalid Compose model: %v", r)
		}
	}()
	env := details.Environment
	return loader.LoadWithContext(context.Background(), details, func(o *loader.Options) {
		o.SetProjectName(name, true)
		o.SkipInclude = true
		o.ResolvePaths = false
		o.SkipConsistencyCheck = true
		o.SkipResolveEnvironment = true
		o.SkipResolveLabels = true
		o.Profiles = []string{"*"}
		o.ResourceLoaders = nil
		if !strict {
			o.SkipValidation = true
			o.SkipInterpolation = true
		}
		if o.Interpolate != nil {
			o.Interpolate.Substitute = substituter(keepMissing)
			o.Interpolate.LookupValue = lookupIn(env)
		}
	})
}

// Service returns the service called name, or nil.
func (p *Project) Service(name string) *Service {
	i, found := slices.BinarySearchFunc(p.Services, name, func(s *Service, n string) int { return strings.Compare(s.Name, n) })
	if !found {
		return nil
	}
	return p.Services[i]
}

// readEnv reads dir/.env (if any) from fsys and overlays extra on it. It
// returns the environment and what .env alone defines. A .env that cannot be
// parsed fails without quoting it.
func readEnv(fsys fs.FS, dir string, extra map[string]string) (env, dot map[string]string, err error) {
	env = map[string]string{}
	name := path.Join(dir, ".env")
	if data, err := fs.ReadFile(fsys, name); err == nil {
		dot, err = dotenv.UnmarshalBytesWithLookup(data, func(k string) (string, bool) {
			v, ok := extra[k]
			return v, ok
		})
		if err != nil {
			return nil, nil, &LoadError{File: name, Msg: "cannot parse the .env file"}
		}
		maps.Copy(env, dot)
	}
	maps.Copy(env, extra)
	return env, dot, nil
}

// parseYAML parses the first document of data into its root mapping node (nil
// for an empty document) and reports whether more documents follow.
func parseYAML(file string, data []byte) (*yaml.Node, bool, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, false, nil
		}
		return nil, false, yamlError(file, err)
	}
	var next yaml.Node
	multi := false
	if err := dec.Decode(&next); err == nil {
		multi = len(next.Content) > 0
	} else if !errors.Is(err, io.EOF) {
		return nil, false, yamlError(file, err)
	}
	if len(doc.Content) == 0 {
		return nil, multi, nil
	}
	root := resolveAlias(doc.Content[0])
	if root.Kind == yaml.ScalarNode && root.ShortTag() == "!!null" {
		return nil, multi, nil
	}
	if root.Kind != yaml.MappingNode {
		return nil, false, &LoadError{File: file, Line: root.Line, Msg: "top-level object must be a mapping"}
	}
	return root, multi, nil
}

// parsedRoot is parseYAML for documents parsed by the caller.
func parsedRoot(file string, docs []*yaml.Node) (*yaml.Node, bool, error) {
	if len(docs) == 0 {
		return nil, false, nil
	}
	multi := len(docs) > 1 && docs[1] != nil && len(docs[1].Content) > 0
	root := docs[0]
	if root != nil && root.Kind == yaml.DocumentNode {
		if len(root.Content) == 0 {
			return nil, multi, nil
		}
		root = root.Content[0]
	}
	root = resolveAlias(root)
	if root == nil || (root.Kind == yaml.ScalarNode && root.ShortTag() == "!!null") {
		return nil, multi, nil
	}
	if root.Kind != yaml.MappingNode {
		return nil, false, &LoadError{File: file, Line: root.Line, Msg: "top-level object must be a mapping"}
	}
	return root, multi, nil
}

// hasCustomTags reports whether data may use compose's !reset or !override tags.
func hasCustomTags(data []byte) bool {
	return bytes.Contains(data, []byte("!reset")) || bytes.Contains(data, []byte("!override"))
}

// projectName is the normalised project name, from name: or the folder.
func projectName(name, dir string) string {
	if n := loader.NormalizeProjectName(name); n != "" {
		return n
	}
	if n := loader.NormalizeProjectName(path.Base(dir)); n != "" {
		return n
	}
	return "default"
}

// resolveBuild turns a compose-go build section into fs.FS paths.
func resolveBuild(dir string, b *types.BuildConfig) *Build {
	if b == nil {
		return nil
	}
	out := &Build{Target: b.Target, Inline: b.DockerfileInline != ""}
	if len(b.Args) > 0 {
		out.Args = make(map[string]string, len(b.Args))
		for k, v := range b.Args {
			if v != nil {
				out.Args[k] = *v
			} else {
				out.Args[k] = ""
			}
		}
	}
	ctx := b.Context
	if ctx == "" {
		ctx = "."
	}
	if isRemoteContext(ctx) {
		out.Context, out.Remote = ctx, true
		return out
	}
	out.Context = joinFS(dir, ctx)
	if !out.Inline {
		df := b.Dockerfile
		if df == "" {
			df = "Dockerfile"
		}
		out.Dockerfile = joinFS(out.Context, df)
	}
	return out
}

// isRemoteContext reports whether a build context is not a local folder.
func isRemoteContext(ctx string) bool {
	if strings.Contains(ctx, "://") || strings.HasPrefix(ctx, types.ServicePrefix) {
		return true
	}
	for _, prefix := range []string{"github.com/", "git@"} {
		if strings.HasPrefix(ctx, prefix) {
			return true
		}
	}
	return false
}

// joinFS joins a relative path onto base (slash paths); an absolute p is
// kept, cleaned.
func joinFS(base, p string) string {
	p = strings.ReplaceAll(p, `\`, "/")
	if path.IsAbs(p) {
		return path.Clean(p)
	}
	return path.Join(base, p)
}

// cleanDir normalises a folder path in the fs.FS: "" and "." become ".".
func cleanDir(dir string) string {
	if dir == "" {
		return "."
	}
	return path.Clean(dir)
}

func lookupIn(env map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) {
		v, ok := env[k]
		return v, ok
	}
}

// unwrapPathError drops the path from a *fs.PathError (the caller names the file).
func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
