package cli

import "fmt"

func runReview(args []string, io IO) int {
	fmt.Fprintln(io.Stderr, "stevedore: review is not built yet")
	return ExitError
}

func runAction(args []string, io IO) int {
	fmt.Fprintln(io.Stderr, "stevedore: action is not built yet")
	return ExitError
}

func runServe(args []string, io IO) int {
	fmt.Fprintln(io.Stderr, "stevedore: serve is not built yet")
	return ExitError
}
