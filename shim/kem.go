package shim

/*
#include "forkcrypto.h"
#include "fc_seq.h"

extern const fc_ops *fc_table;

static int fc_kem_new(int kind, const uint8_t *seed, size_t seedlen, const uint8_t *ek, size_t eklen,
	uintptr_t *k, char **err) {
	void *key = NULL;
	int st = fc_table->kem_new(kind, seed, seedlen, ek, eklen, &key, err);
	*k = (uintptr_t)key;
	return st;
}
static int fc_kem_generate(int kind, uintptr_t *k, char **err) {
	void *key = NULL;
	int st = fc_table->kem_generate(kind, &key, err);
	*k = (uintptr_t)key;
	return st;
}
static void fc_kem_free(uintptr_t k) { fc_table->kem_free((void *)k); }
static int fc_kem_get(uintptr_t k, int part, uint8_t *out, size_t outlen) {
	return fc_table->kem_get((const void *)k, part, out, outlen);
}
static int fc_kem_encapsulate(uintptr_t k, const uint8_t *m, size_t mlen, uint8_t *ct, size_t ctlen,
	uint8_t *ss, size_t sslen, char **err) {
	return fc_table->kem_encapsulate((void *)k, m, mlen, ct, ctlen, ss, sslen, err);
}
static int fc_kem_decapsulate(uintptr_t k, const uint8_t *ct, size_t ctlen, uint8_t *ss, size_t sslen,
	char **err) {
	return fc_table->kem_decapsulate((void *)k, ct, ctlen, ss, sslen, err);
}
static int fc_kem_floor(int op, long iters, int kind, uintptr_t k, const uint8_t *in, size_t n) {
	return fc_table->kem_floor(op, iters, kind, (void *)k, in, n);
}

#cgo noescape fc_kem_new_with_pub
#cgo nocallback fc_kem_new_with_pub
#cgo noescape fc_kem_new
#cgo nocallback fc_kem_new
#cgo noescape fc_kem_generate
#cgo nocallback fc_kem_generate
#cgo noescape fc_kem_get
#cgo nocallback fc_kem_get
#cgo noescape fc_kem_encapsulate
#cgo nocallback fc_kem_encapsulate
#cgo noescape fc_kem_decapsulate
#cgo nocallback fc_kem_decapsulate
#cgo noescape fc_kem_floor
#cgo nocallback fc_kem_floor
*/
import "C"

// ML-KEM parameter sets and C reference loops of the contract.
const (
	MLKEM768  = C.FC_MLKEM768
	MLKEM1024 = C.FC_MLKEM1024

	FloorKEMGenerate    = C.FC_FLOOR_KEM_GENERATE
	FloorKEMEncapsulate = C.FC_FLOOR_KEM_ENCAPSULATE
	FloorKEMDecapsulate = C.FC_FLOOR_KEM_DECAPSULATE
)

// KEMNew imports a decapsulation key from its seed, or, with seed nil, an
// encapsulation key.
func KEMNew(op string, kind int, seed, ek []byte) (uintptr, error) {
	var k C.uintptr_t
	var cerr *C.char
	if st := C.fc_kem_new(C.int(kind), cbytes(seed), C.size_t(len(seed)), cbytes(ek), C.size_t(len(ek)), &k, &cerr); st != ok {
		return 0, statusError(op, st, cerr)
	}
	return uintptr(k), nil
}

// KEMGenerate generates a decapsulation key with the fork's key generation.
func KEMGenerate(op string, kind int) (uintptr, error) {
	var k C.uintptr_t
	var cerr *C.char
	if st := C.fc_kem_generate(C.int(kind), &k, &cerr); st != ok {
		return 0, statusError(op, st, cerr)
	}
	return uintptr(k), nil
}

// KEMNewWithPub imports a decapsulation key from seed, or generates one when
// seed is nil, and fills ek with its encapsulation key, in one crossing.
func KEMNewWithPub(op string, kind int, seed, ek []byte) (uintptr, error) {
	var k C.uintptr_t
	var cerr *C.char
	if st := C.fc_kem_new_with_pub(C.int(kind), cbytes(seed), C.size_t(len(seed)), cbytes(ek), C.size_t(len(ek)), &k,
		&cerr); st != ok {
		return 0, statusError(op, st, cerr)
	}
	return uintptr(k), nil
}

// KEMFree releases a key.
func KEMFree(k uintptr) { C.fc_kem_free(C.uintptr_t(k)) }

// KEMGet fills out with part PartPub (the encapsulation key), PartPriv (the
// seed) or PartExpanded (the expanded decapsulation key).
func KEMGet(k uintptr, part int, out []byte) bool {
	return C.fc_kem_get(C.uintptr_t(k), C.int(part), cbytes(out), C.size_t(len(out))) == ok
}

// KEMEncapsulate fills ct and ss; m, when not nil, is the encapsulation
// randomness (known-answer tests only).
func KEMEncapsulate(op string, k uintptr, m, ct, ss []byte) error {
	var cerr *C.char
	if st := C.fc_kem_encapsulate(C.uintptr_t(k), cbytes(m), C.size_t(len(m)), cbytes(ct), C.size_t(len(ct)),
		cbytes(ss), C.size_t(len(ss)), &cerr); st != ok {
		return statusError(op, st, cerr)
	}
	return nil
}

// KEMDecapsulate fills ss from ct.
func KEMDecapsulate(op string, k uintptr, ct, ss []byte) error {
	var cerr *C.char
	if st := C.fc_kem_decapsulate(C.uintptr_t(k), cbytes(ct), C.size_t(len(ct)), cbytes(ss), C.size_t(len(ss)), &cerr); st != ok {
		return statusError(op, st, cerr)
	}
	return nil
}

// KEMFloor runs iters ML-KEM operations of op in a C loop, for benchmarks.
func KEMFloor(op, iters, kind int, k uintptr, in []byte) bool {
	return C.fc_kem_floor(C.int(op), C.long(iters), C.int(kind), C.uintptr_t(k), cbytes(in), C.size_t(len(in))) == ok
}
