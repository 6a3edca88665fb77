package compat_test

import (
	"bytes"
	"crypto"
	"crypto/ecdh"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/hex"
	"encoding/pem"
	"fmt"

	"github.com/forkcrypto/forkcrypto/compat"
)

func ExampleGenerateKeyECDSA() {
	key, err := compat.GenerateKeyECDSA(elliptic.P256())
	if err != nil {
		panic(err)
	}
	digest := sha256.Sum256([]byte("hello, world"))
	// ECDSA signatures are randomized, so only the verdict is printed.
	sig, err := key.Sign(nil, digest[:], crypto.SHA256)
	if err != nil {
		panic(err)
	}
	fmt.Println(compat.VerifyECDSA(key.PublicKey(), digest[:], sig))
	// Output: true
}

func ExampleNewEd25519PrivateKey() {
	// RFC 8032, section 7.1, test 1: the empty message.
	seed, _ := hex.DecodeString("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
	key, err := compat.NewEd25519PrivateKey(ed25519.NewKeyFromSeed(seed))
	if err != nil {
		panic(err)
	}
	sig, err := key.Sign(nil, nil, crypto.Hash(0))
	if err != nil {
		panic(err)
	}
	fmt.Printf("%x\n", key.PublicKey().Bytes())
	fmt.Printf("%x\n", sig)
	// Output:
	// d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a
	// e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b
}

func ExampleGenerateKeyECDH() {
	// Alice's key is held by the fork; Bob uses crypto/ecdh. (P-256 rather
	// than X25519, so that the example also runs under a FIPS module.)
	alice, err := compat.GenerateKeyECDH(ecdh.P256())
	if err != nil {
		panic(err)
	}
	bob, err := ecdh.P256().GenerateKey(rand.Reader)
	if err != nil {
		panic(err)
	}
	s1, err := alice.ECDH(bob.PublicKey())
	if err != nil {
		panic(err)
	}
	s2, err := bob.ECDH(alice.PublicKey())
	if err != nil {
		panic(err)
	}
	if bytes.Equal(s1, s2) {
		fmt.Println("equal")
	}
	// Output: equal
}

func ExampleParsePKIXPublicKey() {
	const pemKey = `-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEd4vLIMzXApHs0sFstoAFVOB0Wcxp
OEMduP1cEhF46NQ5lK04+om7wpEJ+v8vGiGPduKkRNT/+QilJGFxWV7/5A==
-----END PUBLIC KEY-----`
	block, _ := pem.Decode([]byte(pemKey))
	if block == nil || block.Type != "PUBLIC KEY" {
		panic("no PUBLIC KEY block")
	}
	key, err := compat.ParsePKIXPublicKey(block.Bytes)
	if err != nil {
		panic(err)
	}
	switch k := key.(type) {
	case *compat.ECDSAPublicKey:
		fmt.Printf("%T on %s\n", k, k.Curve().Params().Name)
	case *compat.Ed25519PublicKey, *compat.ECDHPublicKey, *compat.RSAPublicKey:
		fmt.Printf("%T\n", k)
	}
	// Output: *compat.ECDSAPublicKey on P-256
}

func ExampleRSAPrivateKey_Sign() {
	key, err := compat.GenerateKeyRSA(2048)
	if err != nil {
		panic(err)
	}
	digest := sha256.Sum256([]byte("hello, world"))
	opts := &rsa.PSSOptions{Hash: crypto.SHA256, SaltLength: rsa.PSSSaltLengthEqualsHash}
	sig, err := key.Sign(nil, digest[:], opts)
	if err != nil {
		panic(err)
	}
	// Both this package and crypto/rsa accept the signature.
	err1 := compat.VerifyPSS(key.PublicKey(), crypto.SHA256, digest[:], sig, opts)
	err2 := rsa.VerifyPSS(key.Public().(*rsa.PublicKey), crypto.SHA256, digest[:], sig, opts)
	fmt.Println(err1 == nil, err2 == nil, len(sig))
	// Output: true true 256
}
