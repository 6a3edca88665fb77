package shim

/*
#include "forkcrypto.h"
#include "fc_seq.h"

extern const fc_ops *fc_table;

static int fc_kdf_hkdf(int md, int mode, const uint8_t *key, size_t keylen, const uint8_t *salt,
	size_t saltlen, const uint8_t *info, size_t infolen, uint8_t *out, size_t outlen, char **err) {
	return fc_table->kdf_hkdf(md, mode, key, keylen, salt, saltlen, info, infolen, out, outlen, err);
}
static int fc_kdf_pbkdf2(int md, const uint8_t *pass, size_t passlen, const uint8_t *salt,
	size_t saltlen, uint32_t iter, uint8_t *out, size_t outlen, char **err) {
	return fc_table->kdf_pbkdf2(md, pass, passlen, salt, saltlen, iter, out, outlen, err);
}
static int fc_kdf_tls12_prf(int md, const uint8_t *secret, size_t secretlen, const uint8_t *label,
	size_t labellen, const uint8_t *seed, size_t seedlen, uint8_t *out, size_t outlen, char **err) {
	return fc_table->kdf_tls12_prf(md, secret, secretlen, label, labellen, seed, seedlen, out, outlen, err);
}
static int fc_kdf_tls13_expand_label(int md, const uint8_t *secret, size_t secretlen,
	const uint8_t *label, size_t labellen, const uint8_t *context, size_t contextlen, uint8_t *out,
	size_t outlen, char **err) {
	return fc_table->kdf_tls13_expand_label(md, secret, secretlen, label, labellen, context,
		contextlen, out, outlen, err);
}
static int fc_kdf_counter(int md, const uint8_t *key, size_t keylen, const uint8_t *fixed,
	size_t fixedlen, uint8_t *out, size_t outlen, char **err) {
	return fc_table->kdf_counter(md, key, keylen, fixed, fixedlen, out, outlen, err);
}

#cgo noescape fc_kdf_hkdf
#cgo nocallback fc_kdf_hkdf
#cgo noescape fc_kdf_hkdf_extract_expand
#cgo nocallback fc_kdf_hkdf_extract_expand
#cgo noescape fc_kdf_pbkdf2
#cgo nocallback fc_kdf_pbkdf2
#cgo noescape fc_kdf_tls12_prf
#cgo nocallback fc_kdf_tls12_prf
#cgo noescape fc_kdf_tls13_expand_label
#cgo nocallback fc_kdf_tls13_expand_label
#cgo noescape fc_kdf_counter
#cgo nocallback fc_kdf_counter
*/
import "C"

import "unsafe"

// Key derivation functions and HKDF steps of the contract.
const (
	HKDF      = C.FC_KDF_HKDF
	PBKDF2    = C.FC_KDF_PBKDF2
	TLS12PRF  = C.FC_KDF_TLS12_PRF
	TLS13KDF  = C.FC_KDF_TLS13
	SP800_108 = C.FC_KDF_SP800_108

	HKDFExtractAndExpand = C.FC_HKDF_EXTRACT_AND_EXPAND
	HKDFExtractOnly      = C.FC_HKDF_EXTRACT_ONLY
	HKDFExpandOnly       = C.FC_HKDF_EXPAND_ONLY
)

// cstring returns a C pointer to s's bytes, or nil for an empty s. C only
// reads through it.
func cstring(s string) *C.uint8_t {
	if len(s) == 0 {
		return nil
	}
	return (*C.uint8_t)(unsafe.Pointer(unsafe.StringData(s)))
}

// The KDF wrappers fill out entirely. Their callers checked every length
// against the KDF's limits and INT_MAX.

// KDFHKDF runs one HKDF step (HKDFExtractOnly, HKDFExpandOnly) or both.
func KDFHKDF(op string, md, mode int, key, salt []byte, info string, out []byte) error {
	var cerr *C.char
	if st := C.fc_kdf_hkdf(C.int(md), C.int(mode), cbytes(key), C.size_t(len(key)), cbytes(salt),
		C.size_t(len(salt)), cstring(info), C.size_t(len(info)), cbytes(out), C.size_t(len(out)), &cerr); st != ok {
		return statusError(op, st, cerr)
	}
	return nil
}

// pack appends parts to buf, recording their lengths in lens, so that C
// takes them as one buffer.
func pack(buf []byte, lens []C.size_t, parts [][]byte) []byte {
	for i, p := range parts {
		buf = append(buf, p...)
		lens[i] = C.size_t(len(p))
	}
	return buf
}

// HKDFMaxExpansions bounds the expansions of one KDFHKDFExtractExpand.
const HKDFMaxExpansions = 4

// KDFHKDFExtractExpand runs HKDF-Extract of ikm and salt into a PRK of
// prkLen bytes, then HKDF-Expand of that PRK with each of infos in turn,
// writing outLens[i] bytes for infos[i] one after another into out. The PRK
// never reaches Go.
func KDFHKDFExtractExpand(op string, md, prkLen int, ikm, salt []byte, infos [][]byte, outLens []int, out []byte) error {
	if len(infos) != len(outLens) || len(infos) > HKDFMaxExpansions {
		return NewError(op, ErrFailed, "more expansions than one call takes")
	}
	var infoLens, outSizes [HKDFMaxExpansions]C.size_t
	var small [512]byte
	packed := pack(small[:0], infoLens[:], infos)
	for i, n := range outLens {
		outSizes[i] = C.size_t(n)
	}
	var cerr *C.char
	if st := C.fc_kdf_hkdf_extract_expand(C.int(md), C.size_t(prkLen), cbytes(ikm), C.size_t(len(ikm)), cbytes(salt),
		C.size_t(len(salt)), C.int(len(infos)), cbytes(packed), &infoLens[0], cbytes(out), &outSizes[0], &cerr); st != ok {
		return statusError(op, st, cerr)
	}
	return nil
}

// KDFPBKDF2 derives out from password and salt with iter iterations.
func KDFPBKDF2(op string, md int, password string, salt []byte, iter uint32, out []byte) error {
	var cerr *C.char
	if st := C.fc_kdf_pbkdf2(C.int(md), cstring(password), C.size_t(len(password)), cbytes(salt),
		C.size_t(len(salt)), C.uint32_t(iter), cbytes(out), C.size_t(len(out)), &cerr); st != ok {
		return statusError(op, st, cerr)
	}
	return nil
}

// KDFTLS12PRF computes the TLS 1.2 PRF of secret, label and seed.
func KDFTLS12PRF(op string, md int, secret []byte, label string, seed, out []byte) error {
	var cerr *C.char
	if st := C.fc_kdf_tls12_prf(C.int(md), cbytes(secret), C.size_t(len(secret)), cstring(label),
		C.size_t(len(label)), cbytes(seed), C.size_t(len(seed)), cbytes(out), C.size_t(len(out)), &cerr); st != ok {
		return statusError(op, st, cerr)
	}
	return nil
}

// KDFTLS13ExpandLabel computes HKDF-Expand-Label; label lacks the "tls13 " prefix.
func KDFTLS13ExpandLabel(op string, md int, secret []byte, label string, context, out []byte) error {
	var cerr *C.char
	if st := C.fc_kdf_tls13_expand_label(C.int(md), cbytes(secret), C.size_t(len(secret)), cstring(label),
		C.size_t(len(label)), cbytes(context), C.size_t(len(context)), cbytes(out), C.size_t(len(out)), &cerr); st != ok {
		return statusError(op, st, cerr)
	}
	return nil
}

// KDFCounter computes the SP 800-108 counter-mode KDF over the whole fixed input.
func KDFCounter(op string, md int, key, fixed, out []byte) error {
	var cerr *C.char
	if st := C.fc_kdf_counter(C.int(md), cbytes(key), C.size_t(len(key)), cbytes(fixed), C.size_t(len(fixed)),
		cbytes(out), C.size_t(len(out)), &cerr); st != ok {
		return statusError(op, st, cerr)
	}
	return nil
}
