package main

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/sha256"
	"encoding/asn1"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"math/big"

	"github.com/forkcrypto/forkcrypto/compat"
)

// knownAnswer computes one algorithm's output for a fixed input. name is
// the algorithm's row in the capability table.
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

func hmacOf(h func() hash.Hash, key, msg string) func() ([]byte, error) {
	return func() ([]byte, error) {
		m := compat.NewHMAC(h, unhex(key))
		m.Write([]byte(msg))
		return m.Sum(nil), nil
	}
}

// sha256Of hashes a long output (keys, signatures) for a short known answer.
func sha256Of(f func() ([]byte, error)) func() ([]byte, error) {
	return func() ([]byte, error) {
		b, err := f()
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256(b)
		return sum[:], nil
	}
}

func unhex(s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}

func seq(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i)
	}
	return b
}

var knownAnswers = []knownAnswer{
	// FIPS 180-4 and FIPS 202 examples ("abc").
	{"SHA-1", "a9993e364706816aba3e25717850c26c9cd0d89d", digestOf(compat.NewSHA1, "abc")},
	{"SHA-224", "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7", digestOf(compat.NewSHA224, "abc")},
	{"SHA-256", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", digestOf(compat.NewSHA256, "abc")},
	{"SHA-384", "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7", digestOf(compat.NewSHA384, "abc")},
	{"SHA-512", "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f", digestOf(compat.NewSHA512, "abc")},
	{"SHA-512/256", "53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23", digestOf(compat.NewSHA512_256, "abc")},
	{"SHA3-256", "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532", digestOf(compat.NewSHA3_256, "abc")},
	{"SHA3-512", "b751850b1a57168a5693cd924b6b096e08f621827444f70d884f5d0240d2712e10e116e9192af3c91a7ec57647e3934057340b4cf408d5a56592f8274eec53f0", digestOf(compat.NewSHA3_512, "abc")},
	{"SHAKE128", "5881092dd818bf5cf8a3ddb793fbcba74097d5c526a6d35f97b83351940f2cc8", func() ([]byte, error) {
		x := compat.NewSHAKE128()
		x.Write([]byte("abc"))
		out := make([]byte, 32)
		x.Read(out)
		return out, nil
	}},
	{"SHAKE256", "483366601360a8771c6863080cc4114d8db44530f8f1e1ee4f94ea37e78b5739", func() ([]byte, error) {
		x := compat.NewSHAKE256()
		x.Write([]byte("abc"))
		out := make([]byte, 32)
		x.Read(out)
		return out, nil
	}},
	{"MD5", "900150983cd24fb0d6963f7d28e17f72", digestOf(compat.NewMD5, "abc")},
	// RFC 4231, test case 1.
	{"HMAC-SHA-256", "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
		hmacOf(compat.NewSHA256, "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "Hi There")},
	{"HMAC-SHA-512", "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854",
		hmacOf(compat.NewSHA512, "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "Hi There")},
	// SP 800-38A, F.2.1 and F.5.1 (first block).
	{"AES-CBC", "7649abac8119b246cee98e9b12e9197d", func() ([]byte, error) {
		m, err := compat.NewAESCBCEncrypter(unhex("2b7e151628aed2a6abf7158809cf4f3c"), unhex("000102030405060708090a0b0c0d0e0f"))
		if err != nil {
			return nil, err
		}
		out := make([]byte, 16)
		m.CryptBlocks(out, unhex("6bc1bee22e409f96e93d7e117393172a"))
		return out, nil
	}},
	{"AES-CTR", "874d6191b620e3261bef6864990db6ce", func() ([]byte, error) {
		s, err := compat.NewAESCTR(unhex("2b7e151628aed2a6abf7158809cf4f3c"), unhex("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff"))
		if err != nil {
			return nil, err
		}
		out := make([]byte, 16)
		s.XORKeyStream(out, unhex("6bc1bee22e409f96e93d7e117393172a"))
		return out, nil
	}},
	// The GCM specification, test case 2, opened (a decryption known answer,
	// which FIPS-only mode allows: the caller's nonce is only refused to Seal).
	{"AES-GCM", "00000000000000000000000000000000", func() ([]byte, error) {
		a, err := compat.NewAESGCM(make([]byte, 16))
		if err != nil {
			return nil, err
		}
		return a.Open(nil, make([]byte, 12), unhex("0388dace60b6a392f328c2b971b2fe78ab6e47d42cec13bdf53a67b21257bddf"), nil)
	}},
	// RFC 8439, section 2.8.2.
	{"ChaCha20-Poly1305", "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d63dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b3692ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc3ff4def08e4b7a9de576d26586cec64b61161ae10b594f09e26a7e902ecbd0600691", func() ([]byte, error) {
		a, err := compat.NewChaCha20Poly1305(unhex("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f"))
		if err != nil {
			return nil, err
		}
		return a.Seal(nil, unhex("070000004041424344454647"),
			[]byte("Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it."),
			unhex("50515253c0c1c2c3c4c5c6c7")), nil
	}},
	// RFC 5869, test case A.1.
	{"HKDF", "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865", func() ([]byte, error) {
		return compat.HKDFKey(compat.NewSHA256, unhex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"),
			unhex("000102030405060708090a0b0c"), string(unhex("f0f1f2f3f4f5f6f7f8f9")), 42)
	}},
	// RFC 6070's fifth test case with HMAC-SHA-256 (the value crypto/pbkdf2 gives).
	{"PBKDF2", "348c89dbcbd32b2f32d814b8116e84cf2b17347ebc1800181c4e2a1fb8dd53e1c635518c7dac47e9", func() ([]byte, error) {
		return compat.PBKDF2Key(compat.NewSHA256, "passwordPASSWORDpassword", []byte("saltSALTsaltSALTsaltSALTsaltSALTsalt"), 4096, 40)
	}},
	// RFC 8448, section 3: the "derived" secret from the early secret.
	{"TLS1.3-KDF", "6f2615a108c702c5678f54fc9dbab69716c076189c48250cebeac3576c3611ba", func() ([]byte, error) {
		return compat.TLS13ExpandLabel(compat.NewSHA256, unhex("33ad0a1c607ec03b09e6cd9893680ce210adf300aa1f2660e1b22e10f170f92a"),
			"derived", unhex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"), 32)
	}},
	// RFC 6979, A.2.5: the P-256/SHA-256 signature of "sample" verifies (1) and a changed one does not (0).
	{"ECDSA/ECDH P-256", "0100", func() ([]byte, error) {
		pub, err := compat.NewECDSAPublicKey(&ecdsa.PublicKey{Curve: elliptic.P256(),
			X: new(big.Int).SetBytes(unhex("60fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6")),
			Y: new(big.Int).SetBytes(unhex("7903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299"))})
		if err != nil {
			return nil, err
		}
		sig, err := asn1.Marshal(struct{ R, S *big.Int }{
			new(big.Int).SetBytes(unhex("efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716")),
			new(big.Int).SetBytes(unhex("f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8"))})
		if err != nil {
			return nil, err
		}
		digest := sha256.Sum256([]byte("sample"))
		good := compat.VerifyECDSA(pub, digest[:], sig)
		digest[0] ^= 1
		return []byte{b2i(good), b2i(compat.VerifyECDSA(pub, digest[:], sig))}, nil
	}},
	// RFC 8032, section 7.1, TEST 1.
	{"Ed25519", "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b", func() ([]byte, error) {
		seed := unhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
		k, err := compat.NewEd25519PrivateKey(append(seed, unhex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")...))
		if err != nil {
			return nil, err
		}
		return k.Sign(nil, nil, crypto.Hash(0))
	}},
	// FIPS 203 key generation from the seed 00 01 … 3f: SHA-256 of the
	// encapsulation key (crypto/mlkem gives the same).
	{"ML-KEM-768", "0b7934c83125c788995e2ba6bd761e33046b3e40571be53e023309a29f398cc9", sha256Of(func() ([]byte, error) {
		dk, err := compat.NewDecapsulationKeyMLKEM768(seq(64))
		if err != nil {
			return nil, err
		}
		return dk.EncapsulationKey().Bytes(), nil
	})},
	// FIPS 204 deterministic signing of "abc" with the key of the seed 00 01 … 1f:
	// SHA-256 of the signature (Go 1.27's crypto/mldsa gives the same).
	{"ML-DSA-65", "4b01e98dfaa062b0ef64c949f50d2ee923d82f721379727d160ce6fccaa8a6e6", sha256Of(func() ([]byte, error) {
		sk, err := compat.NewPrivateKeyMLDSA(compat.MLDSA65(), seq(32))
		if err != nil {
			return nil, err
		}
		return sk.SignDeterministic([]byte("abc"), nil)
	})},
}

func b2i(b bool) byte {
	if b {
		return 1
	}
	return 0
}

// selftest runs a known answer per algorithm on the linked fork and prints
// each as approved (passed, and FIPS-approved), passed (not approved),
// refused (ErrFIPS: the FIPS module or FIPS-only mode), unsupported, or
// FAILED; it fails when any answer is wrong.
func selftest(w io.Writer) error {
	approved := map[string]bool{}
	for _, c := range compat.Capabilities() {
		approved[c.Name] = c.FIPSApproved
	}
	failed := 0
	for _, ka := range knownAnswers {
		got, err := runRecovering(ka.run)
		verdict, detail := "", ""
		switch {
		case errors.Is(err, compat.ErrFIPS):
			verdict, detail = "refused", err.Error()
		case errors.Is(err, compat.ErrUnsupported):
			verdict, detail = "unsupported", err.Error()
		case err != nil:
			failed++
			verdict, detail = "FAILED", err.Error()
		case hex.EncodeToString(got) != ka.want:
			failed++
			verdict, detail = "FAILED", fmt.Sprintf("got %x", got)
		case approved[ka.name]:
			verdict = "approved"
		default:
			verdict = "passed"
		}
		fmt.Fprintf(w, "%-20s %-12s %s\n", ka.name, verdict, detail)
	}
	if failed > 0 {
		return fmt.Errorf("%d known-answer tests failed", failed)
	}
	return nil
}

// runRecovering turns the panic of a constructor the fork or the policy
// refuses into its error.
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
	out, err = f()
	if err == nil && out == nil {
		out = []byte{}
	}
	return out, err
}
