package compat_test

import (
	"crypto"
	"crypto/sha256"
	"fmt"

	"github.com/forkcrypto/forkcrypto/compat"
)

func ExampleNewSHA256() {
	h := compat.NewSHA256()
	h.Write([]byte("ab"))
	h.Write([]byte("c"))
	fmt.Printf("%x\n", h.Sum(nil))
	// Output: ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
}

func ExampleSHA256() {
	sum := compat.SHA256([]byte("abc"))
	fmt.Printf("%x\n", sum)
	// Output: ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
}

func ExampleNewHMAC() {
	// The standard library's constructor names the hash; the fork computes
	// the MAC. (RFC 4231 test case 2.)
	mac := compat.NewHMAC(sha256.New, []byte("Jefe"))
	mac.Write([]byte("what do ya want for nothing?"))
	fmt.Printf("%x\n", mac.Sum(nil))
	// Output: 5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843
}

func ExampleNewAESGCM() {
	key := []byte("an example very very secret key.") // 32 bytes: AES-256
	aead, err := compat.NewAESGCM(key)
	if err != nil {
		panic(err)
	}
	// A fixed nonce keeps the output reproducible; real code must never
	// reuse a nonce with the same key (read one from compat.Reader).
	nonce := []byte("unique nonce") // 12 bytes
	sealed := aead.Seal(nil, nonce, []byte("exampleplaintext"), []byte("header"))
	fmt.Printf("%x\n", sealed)

	opened, err := aead.Open(nil, nonce, sealed, []byte("header"))
	if err != nil {
		panic(err)
	}
	fmt.Printf("%s\n", opened)

	sealed[0] ^= 1
	if _, err := aead.Open(nil, nonce, sealed, []byte("header")); err != nil {
		fmt.Println("tampered message rejected")
	}
	// Output:
	// 614f2ecfaa4fb079b6418792b276e8622888bdfb8b7007d95702b792bead789e
	// exampleplaintext
	// tampered message rejected
}

// The list depends on the linked fork, so this example has no fixed output.
func ExampleCapabilities() {
	b := compat.Backend()
	fmt.Printf("%s (%s)\n", b.Fork, b.Version)
	for _, c := range compat.Capabilities() {
		fmt.Printf("%-20s %-12s allowed=%v fips-approved=%v\n", c.Name, c.Status, c.Allowed, c.FIPSApproved)
	}
	if !compat.SupportsHash(crypto.SHA3_256) {
		fmt.Println("SHA3-256 is not available from this fork")
	}
}
