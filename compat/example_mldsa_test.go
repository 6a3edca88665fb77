package compat_test

import (
	"fmt"
	"log"

	"github.com/forkcrypto/forkcrypto/compat"
)

// An ML-DSA key held by the fork signs with a context; the signature
// verifies only under the same context. The key is stored as its 32-byte
// seed in PKCS #8 (RFC 9881), which Go 1.27's crypto/x509 reads too.
func ExampleGenerateKeyMLDSA() {
	sk, err := compat.GenerateKeyMLDSA(compat.MLDSA65()) // ErrUnsupported on a fork without ML-DSA
	if err != nil {
		log.Fatal(err)
	}
	msg := []byte("release 1.4.2")
	sig, err := sk.Sign(nil, msg, &compat.MLDSAOptions{Context: "releases"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(compat.VerifyMLDSA(sk.PublicKey(), msg, sig, &compat.MLDSAOptions{Context: "releases"}) == nil)
	fmt.Println(compat.VerifyMLDSA(sk.PublicKey(), msg, sig, &compat.MLDSAOptions{Context: "other"}) == nil)

	der, err := compat.MarshalPKCS8PrivateKey(sk)
	if err != nil {
		log.Fatal(err)
	}
	back, err := compat.ParsePKCS8PrivateKey(der)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(back.(*compat.MLDSAPrivateKey).Equal(sk))
}
