//go:build go1.27

package compat_test

import (
	"crypto/mldsa"
	"crypto/x509"
)

// From Go 1.27 crypto/x509 parses and writes ML-DSA keys (the seed form of
// PKCS #8 only).

const x509HasMLDSA = true

func capabilityOfStd(k any) string {
	switch k := k.(type) {
	case *mldsa.PublicKey:
		return k.Parameters().String()
	case *mldsa.PrivateKey:
		return k.PublicKey().Parameters().String()
	}
	return ""
}

// stdPQSamples are ML-DSA keys of every parameter set, encoded by crypto/x509.
func stdPQSamples() []keySample {
	var out []keySample
	for _, p := range []mldsa.Parameters{mldsa.MLDSA44(), mldsa.MLDSA65(), mldsa.MLDSA87()} {
		k := must(mldsa.GenerateKey(p))
		out = append(out, keySample{p.String(), map[string][]byte{
			"pkix":  must(x509.MarshalPKIXPublicKey(k.PublicKey())),
			"pkcs8": must(x509.MarshalPKCS8PrivateKey(k)),
		}})
	}
	return out
}
