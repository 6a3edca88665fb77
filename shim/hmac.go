package shim

/*
#include "forkcrypto.h"

extern const fc_ops *fc_table;

static void *fc_hmac_new(int md, const uint8_t *key, size_t keylen, char **err) {
	return fc_table->hmac_new(md, key, keylen, err);
}
static void fc_hmac_free(void *h) { fc_table->hmac_free(h); }
static void *fc_hmac_clone(const void *h, char **err) { return fc_table->hmac_clone(h, err); }
static int fc_hmac_update(void *h, int reset, const uint8_t *p, size_t n) {
	return fc_table->hmac_update(h, reset, p, n);
}
static int fc_hmac_sum(void *h, int reset, const uint8_t *p, size_t n, uint8_t *out, size_t outlen) {
	return fc_table->hmac_sum(h, reset, p, n, out, outlen);
}

#cgo noescape fc_hmac_new
#cgo nocallback fc_hmac_new
#cgo noescape fc_hmac_update
#cgo nocallback fc_hmac_update
#cgo noescape fc_hmac_sum
#cgo nocallback fc_hmac_sum
*/
import "C"

import "unsafe"

// HMACNew returns an HMAC keyed with key over digest md.
func HMACNew(op string, md int, key []byte) (unsafe.Pointer, error) {
	var cerr *C.char
	h := C.fc_hmac_new(C.int(md), cbytes(key), C.size_t(len(key)), &cerr)
	if h == nil {
		return nil, statusError(op, eFail, cerr)
	}
	return h, nil
}

// HMACFree releases an HMAC.
func HMACFree(h unsafe.Pointer) { C.fc_hmac_free(h) }

// HMACClone returns an independent copy of h.
func HMACClone(op string, h unsafe.Pointer) (unsafe.Pointer, error) {
	var cerr *C.char
	c := C.fc_hmac_clone(h, &cerr)
	if c == nil {
		return nil, statusError(op, eFail, cerr)
	}
	return c, nil
}

// HMACUpdate absorbs p, first restarting h when reset is set.
func HMACUpdate(h unsafe.Pointer, reset bool, p []byte) bool {
	return C.fc_hmac_update(h, cbool(reset), cbytes(p), C.size_t(len(p))) == ok
}

// HMACSum writes the MAC of h's input (or of nothing, when reset is set)
// followed by p into out, leaving h unchanged.
func HMACSum(h unsafe.Pointer, reset bool, p, out []byte) bool {
	return C.fc_hmac_sum(h, cbool(reset), cbytes(p), C.size_t(len(p)), cbytes(out), C.size_t(len(out))) == ok
}
