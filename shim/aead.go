package shim

/*
#include "forkcrypto.h"

extern const fc_ops *fc_table;

static void *fc_aead_new(int aead, const uint8_t *key, size_t keylen, char **err) {
	return fc_table->aead_new(aead, key, keylen, err);
}
static void fc_aead_free(void *t) { fc_table->aead_free(t); }
static void *fc_aead_worker(void *t, char **err) { return fc_table->aead_worker(t, err); }
static void fc_aead_worker_free(void *w) { fc_table->aead_worker_free(w); }
static int fc_aead_seal(void *t, void *w, const uint8_t *nonce, size_t noncelen, const uint8_t *in,
	size_t inlen, const uint8_t *ad, size_t adlen, uint8_t *out) {
	return fc_table->aead_seal(t, w, nonce, noncelen, in, inlen, ad, adlen, out);
}
static int fc_aead_open(void *t, void *w, const uint8_t *nonce, size_t noncelen, const uint8_t *in,
	size_t inlen, const uint8_t *ad, size_t adlen, uint8_t *out) {
	return fc_table->aead_open(t, w, nonce, noncelen, in, inlen, ad, adlen, out);
}

#cgo noescape fc_aead_new
#cgo nocallback fc_aead_new
#cgo noescape fc_aead_seal
#cgo nocallback fc_aead_seal
#cgo noescape fc_aead_open
#cgo nocallback fc_aead_open
*/
import "C"

import "unsafe"

// AEAD identifiers of the contract.
const (
	AESGCM            = C.FC_AES_GCM
	ChaCha20Poly1305  = C.FC_CHACHA20_POLY1305
	XChaCha20Poly1305 = C.FC_XCHACHA20_POLY1305
)

// AEADNew returns a template keyed with key.
func AEADNew(op string, aead int, key []byte) (unsafe.Pointer, error) {
	var cerr *C.char
	t := C.fc_aead_new(C.int(aead), cbytes(key), C.size_t(len(key)), &cerr)
	if t == nil {
		return nil, statusError(op, eFail, cerr)
	}
	return t, nil
}

// AEADFree releases a template.
func AEADFree(t unsafe.Pointer) { C.fc_aead_free(t) }

// AEADWorker returns a context for one goroutine at a time, or nil when the
// template may be shared by all.
func AEADWorker(op string, t unsafe.Pointer) (unsafe.Pointer, error) {
	var cerr *C.char
	w := C.fc_aead_worker(t, &cerr)
	if w == nil && cerr != nil {
		return nil, statusError(op, eFail, cerr)
	}
	return w, nil
}

// AEADWorkerFree releases a worker.
func AEADWorkerFree(w unsafe.Pointer) { C.fc_aead_worker_free(w) }

// AEADSeal encrypts in into out (len(in)+16 bytes).
func AEADSeal(t, w unsafe.Pointer, nonce, in, ad, out []byte) bool {
	return C.fc_aead_seal(t, w, cbytes(nonce), C.size_t(len(nonce)), cbytes(in), C.size_t(len(in)),
		cbytes(ad), C.size_t(len(ad)), cbytes(out)) == ok
}

// AEADOpen decrypts in (ciphertext and tag) into out (len(in)-16 bytes). It
// returns false when authentication fails.
func AEADOpen(t, w unsafe.Pointer, nonce, in, ad, out []byte) bool {
	return C.fc_aead_open(t, w, cbytes(nonce), C.size_t(len(nonce)), cbytes(in), C.size_t(len(in)),
		cbytes(ad), C.size_t(len(ad)), cbytes(out)) == ok
}
