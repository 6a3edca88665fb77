package legresult

import (
	"os"
	"path/filepath"
	"testing"
)

func TestParseBench(t *testing.T) {
	file := filepath.Join(t.TempDir(), "bench.txt")
	os.WriteFile(file, []byte(`goos: linux
BenchmarkSHA256/64B/forkcrypto-2   1000  150.0 ns/op  0 B/op  0 allocs/op
BenchmarkSHA256/64B/forkcrypto-2   1000  170.0 ns/op  0 B/op  0 allocs/op
BenchmarkSHA256/64B/forkcrypto-2   1000  160.0 ns/op  0 B/op  0 allocs/op
BenchmarkSHA256/64B/cfloor-2       1000  100.0 ns/op
BenchmarkSHA256/64B/ckept-2        1000  120.0 ns/op
BenchmarkSPKIP256/forkcrypto-cold  1000  900.0 ns/op  48 B/op  2 allocs/op
BenchmarkSPKIP256/forkcrypto-warm-8  1000  40.0 ns/op
BenchmarkNoVariant                 1000  5.0 ns/op
PASS
`), 0o644)
	order, rows, err := ParseBench(file)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"SHA256/64B", "SPKIP256/forkcrypto-cold", "SPKIP256/forkcrypto-warm", "NoVariant"}
	if len(order) != len(want) {
		t.Fatalf("operations %q, want %q", order, want)
	}
	for i := range want {
		if order[i] != want[i] {
			t.Errorf("operation %d = %q, want %q", i, order[i], want[i])
		}
	}
	if m, _ := rows["SHA256/64B"].Median("forkcrypto"); m != 160 {
		t.Errorf("median = %v, want 160", m)
	}
	if m, ok := rows["SHA256/64B"].Median("cfloor"); !ok || m != 100 {
		t.Errorf("cfloor = %v, %v; want 100", m, ok)
	}
	if m, ok := rows["SHA256/64B"].Median("ckept"); !ok || m != 120 {
		t.Errorf("ckept = %v, %v; want 120 as a variant, not an operation", m, ok)
	}
	if _, ok := rows["SHA256/64B"].Median("stdlib"); ok {
		t.Error("a variant without samples has a median")
	}
	if a := rows["SPKIP256/forkcrypto-cold"].Allocs["forkcrypto"]; a != "2" {
		t.Errorf("allocs = %q, want 2", a)
	}
}
