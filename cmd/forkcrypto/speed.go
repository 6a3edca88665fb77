package main

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/sha256"
	"fmt"
	"io"
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
	for _, size := range []int{64, 8192} {
		in := make([]byte, size)
		row(tw, fmt.Sprintf("SHA-256 %d B", size),
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
	row(tw, "HMAC-SHA256 64 B",
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
		row(tw, fmt.Sprintf("AES-256-GCM seal %d B", size),
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
	return tw.Flush()
}

// floor benchmarks a C loop: one cgo call runs b.N operations.
func floor(op int, in, key []byte) func(*testing.B) {
	return func(b *testing.B) {
		if !shim.Floor(op, b.N, in, key) {
			b.Fatal("C loop failed")
		}
	}
}

func row(w io.Writer, name string, ours, cFloor, stdlib func(*testing.B)) {
	o := testing.Benchmark(func(b *testing.B) { b.ReportAllocs(); ours(b) })
	f := testing.Benchmark(cFloor)
	s := testing.Benchmark(stdlib)
	fmt.Fprintf(w, "%s\t%.0f\t%d\t%.0f\t%.2fx\t%.0f\t\n", name, nsPerOp(o), o.AllocsPerOp(), nsPerOp(f),
		nsPerOp(o)/nsPerOp(f), nsPerOp(s))
}

func nsPerOp(r testing.BenchmarkResult) float64 {
	return float64(r.T.Nanoseconds()) / float64(max(r.N, 1))
}
