package main

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/sha256"
	"fmt"
	"io"
	"strings"
	"testing"
	"text/tabwriter"

	"github.com/forkcrypto/forkcrypto/compat"
	"github.com/forkcrypto/forkcrypto/shim"
)

// speed measures each operation three ways in one run: through forkcrypto,
// through the Go standard library, and as a C loop calling the same library
// directly (the floor a Go wrapper cannot beat).
func speed(w io.Writer) error {
	if err := compat.Backend().Err; err != nil {
		return err
	}
	key := make([]byte, 32)
	nonce := make([]byte, 12)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "operation\tforkcrypto ns/op\tallocs/op\tC floor ns/op\tratio to floor\tGo stdlib ns/op\t")
	t := &table{w: tw}
	for _, size := range []int{64, 8192} {
		in := make([]byte, size)
		t.row(fmt.Sprintf("SHA-256 %d B", size),
			func(b *testing.B) {
				for b.Loop() {
					compat.SHA256(in)
				}
			},
			floor(shim.FloorSHA256, in, nil),
			func(b *testing.B) {
				for b.Loop() {
					sha256.Sum256(in)
				}
			})
	}
	msg := make([]byte, 64)
	mac := compat.NewHMAC(compat.NewSHA256, key)
	std := hmac.New(sha256.New, key)
	var sum [32]byte
	t.row("HMAC-SHA256 64 B",
		func(b *testing.B) {
			for b.Loop() {
				mac.Reset()
				mac.Write(msg)
				mac.Sum(sum[:0])
			}
		},
		floor(shim.FloorHMACSHA256, msg, key),
		func(b *testing.B) {
			for b.Loop() {
				std.Reset()
				std.Write(msg)
				std.Sum(sum[:0])
			}
		})
	gcm, err := compat.NewAESGCM(key)
	if err != nil {
		return err
	}
	block, _ := aes.NewCipher(key)
	stdGCM, _ := cipher.NewGCM(block)
	for _, size := range []int{64, 8192} {
		in := make([]byte, size)
		out := make([]byte, 0, size+16)
		t.row(fmt.Sprintf("AES-256-GCM seal %d B", size),
			func(b *testing.B) {
				for b.Loop() {
					gcm.Seal(out[:0], nonce, in, nil)
				}
			},
			floor(shim.FloorAESGCMSeal, in, key),
			func(b *testing.B) {
				for b.Loop() {
					stdGCM.Seal(out[:0], nonce, in, nil)
				}
			})
	}
	if err := speedPKey(t); err != nil {
		return err
	}
	if err := speedKDF(t); err != nil {
		return err
	}
	if err := speedMLDSA(t); err != nil {
		return err
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(t.failed) > 0 {
		return fmt.Errorf("forkcrypto speed: failed: %s", strings.Join(t.failed, ", "))
	}
	return nil
}

// floor benchmarks a C loop: one cgo call runs b.N operations.
func floor(op int, in, key []byte) func(*testing.B) {
	return func(b *testing.B) {
		if !shim.Floor(op, b.N, in, key) {
			b.Fatal("C loop failed")
		}
	}
}

// table prints one row per operation and remembers the rows whose
// benchmarks failed, so that a failure is never shown as a speed.
type table struct {
	w      io.Writer
	failed []string
}

// row measures one operation; stdlib is nil where the standard library of
// this toolchain has no counterpart (its cell then reads "-").
func (t *table) row(name string, ours, cFloor, stdlib func(*testing.B)) {
	o := testing.Benchmark(func(b *testing.B) { b.ReportAllocs(); ours(b) })
	f := testing.Benchmark(cFloor)
	s, std := testing.BenchmarkResult{N: 1}, "-"
	if stdlib != nil {
		s = testing.Benchmark(stdlib)
		std = cell(s)
	}
	if o.N == 0 || f.N == 0 || s.N == 0 {
		t.failed = append(t.failed, name)
		fmt.Fprintf(t.w, "%s\t%s\t\t%s\t\t%s\t\n", name, cell(o), cell(f), std)
		return
	}
	fmt.Fprintf(t.w, "%s\t%.0f\t%d\t%.0f\t%.3gx\t%s\t\n", name, nsPerOp(o), o.AllocsPerOp(), nsPerOp(f),
		nsPerOp(o)/nsPerOp(f), std)
}

// unavailable prints the row of an operation the linked fork cannot do.
func (t *table) unavailable(name string, err error) {
	fmt.Fprintf(t.w, "%s\tunavailable: %v\t\t\t\t\t\n", name, err)
}

// cell is a benchmark's ns/op, or FAILED for one that stopped with an error.
func cell(r testing.BenchmarkResult) string {
	if r.N == 0 {
		return "FAILED"
	}
	return fmt.Sprintf("%.0f", nsPerOp(r))
}

func nsPerOp(r testing.BenchmarkResult) float64 {
	return float64(r.T.Nanoseconds()) / float64(max(r.N, 1))
}
