// Package dockerfile turns a Dockerfile into a model that rules can judge:
// stages (which of them ship in the image that is built — Shipped — and
// which may become an image at all — Outputs, MayShip), instructions with
// 1-based line ranges, ARG/ENV expansion, the effective USER of a stage and
// RUN commands parsed into shell words.
//
// It uses BuildKit's own parser (frontend/dockerfile/parser and
// instructions), so what it accepts and rejects matches `docker build`, and
// mvdan.cc/sh for the shell inside RUN.
//
// A typical rule asks:
//
//	f, err := dockerfile.Parse(path, content, dockerfile.Options{})
//	u := f.EffectiveUser(f.Final())          // is the final stage root?
//	for _, st := range f.Shipped() {          // stages whose filesystem ships
//		for _, in := range st.Instructions {
//			for _, c := range in.Shell().Find("apt-get") {
//				if c.Sub() == "install" && !c.Has("--no-install-recommends") { … }
//			}
//		}
//	}
//
// A File is immutable after Parse and safe for concurrent readers.
package dockerfile
