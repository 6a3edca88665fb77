package shim

/*
#include <string.h>
#include "forkcrypto.h"
#include "fc_seq.h"

extern const fc_ops *fc_table;

// The parts arrive as one buffer and their lengths, so that no Go memory
// holding Go pointers is passed to C.
static int fc_pkey_new(int kind, const uint8_t *buf, const size_t *lens, uintptr_t *k, char **err) {
	const uint8_t *parts[FC_PART_COUNT];
	void *key = NULL;
	for (int i = 0; i < FC_PART_COUNT; i++) {
		parts[i] = lens[i] ? buf : NULL;
		buf += lens[i];
	}
	int st = fc_table->pkey_new(kind, parts, lens, &key, err);
	*k = (uintptr_t)key;
	return st;
}
static int fc_pkey_generate(int kind, int bits, uintptr_t *k, char **err) {
	void *key = NULL;
	int st = fc_table->pkey_generate(kind, bits, &key, err);
	*k = (uintptr_t)key;
	return st;
}
static void fc_pkey_free(uintptr_t k) { fc_table->pkey_free((void *)k); }
static int fc_pkey_get(uintptr_t k, int part, uint8_t *out, size_t cap, size_t *len) {
	return fc_table->pkey_get((const void *)k, part, out, cap, len);
}
static int fc_pkey_sign(uintptr_t k, int md, int pad, int saltlen, const uint8_t *in, size_t inlen,
	uint8_t *sig, size_t *siglen, char **err) {
	return fc_table->pkey_sign((void *)k, md, pad, saltlen, in, inlen, sig, siglen, err);
}
static int fc_pkey_verify(uintptr_t k, int md, int pad, int saltlen, const uint8_t *in, size_t inlen,
	const uint8_t *sig, size_t siglen, char **err) {
	return fc_table->pkey_verify((void *)k, md, pad, saltlen, in, inlen, sig, siglen, err);
}
static int fc_pkey_derive(uintptr_t k, const uint8_t *peer, size_t peerlen, uint8_t *out, size_t *outlen,
	char **err) {
	return fc_table->pkey_derive((void *)k, peer, peerlen, out, outlen, err);
}
static int fc_pkey_crypt(uintptr_t k, int decrypt, int pad, int md, int mgf1md, const uint8_t *label,
	size_t labellen, const uint8_t *in, size_t inlen, uint8_t *out, size_t *outlen, char **err) {
	return fc_table->pkey_crypt((void *)k, decrypt, pad, md, mgf1md, label, labellen, in, inlen, out,
		outlen, err);
}
static int fc_pkey_floor(int op, long iters, uintptr_t k, int md, int pad, const uint8_t *in, size_t n,
	const uint8_t *aux, size_t auxlen) {
	return fc_table->pkey_floor(op, iters, (void *)k, md, pad, in, n, aux, auxlen);
}

#cgo noescape fc_pkey_new
#cgo nocallback fc_pkey_new
#cgo noescape fc_pkey_get
#cgo nocallback fc_pkey_get
#cgo noescape fc_pkey_sign
#cgo nocallback fc_pkey_sign
#cgo noescape fc_pkey_verify
#cgo nocallback fc_pkey_verify
#cgo noescape fc_pkey_derive
#cgo nocallback fc_pkey_derive
#cgo noescape fc_pkey_ephemeral_derive
#cgo nocallback fc_pkey_ephemeral_derive
#cgo noescape fc_pkey_crypt
#cgo nocallback fc_pkey_crypt
#cgo noescape fc_pkey_floor
#cgo nocallback fc_pkey_floor
*/
import "C"

import "encoding/binary"

// Public-key kinds, key parts and paddings of the contract.
const (
	FamilyPKey = C.FC_FAMILY_PKEY

	P224    = C.FC_PKEY_P224
	P256    = C.FC_PKEY_P256
	P384    = C.FC_PKEY_P384
	P521    = C.FC_PKEY_P521
	Ed25519 = C.FC_PKEY_ED25519
	X25519  = C.FC_PKEY_X25519
	RSA     = C.FC_PKEY_RSA

	PartPub   = C.FC_PART_PUB
	PartPriv  = C.FC_PART_PRIV
	PartE     = C.FC_PART_E
	PartP     = C.FC_PART_P
	PartQ     = C.FC_PART_Q
	PartDp    = C.FC_PART_DP
	PartDq    = C.FC_PART_DQ
	PartQinv  = C.FC_PART_QINV
	PartCount = C.FC_PART_COUNT

	PadNone  = C.FC_PAD_NONE
	PadPKCS1 = C.FC_PAD_PKCS1
	PadPSS   = C.FC_PAD_PSS
	PadOAEP  = C.FC_PAD_OAEP
	SaltAuto = C.FC_SALT_AUTO
)

// Parts holds a key's components, indexed by the Part constants; a nil
// entry is absent.
type Parts [PartCount][]byte

// PKeyNew imports a key from its parts.
func PKeyNew(op string, kind int, parts *Parts) (uintptr, error) {
	var lens [PartCount]C.size_t
	n, present := 0, 0
	var only []byte
	for i, p := range parts {
		lens[i] = C.size_t(len(p))
		n += len(p)
		if len(p) > 0 {
			present, only = present+1, p
		}
	}
	// C takes the parts as one buffer, so that it gets no Go pointer to
	// memory holding Go pointers. A public key is usually one part, which
	// is that buffer already.
	buf := only
	if present > 1 {
		buf = make([]byte, 0, n)
		defer clear(buf[:n]) // it may hold private parts
		for _, p := range parts {
			buf = append(buf, p...)
		}
	}
	var k C.uintptr_t
	var cerr *C.char
	if st := C.fc_pkey_new(C.int(kind), cbytes(buf), &lens[0], &k, &cerr); st != ok {
		return 0, statusError(op, st, cerr)
	}
	return uintptr(k), nil
}

// PKeyGenerate generates a key; bits applies to RSA only.
func PKeyGenerate(op string, kind, bits int) (uintptr, error) {
	var k C.uintptr_t
	var cerr *C.char
	if st := C.fc_pkey_generate(C.int(kind), C.int(bits), &k, &cerr); st != ok {
		return 0, statusError(op, st, cerr)
	}
	return uintptr(k), nil
}

// PKeyFree releases a key.
func PKeyFree(k uintptr) { C.fc_pkey_free(C.uintptr_t(k)) }

// PKeyGet returns one part of a key.
func PKeyGet(op string, k uintptr, part int) ([]byte, error) {
	var n C.size_t
	if C.fc_pkey_get(C.uintptr_t(k), C.int(part), nil, 0, &n) != ok {
		return nil, NewError(op, ErrFailed, "the key has no such part")
	}
	out := make([]byte, n)
	if C.fc_pkey_get(C.uintptr_t(k), C.int(part), cbytes(out), n, &n) != ok {
		return nil, NewError(op, ErrFailed, "exporting a key part")
	}
	return out[:n], nil
}

// PKeySign signs in into sig and returns the signature's length.
func PKeySign(op string, k uintptr, md, pad, saltlen int, in, sig []byte) (int, error) {
	n := C.size_t(len(sig))
	var cerr *C.char
	if st := C.fc_pkey_sign(C.uintptr_t(k), C.int(md), C.int(pad), C.int(saltlen), cbytes(in), C.size_t(len(in)),
		cbytes(sig), &n, &cerr); st != ok {
		return 0, statusError(op, st, cerr)
	}
	return int(n), nil
}

// PKeyVerify reports whether sig is a valid signature of in; the error is
// for failures other than an invalid signature.
func PKeyVerify(op string, k uintptr, md, pad, saltlen int, in, sig []byte) (bool, error) {
	var cerr *C.char
	switch st := C.fc_pkey_verify(C.uintptr_t(k), C.int(md), C.int(pad), C.int(saltlen), cbytes(in), C.size_t(len(in)),
		cbytes(sig), C.size_t(len(sig)), &cerr); st {
	case ok:
		return true, nil
	case eAuth:
		return false, nil
	default:
		return false, statusError(op, st, cerr)
	}
}

// PKeyDerive agrees a secret with peer's public part into out and returns its length.
func PKeyDerive(op string, k uintptr, peer, out []byte) (int, error) {
	n := C.size_t(len(out))
	var cerr *C.char
	if st := C.fc_pkey_derive(C.uintptr_t(k), cbytes(peer), C.size_t(len(peer)), cbytes(out), &n, &cerr); st != ok {
		return 0, statusError(op, st, cerr)
	}
	return int(n), nil
}

// PKeyEphemeralDerive generates a key of kind, writes its public key to pub
// (which must be exactly its size), derives the shared secret with peer into
// out and frees the key, in one call; it returns the secret's length.
func PKeyEphemeralDerive(op string, kind int, peer, pub, out []byte) (int, error) {
	n := C.size_t(len(out))
	var cerr *C.char
	if st := C.fc_pkey_ephemeral_derive(C.int(kind), cbytes(peer), C.size_t(len(peer)), cbytes(pub), C.size_t(len(pub)),
		cbytes(out), &n, &cerr); st != ok {
		return 0, statusError(op, st, cerr)
	}
	return int(n), nil
}

// PKeyCrypt encrypts or decrypts in into out with RSA and returns the output
// length. A failed decryption wraps ErrAuthentication and carries no detail.
func PKeyCrypt(op string, k uintptr, decrypt bool, pad, md, mgf1md int, label, in, out []byte) (int, error) {
	n := C.size_t(len(out))
	var cerr *C.char
	if st := C.fc_pkey_crypt(C.uintptr_t(k), cbool(decrypt), C.int(pad), C.int(md), C.int(mgf1md), cbytes(label),
		C.size_t(len(label)), cbytes(in), C.size_t(len(in)), cbytes(out), &n, &cerr); st != ok {
		return 0, statusError(op, st, cerr)
	}
	return int(n), nil
}

// C reference loops run by PKeyFloor.
const (
	FloorSign         = C.FC_FLOOR_SIGN
	FloorVerify       = C.FC_FLOOR_VERIFY
	FloorDerive       = C.FC_FLOOR_DERIVE
	FloorImportPublic = C.FC_FLOOR_IMPORT_PUBLIC
	FloorD2IPubkey    = C.FC_FLOOR_D2I_PUBKEY
	// FloorImportPrivate imports the parts PKeyFloorPack packed, with kind in md.
	FloorImportPrivate = C.FC_FLOOR_IMPORT_PRIVATE
	FloorD2IPrivate    = C.FC_FLOOR_D2I_PRIVATE
	// FloorGenerate generates a key of kind md (RSA: pad bits).
	FloorGenerate = C.FC_FLOOR_GENERATE
	// FloorECMulBase multiplies curve md's base point by the scalar in.
	FloorECMulBase = C.FC_FLOOR_EC_MUL_BASE
)

// PKeyFloorPack packs a key's parts for FloorImportPrivate: each a 4-byte
// big-endian length and its bytes, in part order (shim/fc_floor.h unpacks).
func PKeyFloorPack(parts *Parts) []byte {
	var b []byte
	for _, p := range parts {
		b = binary.BigEndian.AppendUint32(b, uint32(len(p)))
		b = append(b, p...)
	}
	return b
}

// PKeyFloor runs iters public-key operations of op in a C loop, for benchmarks.
func PKeyFloor(op, iters int, k uintptr, md, pad int, in, aux []byte) bool {
	return C.fc_pkey_floor(C.int(op), C.long(iters), C.uintptr_t(k), C.int(md), C.int(pad), cbytes(in), C.size_t(len(in)),
		cbytes(aux), C.size_t(len(aux))) == ok
}
