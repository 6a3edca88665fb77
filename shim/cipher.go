package shim

/*
#include "forkcrypto.h"

extern const fc_ops *fc_table;

static uintptr_t fc_cipher_new(int kind, const uint8_t *key, size_t keylen, const uint8_t *iv,
	size_t ivlen, char **err) {
	return (uintptr_t)fc_table->cipher_new(kind, key, keylen, iv, ivlen, err);
}
static uintptr_t fc_cipher_clone(uintptr_t c, char **err) { return (uintptr_t)fc_table->cipher_clone((void *)c, err); }
static void fc_cipher_free(uintptr_t c) { fc_table->cipher_free((void *)c); }
static int fc_cipher_update(uintptr_t c, const uint8_t *in, uint8_t *out, size_t n) {
	return fc_table->cipher_update((void *)c, in, out, n);
}

#cgo noescape fc_cipher_new
#cgo nocallback fc_cipher_new
#cgo noescape fc_cipher_update
#cgo nocallback fc_cipher_update
*/
import "C"

// Unauthenticated AES modes of the contract.
const (
	AESECBEncrypt = C.FC_AES_ECB_ENCRYPT
	AESECBDecrypt = C.FC_AES_ECB_DECRYPT
	AESCBCEncrypt = C.FC_AES_CBC_ENCRYPT
	AESCBCDecrypt = C.FC_AES_CBC_DECRYPT
	AESCTR        = C.FC_AES_CTR
)

// CipherNew returns an AES context for kind, keyed with key and iv.
func CipherNew(op string, kind int, key, iv []byte) (uintptr, error) {
	var cerr *C.char
	c := C.fc_cipher_new(C.int(kind), cbytes(key), C.size_t(len(key)), cbytes(iv), C.size_t(len(iv)), &cerr)
	if c == 0 {
		return 0, statusError(op, eFail, cerr)
	}
	return uintptr(c), nil
}

// CipherClone returns an independent copy of c.
func CipherClone(op string, c uintptr) (uintptr, error) {
	var cerr *C.char
	d := C.fc_cipher_clone(C.uintptr_t(c), &cerr)
	if d == 0 {
		return 0, statusError(op, eFail, cerr)
	}
	return uintptr(d), nil
}

// CipherFree releases an AES context.
func CipherFree(c uintptr) { C.fc_cipher_free(C.uintptr_t(c)) }

// CipherUpdate transforms len(in) bytes of in into out.
func CipherUpdate(c uintptr, in, out []byte) bool {
	return C.fc_cipher_update(C.uintptr_t(c), cbytes(in), cbytes(out), C.size_t(len(in))) == ok
}
