// Package compose loads Docker Compose projects with compose-go and keeps a
// yaml.v3 node index so that every value has the file and line it came from.
//
// Loading never touches the real disk or the network: every file (the
// Compose files, their overrides, the folder's .env and the files named by
// extends) is read from an fs.FS, env_file and build contexts are not
// required to exist, and include: is not followed (each included file is
// discovered and linted as a project of its own).
//
// What a load does, in order:
//
//  1. each file is parsed once with yaml.v3; the node tree is kept for
//     positions and converted (without reflection) into the generic map that
//     compose-go consumes, so compose-go does not parse the YAML again;
//  2. extends is resolved here, from the fs.FS, for the same file and for
//     other files (compose-go would read extends.file from the OS);
//  3. compose-go interpolates (with a lenient substitution: a missing
//     variable becomes its default or the empty string, ${X:?msg} never
//     fails), merges the files in order, validates against the Compose schema,
//     normalises and converts to types.Project with every profile enabled.
//     Relative paths are kept as written (see Build for resolved paths).
//     A lenient load of one prepared file takes a fast path (fastload.go)
//     that runs compose-go's own passes on only the parts of the model each
//     pass can change and decodes services key by key; anything it does not
//     model, and every error, falls back to loader.LoadWithContext.
//
// Positions: (*Project).Pos answers "which file and line set this value of the
// merged project"; the last file that sets a path wins, as in the merge.
package compose
