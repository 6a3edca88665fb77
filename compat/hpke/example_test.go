package hpke_test

import (
	"crypto/ecdh"
	"fmt"

	"github.com/forkcrypto/forkcrypto/compat/hpke"
)

// One message from a sender to a recipient with DHKEM(P-256, HKDF-SHA256),
// HKDF-SHA256 and AES-128-GCM, a suite every fork computes, FIPS modules
// included. Only the import path differs from code written for crypto/hpke.
func Example() {
	kem, kdf, aead := hpke.DHKEM(ecdh.P256()), hpke.HKDFSHA256(), hpke.AES128GCM()

	// Recipient: a key pair held by the fork; the public key is published.
	recipientKey, err := kem.GenerateKey()
	if err != nil {
		panic(err)
	}
	published := recipientKey.PublicKey().Bytes()

	// Sender: encrypt to the published key.
	pk, err := kem.NewPublicKey(published)
	if err != nil {
		panic(err)
	}
	ciphertext, err := hpke.Seal(pk, kdf, aead, []byte("example app v1"), []byte("hello, recipient"))
	if err != nil {
		panic(err)
	}

	// Recipient: decrypt.
	plaintext, err := hpke.Open(recipientKey, kdf, aead, []byte("example app v1"), ciphertext)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%s\n", plaintext)
	// Output: hello, recipient
}
