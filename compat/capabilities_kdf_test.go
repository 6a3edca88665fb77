package compat

import (
	"bytes"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/mlkem"
	"crypto/pbkdf2"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
)

// Uses of the key-derivation and ML-KEM capabilities, each checked against
// the standard library.
func init() {
	secret, salt := []byte("capability secret"), []byte("sixteen-byte salt")
	// p computes HMAC-SHA256 chains with crypto/hmac: the references for the
	// TLS 1.2 PRF and the counter KDF.
	mac := func(key []byte, parts ...[]byte) []byte {
		m := hmac.New(sha256.New, key)
		for _, p := range parts {
			m.Write(p)
		}
		return m.Sum(nil)
	}
	same := func(name string, got []byte, err error, want []byte) error {
		if err != nil {
			return err
		}
		if !bytes.Equal(got, want) {
			return fmt.Errorf("%s = %x, want %x", name, got, want)
		}
		return nil
	}
	capabilityUses["HKDF"] = func() error {
		want, _ := hkdf.Key(sha256.New, secret, salt, "info", 42)
		got, err := HKDFKey(sha256.New, secret, salt, "info", 42)
		return same("HKDF-SHA256", got, err, want)
	}
	capabilityUses["PBKDF2"] = func() error {
		want, _ := pbkdf2.Key(sha256.New, "password", salt, 1000, 32)
		got, err := PBKDF2Key(sha256.New, "password", salt, 1000, 32)
		return same("PBKDF2-SHA256", got, err, want)
	}
	capabilityUses["TLS1.2-PRF"] = func() error {
		seed := append([]byte("master secret"), salt...)
		a1 := mac(secret, seed)
		want := mac(secret, a1, seed)
		got, err := TLS12PRF(sha256.New, secret, "master secret", salt, 32)
		return same("TLS 1.2 PRF", got, err, want)
	}
	capabilityUses["TLS1.3-KDF"] = func() error {
		info := []byte{0, 32, byte(len("tls13 key")), 't', 'l', 's', '1', '3', ' ', 'k', 'e', 'y', 0}
		want, _ := hkdf.Expand(sha256.New, bytes.Repeat([]byte{7}, 32), string(info), 32)
		got, err := TLS13ExpandLabel(sha256.New, bytes.Repeat([]byte{7}, 32), "key", nil, 32)
		return same("HKDF-Expand-Label", got, err, want)
	}
	capabilityUses["SP800-108-KDF"] = func() error {
		fixed := binary.BigEndian.AppendUint32(append(append([]byte("label"), 0), "context"...), 256)
		want := mac(secret, []byte{0, 0, 0, 1}, fixed)
		got, err := CounterKDF(sha256.New, secret, []byte("label"), []byte("context"), 32)
		return same("SP 800-108 counter KDF", got, err, want)
	}
	capabilityUses["ML-KEM-768"] = func() error {
		seed := bytes.Repeat([]byte{1}, 64)
		std, _ := mlkem.NewDecapsulationKey768(seed)
		dk, err := NewDecapsulationKeyMLKEM768(seed)
		if err != nil {
			return err
		}
		ss, ct := std.EncapsulationKey().Encapsulate()
		got, err := dk.Decapsulate(ct)
		return same("ML-KEM-768 decapsulation", got, err, ss)
	}
	capabilityUses["ML-KEM-1024"] = func() error {
		seed := bytes.Repeat([]byte{2}, 64)
		std, _ := mlkem.NewDecapsulationKey1024(seed)
		dk, err := NewDecapsulationKeyMLKEM1024(seed)
		if err != nil {
			return err
		}
		ss, ct := dk.EncapsulationKey().Encapsulate()
		got, err := std.Decapsulate(ct)
		return same("ML-KEM-1024 encapsulation", got, err, ss)
	}
}
