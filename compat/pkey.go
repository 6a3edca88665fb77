package compat

import (
	"crypto"
	"runtime"

	"github.com/forkcrypto/forkcrypto/shim"
)

// pkey owns a key inside the fork. Keys are immutable there, so one pkey
// serves any number of goroutines; methods that pass k.h to C keep k alive
// until the call returns.
type pkey struct {
	h uintptr
	// The runtime keeps a span's cleanups in a list it searches linearly
	// when adding one; at 8 bytes, a thousand keys would share a span.
	// At 64 bytes that search fell from 15% to 8% of a cold key import.
	_ [56]byte
}

// checkKind reports whether the fork can use keys of kind now.
func checkKind(op string, kind int) error {
	if err := shim.Ready(); err != nil {
		return err
	}
	if shim.Support(shim.FamilyPKey, kind) == shim.Absent {
		return newError(op, ErrUnsupported, "")
	}
	return fipsRefusal(op, shim.FamilyPKey, kind)
}

func ownKey(h uintptr) *pkey {
	k := &pkey{h: h}
	runtime.AddCleanup(k, shim.PKeyFree, h)
	return k
}

// importKey imports a key of kind from its parts.
func importKey(op string, kind int, parts *shim.Parts) (*pkey, error) {
	if err := checkKind(op, kind); err != nil {
		return nil, err
	}
	h, err := shim.PKeyNew(op, kind, parts)
	if err != nil {
		return nil, err
	}
	return ownKey(h), nil
}

// generateKey generates a key of kind; bits is for RSA.
func generateKey(op string, kind, bits int) (*pkey, error) {
	if err := checkKind(op, kind); err != nil {
		return nil, err
	}
	h, err := shim.PKeyGenerate(op, kind, bits)
	if err != nil {
		return nil, err
	}
	return ownKey(h), nil
}

func (k *pkey) part(op string, part int) ([]byte, error) {
	defer runtime.KeepAlive(k)
	return shim.PKeyGet(op, k.h, part)
}

func (k *pkey) sign(op string, md, pad, saltlen int, in []byte, sigSize int) ([]byte, error) {
	defer runtime.KeepAlive(k)
	sig := make([]byte, sigSize)
	n, err := shim.PKeySign(op, k.h, md, pad, saltlen, in, sig)
	if err != nil {
		return nil, err
	}
	return sig[:n], nil
}

func (k *pkey) verify(op string, md, pad, saltlen int, in, sig []byte) error {
	defer runtime.KeepAlive(k)
	ok, err := shim.PKeyVerify(op, k.h, md, pad, saltlen, in, sig)
	if err != nil {
		return err
	}
	if !ok {
		return newError(op, ErrSignature, "")
	}
	return nil
}

func (k *pkey) derive(op string, peer []byte, size int) ([]byte, error) {
	defer runtime.KeepAlive(k)
	out := make([]byte, size)
	n, err := shim.PKeyDerive(op, k.h, peer, out)
	if err != nil {
		return nil, err
	}
	return out[:n], nil
}

// contractHash maps h to the contract's digest, with the error that names
// why when the fork cannot use it now.
func contractHash(op string, h crypto.Hash) (int, error) {
	info, ok := mdByHash(h)
	if !ok {
		return 0, newError(op, ErrUnsupported, "hash "+h.String())
	}
	if err := mdAvailable(shim.FamilyMD, info); err != nil {
		return 0, err
	}
	return info.id, nil
}
