package main

import (
	"fmt"
	"os"

	"github.com/stevedore-dev/stevedore/internal/dockerfile"
)

func main() {
	data, _ := os.ReadFile(os.Args[1])
	f, err := dockerfile.Parse(os.Args[1], data, dockerfile.Options{})
	if err != nil {
		fmt.Println("ERR", err)
		return
	}
	for _, in := range f.Instructions() {
		fmt.Printf("%s %v flags=%q args=%q json=%v orig=%q cmd=%T\n", in.Cmd, in.Range, in.Flags, in.Args, in.JSONForm, in.Original, in.Command)
		if in.Cmd == "RUN" {
			s := in.Shell()
			for _, c := range s.Commands {
				par := ""
				if c.Parent != nil {
					par = c.Parent.Name
				}
				fmt.Printf("   cmd %s line=%d args=%q env=%q pipe=%v idx=%d parent=%s raw=%q\n", c.Name, c.Line, c.Args, c.Env, c.Pipeline != nil, c.PipeIndex, par, c.Raw)
			}
			if s.Err != nil {
				fmt.Println("   err", s.Err)
			}
		}
	}
}
