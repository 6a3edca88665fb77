package legresult

import (
	"bufio"
	"os"
	"slices"
	"strconv"
	"strings"
)

// Variants are the sub-benchmark names compat's benchmarks use beside forkcrypto's own: a
// loop in C on the same library (cfloor), one C call per operation (ccall), the Go standard
// library and golang-fips/openssl, then the other C references some operations have (see
// OtherC).
var Variants = append([]string{"forkcrypto", "cfloor", "ccall", "stdlib", "golangfips"}, OtherC...)

// OtherC are C references beside cfloor: the fork's import keeping the keys it makes as a
// program does (ckept), the fork's own DER decoder (d2i) and one fixed-base scalar
// multiplication (mulbase). Parsed as variants, they are never mistaken for forkcrypto.
var OtherC = []string{"ckept", "d2i", "mulbase"}

// BenchRow is one operation's samples, ns/op per variant (one per -count), and allocs/op
// ("-" when not reported).
type BenchRow struct {
	NS     map[string][]float64
	Allocs map[string]string
}

// Median returns the median of variant's samples and whether there are any.
func (r *BenchRow) Median(variant string) (float64, bool) {
	v := r.NS[variant]
	if len(v) == 0 {
		return 0, false
	}
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2], true
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2, true
}

// ParseBench reads `go test -bench` output, lines such as
//
//	BenchmarkSHA256/64B/forkcrypto-2  1554624  153.2 ns/op  417.64 MB/s  0 B/op  0 allocs/op
//
// and returns the operations in their first order of appearance. A name without a variant
// suffix counts as forkcrypto.
func ParseBench(file string) ([]string, map[string]*BenchRow, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	var order []string
	rows := map[string]*BenchRow{}
	s := bufio.NewScanner(f)
	for s.Scan() {
		fields := strings.Fields(s.Text())
		if len(fields) < 4 || !strings.HasPrefix(fields[0], "Benchmark") || fields[3] != "ns/op" {
			continue
		}
		name := strings.TrimPrefix(fields[0], "Benchmark")
		// The GOMAXPROCS suffix, absent when GOMAXPROCS is 1 (then "forkcrypto-cold" keeps its name).
		if i := strings.LastIndexByte(name, '-'); i > 0 && isDigits(name[i+1:]) {
			name = name[:i]
		}
		op, variant := name, "forkcrypto"
		if i := strings.LastIndexByte(name, '/'); i > 0 && slices.Contains(Variants, name[i+1:]) {
			op, variant = name[:i], name[i+1:]
		}
		ns, err := strconv.ParseFloat(fields[2], 64)
		if err != nil {
			continue
		}
		r := rows[op]
		if r == nil {
			r = &BenchRow{NS: map[string][]float64{}, Allocs: map[string]string{}}
			rows[op] = r
			order = append(order, op)
		}
		r.NS[variant] = append(r.NS[variant], ns)
		r.Allocs[variant] = "-"
		for i := 4; i+1 < len(fields); i++ {
			if fields[i+1] == "allocs/op" {
				r.Allocs[variant] = fields[i]
			}
		}
	}
	return order, rows, s.Err()
}

func isDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}
