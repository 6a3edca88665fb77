package main

import (
	"bytes"
	"crypto/cipher"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"

	"github.com/forkcrypto/forkcrypto/compat"
)

// knownAnswer computes one algorithm's output for a fixed input.
type knownAnswer struct {
	name string
	want string // hex
	run  func() ([]byte, error)
}

func digestOf(h func() hash.Hash, msg string) func() ([]byte, error) {
	return func() ([]byte, error) {
		d := h()
		d.Write([]byte(msg))
		return d.Sum(nil), nil
	}
}

func sealWith(newAEAD func([]byte) (cipher.AEAD, error), key, nonce, msg, ad string) func() ([]byte, error) {
	return func() ([]byte, error) {
		a, err := newAEAD(unhex(key))
		if err != nil {
			return nil, err
		}
		ct := a.Seal(nil, unhex(nonce), []byte(msg), unhex(ad))
		if pt, err := a.Open(nil, unhex(nonce), ct, unhex(ad)); err != nil || !bytes.Equal(pt, []byte(msg)) {
			return nil, errors.New("round trip failed")
		}
		return ct, nil
	}
}

func unhex(s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}

var knownAnswers = []knownAnswer{
	{"SHA-256", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", digestOf(compat.NewSHA256, "abc")},
	{"SHA-384", "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7", digestOf(compat.NewSHA384, "abc")},
	{"SHA-512", "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f", digestOf(compat.NewSHA512, "abc")},
	{"SHA-1", "a9993e364706816aba3e25717850c26c9cd0d89d", digestOf(compat.NewSHA1, "abc")},
	{"MD5", "900150983cd24fb0d6963f7d28e17f72", digestOf(compat.NewMD5, "abc")},
	{"SHA3-256", "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532", digestOf(compat.NewSHA3_256, "abc")},
	{"SHAKE128", "5881092dd818bf5cf8a3ddb793fbcba74097d5c526a6d35f97b83351940f2cc8", func() ([]byte, error) {
		x := compat.NewSHAKE128()
		x.Write([]byte("abc"))
		out := make([]byte, 32)
		x.Read(out)
		return out, nil
	}},
	// RFC 4231, test case 2.
	{"HMAC-SHA-256", "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", func() ([]byte, error) {
		m := compat.NewHMAC(compat.NewSHA256, []byte("Jefe"))
		m.Write([]byte("what do ya want for nothing?"))
		return m.Sum(nil), nil
	}},
	// GCM specification, test case 2.
	{"AES-GCM", "0388dace60b6a392f328c2b971b2fe78ab6e47d42cec13bdf53a67b21257bddf",
		sealWith(compat.NewAESGCM, "00000000000000000000000000000000", "000000000000000000000000", string(make([]byte, 16)), "")},
	// RFC 8439, section 2.8.2.
	{"ChaCha20-Poly1305", "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d63dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b3692ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc3ff4def08e4b7a9de576d26586cec64b61161ae10b594f09e26a7e902ecbd0600691",
		sealWith(compat.NewChaCha20Poly1305, "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f", "070000004041424344454647",
			"Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.",
			"50515253c0c1c2c3c4c5c6c7")},
	// RFC 5869, test case A.1.
	{"HKDF", "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865", func() ([]byte, error) {
		return compat.HKDFKey(compat.NewSHA256, unhex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"),
			unhex("000102030405060708090a0b0c"), string(unhex("f0f1f2f3f4f5f6f7f8f9")), 42)
	}},
	// RFC 8448, section 3: the "derived" secret from the early secret.
	{"TLS1.3-KDF", "6f2615a108c702c5678f54fc9dbab69716c076189c48250cebeac3576c3611ba", func() ([]byte, error) {
		return compat.TLS13ExpandLabel(compat.NewSHA256, unhex("33ad0a1c607ec03b09e6cd9893680ce210adf300aa1f2660e1b22e10f170f92a"),
			"derived", unhex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"), 32)
	}},
}

// selftest runs every known answer whose algorithm the fork has; one it
// lacks must fail with ErrUnsupported (or ErrFIPS), as Capabilities says.
func selftest(w io.Writer) error {
	failed := 0
	for _, ka := range knownAnswers {
		got, err := runRecovering(ka.run)
		switch {
		case errors.Is(err, compat.ErrUnsupported) || errors.Is(err, compat.ErrFIPS):
			fmt.Fprintf(w, "%-20s not available: %v\n", ka.name, err)
		case err != nil:
			failed++
			fmt.Fprintf(w, "%-20s FAIL: %v\n", ka.name, err)
		case hex.EncodeToString(got) != ka.want:
			failed++
			fmt.Fprintf(w, "%-20s FAIL: got %x\n", ka.name, got)
		default:
			fmt.Fprintf(w, "%-20s ok\n", ka.name)
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d known-answer tests failed", failed)
	}
	return nil
}

// runRecovering turns the panic of a hash constructor the fork lacks into its error.
func runRecovering(f func() ([]byte, error)) (out []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			if e, ok := r.(error); ok {
				err = e
				return
			}
			panic(r)
		}
	}()
	return f()
}
