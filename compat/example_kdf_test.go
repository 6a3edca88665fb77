package compat_test

import (
	"bytes"
	"crypto/hpke"
	"crypto/mlkem"
	"crypto/sha256"
	"fmt"
	"log"

	"github.com/forkcrypto/forkcrypto/compat"
)

// HKDF with the standard library's hash constructor: the fork computes it.
func ExampleHKDFKey() {
	secret := []byte("input keying material from a key exchange")
	key, err := compat.HKDFKey(sha256.New, secret, []byte("salt"), "example.com v1 envelope key", 32)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%x\n", key[:8])
	// Output: bdd30e0e9e9f2078
}

// ML-KEM keys move between the fork and crypto/mlkem through their
// encodings: the 64-byte seed and the encapsulation key are the same bytes
// on both sides.
func ExampleNewDecapsulationKeyMLKEM768() {
	dk, err := compat.GenerateKeyMLKEM768() // ErrUnsupported on a fork without ML-KEM
	if err != nil {
		log.Fatal(err)
	}
	std, err := mlkem.NewDecapsulationKey768(dk.Bytes())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(bytes.Equal(std.EncapsulationKey().Bytes(), dk.EncapsulationKey().Bytes()))

	// crypto/mlkem encapsulates to the fork's key; the fork decapsulates.
	sharedKey, ciphertext := std.EncapsulationKey().Encapsulate()
	got, err := dk.Decapsulate(ciphertext)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(bytes.Equal(got, sharedKey))

	// The key is a crypto.Decapsulator: crypto/hpke takes it as is.
	priv, err := hpke.NewMLKEMPrivateKey(dk)
	if err != nil {
		log.Fatal(err)
	}
	_ = priv
}
