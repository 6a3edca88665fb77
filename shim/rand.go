package shim

/*
#include "forkcrypto.h"

extern const fc_ops *fc_table;

static int fc_rand_bytes(uint8_t *out, size_t n, char **err) { return fc_table->rand_bytes(out, n, err); }
static int fc_floor(int op, long iters, const uint8_t *in, size_t n, const uint8_t *key, size_t keylen) {
	return fc_table->floor(op, iters, in, n, key, keylen);
}

#cgo noescape fc_rand_bytes
#cgo nocallback fc_rand_bytes
#cgo noescape fc_floor
#cgo nocallback fc_floor
*/
import "C"

// RandBytes fills out from the fork's random generator.
func RandBytes(out []byte) error {
	var cerr *C.char
	if r := C.fc_rand_bytes(cbytes(out), C.size_t(len(out)), &cerr); r != ok {
		return statusError("rand", r, cerr)
	}
	return nil
}

// C reference loops run by Floor.
const (
	FloorSHA256       = C.FC_FLOOR_SHA256
	FloorHMACSHA256   = C.FC_FLOOR_HMAC_SHA256
	FloorAESGCMSeal   = C.FC_FLOOR_AES_GCM_SEAL
	FloorHKDFSHA256   = C.FC_FLOOR_HKDF_SHA256
	FloorPBKDF2SHA256 = C.FC_FLOOR_PBKDF2_SHA256
)

// Floor runs iters operations of op in a C loop over in, for benchmarks that
// compare a Go wrapper with the fork used directly from C.
func Floor(op int, iters int, in, key []byte) bool {
	return C.fc_floor(C.int(op), C.long(iters), cbytes(in), C.size_t(len(in)), cbytes(key), C.size_t(len(key))) == ok
}
