package compat_test

import (
	"bytes"
	"crypto"
	"crypto/hpke"
	"testing"

	"github.com/forkcrypto/forkcrypto/compat"
)

// countingDecapsulator counts the decapsulations crypto/hpke asks of a key.
type countingDecapsulator struct {
	*compat.MLKEMDecapsulationKey
	n int
}

func (c *countingDecapsulator) Decapsulate(ct []byte) ([]byte, error) {
	c.n++
	return c.MLKEMDecapsulationKey.Decapsulate(ct)
}

var _ crypto.Decapsulator = (*compat.MLKEMDecapsulationKey)(nil)
var _ crypto.Encapsulator = (*compat.MLKEMEncapsulationKey)(nil)

// A forkcrypto ML-KEM key as the recipient's key in Go's crypto/hpke: the
// standard library runs HPKE, the fork decapsulates.
func TestMLKEMThroughCryptoHPKE(t *testing.T) {
	for _, s := range mlkemSets {
		t.Run(s.name, func(t *testing.T) {
			if !mlkemAvailable(t, s) {
				return
			}
			dk, err := s.generate()
			if err != nil {
				t.Fatal(err)
			}
			key := &countingDecapsulator{MLKEMDecapsulationKey: dk}
			priv, err := hpke.NewMLKEMPrivateKey(key)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(priv.PublicKey().Bytes(), dk.EncapsulationKey().Bytes()) {
				t.Fatal("crypto/hpke sees another public key")
			}
			info, msg := []byte("forkcrypto interop"), []byte("a message for the fork's key")
			ct, err := hpke.Seal(priv.PublicKey(), hpke.HKDFSHA256(), hpke.AES128GCM(), info, msg)
			if err != nil {
				t.Fatal(err)
			}
			pt, err := hpke.Open(priv, hpke.HKDFSHA256(), hpke.AES128GCM(), info, ct)
			if err != nil || !bytes.Equal(pt, msg) {
				t.Fatalf("Open: %q, %v", pt, err)
			}
			if key.n != 1 {
				t.Errorf("crypto/hpke decapsulated %d times through the fork's key, want 1", key.n)
			}
			ct[0] ^= 1
			if _, err := hpke.Open(priv, hpke.HKDFSHA256(), hpke.AES128GCM(), info, ct); err == nil {
				t.Error("a corrupted encapsulation opened")
			}
		})
	}
}
