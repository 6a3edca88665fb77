package compat

import (
	"bytes"
	"fmt"

	"github.com/cloudflare/circl/sign"
	circl44 "github.com/cloudflare/circl/sign/mldsa/mldsa44"
	circl65 "github.com/cloudflare/circl/sign/mldsa/mldsa65"
	circl87 "github.com/cloudflare/circl/sign/mldsa/mldsa87"
)

// Uses of the ML-DSA capabilities, each a deterministic signature compared
// with CIRCL's FIPS 204 implementation.
func init() {
	for _, c := range []struct {
		params MLDSAParameters
		ref    sign.Scheme
	}{{MLDSA44(), circl44.Scheme()}, {MLDSA65(), circl65.Scheme()}, {MLDSA87(), circl87.Scheme()}} {
		capabilityUses[c.params.String()] = func() error {
			seed := bytes.Repeat([]byte{3}, MLDSAPrivateKeySize)
			sk, err := NewPrivateKeyMLDSA(c.params, seed)
			if err != nil {
				return err
			}
			msg := []byte("capability")
			sig, err := sk.SignDeterministic(msg, &MLDSAOptions{Context: "ctx"})
			if err != nil {
				return err
			}
			_, ref := c.ref.DeriveKey(seed)
			if !bytes.Equal(sig, c.ref.Sign(ref, msg, &sign.SignatureOpts{Context: "ctx"})) {
				return fmt.Errorf("%s: signature differs from the reference's", c.params)
			}
			return nil
		}
	}
}
