package compat

import (
	"bytes"
	"crypto"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
)

// Uses of the public-key capabilities, each checked against outside truth.
func init() {
	for _, c := range []elliptic.Curve{elliptic.P224(), elliptic.P256(), elliptic.P384(), elliptic.P521()} {
		capabilityUses["ECDSA/ECDH P-"+c.Params().Name[2:]] = ecdsaUse(c)
	}
	capabilityUses["Ed25519"] = ed25519Use
	capabilityUses["X25519"] = x25519Use
	capabilityUses["RSA"] = rsaUse
}

// ecdsaUse signs with a generated key and has crypto/ecdsa verify it.
func ecdsaUse(c elliptic.Curve) func() error {
	return func() error {
		k, err := GenerateKeyECDSA(c)
		if err != nil {
			return err
		}
		digest := sha256.Sum256([]byte("abc"))
		sig, err := k.Sign(nil, digest[:], crypto.SHA256)
		if err != nil {
			return err
		}
		std, err := k.ECDSA()
		if err != nil {
			return err
		}
		if !ecdsa.VerifyASN1(&std.PublicKey, digest[:], sig) {
			return fmt.Errorf("crypto/ecdsa rejects a %s signature", c.Params().Name)
		}
		return nil
	}
}

// ed25519Use signs RFC 8032 section 7.1 test 1 (the empty message).
func ed25519Use() error {
	seed, _ := hex.DecodeString("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
	want := "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
	k, err := NewEd25519PrivateKey(ed25519.NewKeyFromSeed(seed))
	if err != nil {
		return err
	}
	sig, err := k.Sign(nil, nil, crypto.Hash(0))
	if err != nil {
		return err
	}
	if hex.EncodeToString(sig) != want {
		return fmt.Errorf("Ed25519 RFC 8032 test 1 = %x, want %s", sig, want)
	}
	return nil
}

// x25519Use agrees the RFC 7748 section 6.1 secret.
func x25519Use() error {
	a, _ := hex.DecodeString("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a")
	b, _ := hex.DecodeString("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f")
	want, _ := hex.DecodeString("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742")
	k, err := NewPrivateKeyECDH(ecdh.X25519(), a)
	if err != nil {
		return err
	}
	peer, _ := ecdh.X25519().NewPublicKey(b)
	got, err := k.ECDH(peer)
	if err != nil {
		return err
	}
	if !bytes.Equal(got, want) {
		return fmt.Errorf("X25519 RFC 7748 6.1 = %x, want %x", got, want)
	}
	return nil
}

// rsaUse generates a 2048-bit key and has crypto/rsa verify a PSS signature.
func rsaUse() error {
	k, err := GenerateKeyRSA(2048)
	if err != nil {
		return err
	}
	digest := sha256.Sum256([]byte("abc"))
	sig, err := k.Sign(nil, digest[:], &rsa.PSSOptions{Hash: crypto.SHA256})
	if err != nil {
		return err
	}
	return rsa.VerifyPSS(k.Public().(*rsa.PublicKey), crypto.SHA256, digest[:], sig, nil)
}
