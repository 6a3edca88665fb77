//go:build go1.27

package compat_test

import (
	"crypto/mldsa"
	"crypto/x509"
	"testing"
)

func init() {
	stdMLDSA65Bench = map[string]func(b *testing.B, seed, msg []byte, spkis [][]byte){
		"GenerateKey": func(b *testing.B, _, _ []byte, _ [][]byte) {
			for b.Loop() {
				mldsa.GenerateKey(mldsa.MLDSA65())
			}
		},
		"Sign": func(b *testing.B, seed, msg []byte, _ [][]byte) {
			sk, _ := mldsa.NewPrivateKey(mldsa.MLDSA65(), seed)
			for b.Loop() {
				sk.Sign(nil, msg, nil)
			}
		},
		"Verify": func(b *testing.B, seed, msg []byte, _ [][]byte) {
			sk, _ := mldsa.NewPrivateKey(mldsa.MLDSA65(), seed)
			sig, _ := sk.Sign(nil, msg, nil)
			for b.Loop() {
				if err := mldsa.Verify(sk.PublicKey(), msg, sig, nil); err != nil {
					b.Fatal(err)
				}
			}
		},
		"LoadSPKI": func(b *testing.B, _, _ []byte, spkis [][]byte) {
			if spkis == nil {
				b.Skip("no keys: run the forkcrypto sub-benchmark first")
			}
			i := 0
			for b.Loop() {
				i++
				if _, err := x509.ParsePKIXPublicKey(spkis[i%len(spkis)]); err != nil {
					b.Fatal(err)
				}
			}
		},
	}
}
