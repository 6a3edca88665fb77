package shim

/*
#include "forkcrypto.h"

extern const fc_ops *fc_table;

static int fc_hmac_oneshot(int md, const uint8_t *key, size_t keylen, const uint8_t *p, size_t n,
	uint8_t *out, size_t outlen) {
	return fc_table->hmac_oneshot(md, key, keylen, p, n, out, outlen);
}
static uintptr_t fc_hmac_new(int md, const uint8_t *key, size_t keylen, char **err) {
	return (uintptr_t)fc_table->hmac_new(md, key, keylen, err);
}
static void fc_hmac_free(uintptr_t h) { fc_table->hmac_free((void *)h); }
static uintptr_t fc_hmac_clone(uintptr_t h, char **err) { return (uintptr_t)fc_table->hmac_clone((void *)h, err); }
static int fc_hmac_update(uintptr_t h, int reset, const uint8_t *p, size_t n) {
	return fc_table->hmac_update((void *)h, reset, p, n);
}
static int fc_hmac_sum(uintptr_t h, int reset, const uint8_t *p, size_t n, uint8_t *out, size_t outlen) {
	return fc_table->hmac_sum((void *)h, reset, p, n, out, outlen);
}

#cgo noescape fc_hmac_oneshot
#cgo nocallback fc_hmac_oneshot
#cgo noescape fc_hmac_new
#cgo nocallback fc_hmac_new
#cgo noescape fc_hmac_update
#cgo nocallback fc_hmac_update
#cgo noescape fc_hmac_sum
#cgo nocallback fc_hmac_sum
*/
import "C"

// HMACOneShot writes the MAC of p under key into out.
func HMACOneShot(md int, key, p, out []byte) bool {
	return C.fc_hmac_oneshot(C.int(md), cbytes(key), C.size_t(len(key)), cbytes(p), C.size_t(len(p)),
		cbytes(out), C.size_t(len(out))) == ok
}

// HMACNew returns an HMAC keyed with key over digest md.
func HMACNew(op string, md int, key []byte) (uintptr, error) {
	var cerr *C.char
	h := C.fc_hmac_new(C.int(md), cbytes(key), C.size_t(len(key)), &cerr)
	if h == 0 {
		return 0, statusError(op, eFail, cerr)
	}
	return uintptr(h), nil
}

// HMACFree releases an HMAC.
func HMACFree(h uintptr) { C.fc_hmac_free(C.uintptr_t(h)) }

// HMACClone returns an independent copy of h.
func HMACClone(op string, h uintptr) (uintptr, error) {
	var cerr *C.char
	c := C.fc_hmac_clone(C.uintptr_t(h), &cerr)
	if c == 0 {
		return 0, statusError(op, eFail, cerr)
	}
	return uintptr(c), nil
}

// HMACUpdate absorbs p, first restarting h when reset is set.
func HMACUpdate(h uintptr, reset bool, p []byte) bool {
	return C.fc_hmac_update(C.uintptr_t(h), cbool(reset), cbytes(p), C.size_t(len(p))) == ok
}

// HMACSum writes the MAC of h's input (or of nothing, when reset is set)
// followed by p into out, leaving h unchanged.
func HMACSum(h uintptr, reset bool, p, out []byte) bool {
	return C.fc_hmac_sum(C.uintptr_t(h), cbool(reset), cbytes(p), C.size_t(len(p)), cbytes(out), C.size_t(len(out))) == ok
}
