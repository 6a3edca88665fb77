//go:build go1.27

package main

import (
	"crypto/mldsa"
	"testing"
)

func init() {
	mldsaStdlib = map[string]func(seed, msg []byte) func(*testing.B){
		"generate": func(_, _ []byte) func(*testing.B) {
			return each(func() error { _, err := mldsa.GenerateKey(mldsa.MLDSA65()); return err })
		},
		"sign": func(seed, msg []byte) func(*testing.B) {
			sk, _ := mldsa.NewPrivateKey(mldsa.MLDSA65(), seed)
			return each(func() error { _, err := sk.Sign(nil, msg, nil); return err })
		},
		"verify": func(seed, msg []byte) func(*testing.B) {
			sk, _ := mldsa.NewPrivateKey(mldsa.MLDSA65(), seed)
			sig, _ := sk.Sign(nil, msg, nil)
			return each(func() error { return mldsa.Verify(sk.PublicKey(), msg, sig, nil) })
		},
		"import": func(seed, _ []byte) func(*testing.B) {
			sk, _ := mldsa.NewPrivateKey(mldsa.MLDSA65(), seed)
			pub := sk.PublicKey().Bytes()
			return each(func() error { _, err := mldsa.NewPublicKey(mldsa.MLDSA65(), pub); return err })
		},
	}
}
