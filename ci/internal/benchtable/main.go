// Command benchtable turns `go test -bench` output of compat's benchmarks
// into one row per operation: forkcrypto, the C floor (a loop in C, and one
// C call per operation), the Go standard library and golang-fips/openssl side
// by side, with forkcrypto's ratio to
// each. Each leg's file is one run, so the ratios compare numbers measured
// at the same moment on the same machine.
//
// Usage: benchtable LEG=FILE...
package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/forkcrypto/forkcrypto/ci/internal/legresult"
)

func main() {
	w := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "leg\toperation\tforkcrypto ns/op\tallocs/op\tC loop ns/op\tC, 1 call/op\tstdlib ns/op\tgolang-fips ns/op\tforkcrypto/C loop\tspeed-up over golang-fips\tother C references ns/op\t")
	for _, arg := range os.Args[1:] {
		leg, file, ok := strings.Cut(arg, "=")
		if !ok {
			fmt.Fprintln(os.Stderr, "usage: benchtable LEG=FILE...")
			os.Exit(2)
		}
		order, rows, err := legresult.ParseBench(file)
		if err != nil {
			fmt.Fprintln(os.Stderr, "benchtable:", err)
			os.Exit(1)
		}
		for _, op := range order {
			r := rows[op]
			ns := r.Median
			cell := func(v string) string {
				if x, ok := ns(v); ok {
					return strconv.FormatFloat(x, 'f', 0, 64)
				}
				return "n/a"
			}
			ours, _ := ns("forkcrypto")
			vsFloor, speedup := "n/a", "n/a"
			if f, ok := ns("cfloor"); ok && f > 0 {
				vsFloor = fmt.Sprintf("%.2fx (+%.0f ns)", ours/f, ours-f)
			}
			if g, ok := ns("golangfips"); ok && ours > 0 {
				speedup = fmt.Sprintf("%.1fx", g/ours)
			}
			var others []string
			for _, v := range legresult.OtherC {
				if _, ok := ns(v); ok {
					others = append(others, v+" "+cell(v))
				}
			}
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", leg, op, cell("forkcrypto"),
				r.Allocs["forkcrypto"], cell("cfloor"), cell("ccall"), cell("stdlib"), cell("golangfips"), vsFloor, speedup,
				strings.Join(others, ", "))
		}
	}
	w.Flush()
}
