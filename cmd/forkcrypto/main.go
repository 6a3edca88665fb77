// Command forkcrypto reports and exercises the libcrypto fork that forkcrypto
// was built with.
//
//	forkcrypto info      backend line and capability table (-json: as JSON)
//	forkcrypto version   the library's version text
//	forkcrypto speed     throughput beside the Go standard library and a C loop
//	forkcrypto selftest  known-answer tests of every available algorithm
package main

import (
	"fmt"
	"os"
)

const usage = `usage: forkcrypto <command>

commands:
  info       the linked fork, its version, FIPS state and capability table
  info -json the same as one JSON object, for tools
  version    the library's own version text
  speed      ns/op beside the Go standard library and a C loop on the same library
  selftest   known-answer tests of every available algorithm
`

func main() {
	args := os.Args[1:]
	if len(args) == 2 && args[0] == "info" && args[1] == "-json" {
		args = []string{"info-json"}
	}
	if len(args) != 1 {
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	var err error
	switch args[0] {
	case "info":
		err = info(os.Stdout)
	case "info-json":
		err = infoJSON(os.Stdout)
	case "version":
		err = version(os.Stdout)
	case "speed":
		err = speed(os.Stdout)
	case "selftest":
		err = selftest(os.Stdout)
	default:
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err) // errors already name forkcrypto, the fork and the operation
		os.Exit(1)
	}
}
