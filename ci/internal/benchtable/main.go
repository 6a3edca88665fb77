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
	"bufio"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
)

var variants = []string{"forkcrypto", "cfloor", "ccall", "stdlib", "golangfips"}

type row struct {
	ns     map[string][]float64
	allocs map[string]string
}

func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func main() {
	w := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "leg\toperation\tforkcrypto ns/op\tallocs/op\tC loop ns/op\tC, 1 call/op\tstdlib ns/op\tgolang-fips ns/op\tforkcrypto/C loop\tspeed-up over golang-fips\t")
	for _, arg := range os.Args[1:] {
		leg, file, ok := strings.Cut(arg, "=")
		if !ok {
			fmt.Fprintln(os.Stderr, "usage: benchtable LEG=FILE...")
			os.Exit(2)
		}
		order, rows, err := parse(file)
		if err != nil {
			fmt.Fprintln(os.Stderr, "benchtable:", err)
			os.Exit(1)
		}
		for _, op := range order {
			r := rows[op]
			ns := func(v string) (float64, bool) {
				if m, ok := r.ns[v]; ok {
					return median(m), true
				}
				return 0, false
			}
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
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", leg, op, cell("forkcrypto"),
				r.allocs["forkcrypto"], cell("cfloor"), cell("ccall"), cell("stdlib"), cell("golangfips"), vsFloor, speedup)
		}
	}
	w.Flush()
}

// parse reads lines such as
//
//	BenchmarkSHA256/64B/forkcrypto-2  1554624  153.2 ns/op  417.64 MB/s  0 B/op  0 allocs/op
func parse(file string) ([]string, map[string]*row, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	var order []string
	rows := map[string]*row{}
	s := bufio.NewScanner(f)
	for s.Scan() {
		fields := strings.Fields(s.Text())
		if len(fields) < 4 || !strings.HasPrefix(fields[0], "Benchmark") || fields[3] != "ns/op" {
			continue
		}
		name := strings.TrimPrefix(fields[0], "Benchmark")
		if i := strings.LastIndexByte(name, '-'); i > 0 {
			name = name[:i] // the GOMAXPROCS suffix
		}
		op, variant := name, "forkcrypto"
		if i := strings.LastIndexByte(name, '/'); i > 0 {
			for _, v := range variants {
				if name[i+1:] == v {
					op, variant = name[:i], v
				}
			}
		}
		ns, err := strconv.ParseFloat(fields[2], 64)
		if err != nil {
			continue
		}
		r := rows[op]
		if r == nil {
			r = &row{ns: map[string][]float64{}, allocs: map[string]string{}}
			rows[op] = r
			order = append(order, op)
		}
		r.ns[variant] = append(r.ns[variant], ns)
		r.allocs[variant] = "-"
		for i := 4; i+1 < len(fields); i++ {
			if fields[i+1] == "allocs/op" {
				r.allocs[variant] = fields[i]
			}
		}
	}
	return order, rows, s.Err()
}
