package shim

/*
#include "forkcrypto.h"

extern const fc_ops *fc_table;

static int fc_sig_new(int kind, const uint8_t *priv, size_t privlen, const uint8_t *pub, size_t publen,
	uintptr_t *k, char **err) {
	void *key = NULL;
	int st = fc_table->sig_new(kind, priv, privlen, pub, publen, &key, err);
	*k = (uintptr_t)key;
	return st;
}
static int fc_sig_generate(int kind, uintptr_t *k, char **err) {
	void *key = NULL;
	int st = fc_table->sig_generate(kind, &key, err);
	*k = (uintptr_t)key;
	return st;
}
static void fc_sig_free(uintptr_t k) { fc_table->sig_free((void *)k); }
static int fc_sig_get(uintptr_t k, int part, uint8_t *out, size_t outlen) {
	return fc_table->sig_get((const void *)k, part, out, outlen);
}
static int fc_sig_sign(uintptr_t k, int flags, const uint8_t *in, size_t inlen, const uint8_t *ctx,
	size_t ctxlen, const uint8_t *rnd, size_t rndlen, uint8_t *sig, size_t siglen, char **err) {
	return fc_table->sig_sign((void *)k, flags, in, inlen, ctx, ctxlen, rnd, rndlen, sig, siglen, err);
}
static int fc_sig_verify(uintptr_t k, int flags, const uint8_t *in, size_t inlen, const uint8_t *ctx,
	size_t ctxlen, const uint8_t *sig, size_t siglen, char **err) {
	return fc_table->sig_verify((void *)k, flags, in, inlen, ctx, ctxlen, sig, siglen, err);
}
static int fc_sig_floor(int op, long iters, int kind, uintptr_t k, const uint8_t *in, size_t n,
	const uint8_t *aux, size_t auxlen) {
	return fc_table->sig_floor(op, iters, kind, (void *)k, in, n, aux, auxlen);
}

#cgo noescape fc_sig_new
#cgo nocallback fc_sig_new
#cgo noescape fc_sig_generate
#cgo nocallback fc_sig_generate
#cgo noescape fc_sig_get
#cgo nocallback fc_sig_get
#cgo noescape fc_sig_sign
#cgo nocallback fc_sig_sign
#cgo noescape fc_sig_verify
#cgo nocallback fc_sig_verify
#cgo noescape fc_sig_floor
#cgo nocallback fc_sig_floor
*/
import "C"

// ML-DSA parameter sets, sign flags and C reference loops of the contract.
const (
	FamilySig = C.FC_FAMILY_SIG

	MLDSA44 = C.FC_MLDSA44
	MLDSA65 = C.FC_MLDSA65
	MLDSA87 = C.FC_MLDSA87

	// PartExpanded is the expanded private key of FIPS 203 or FIPS 204
	// (KEMGet and SigGet only).
	PartExpanded = C.FC_PART_EXPANDED

	SigDeterministic = C.FC_SIG_DETERMINISTIC
	SigMu            = C.FC_SIG_MU

	FloorSigGenerate     = C.FC_FLOOR_SIG_GENERATE
	FloorSigSign         = C.FC_FLOOR_SIG_SIGN
	FloorSigVerify       = C.FC_FLOOR_SIG_VERIFY
	FloorSigImportPublic = C.FC_FLOOR_SIG_IMPORT_PUBLIC
)

// SigNew imports a private key from its seed or expanded form (pub nil), or
// a public key (priv nil).
func SigNew(op string, kind int, priv, pub []byte) (uintptr, error) {
	var k C.uintptr_t
	var cerr *C.char
	if st := C.fc_sig_new(C.int(kind), cbytes(priv), C.size_t(len(priv)), cbytes(pub), C.size_t(len(pub)), &k, &cerr); st != ok {
		return 0, statusError(op, st, cerr)
	}
	return uintptr(k), nil
}

// SigGenerate generates a private key with the fork's key generation.
func SigGenerate(op string, kind int) (uintptr, error) {
	var k C.uintptr_t
	var cerr *C.char
	if st := C.fc_sig_generate(C.int(kind), &k, &cerr); st != ok {
		return 0, statusError(op, st, cerr)
	}
	return uintptr(k), nil
}

// SigFree releases a key.
func SigFree(k uintptr) { C.fc_sig_free(C.uintptr_t(k)) }

// SigGet fills out with part PartPub, PartPriv (the seed) or PartExpanded.
func SigGet(k uintptr, part int, out []byte) bool {
	return C.fc_sig_get(C.uintptr_t(k), C.int(part), cbytes(out), C.size_t(len(out))) == ok
}

// SigSign fills sig with a signature of in (a message, or mu with SigMu)
// under the context ctx; rnd, when not nil, is the signing randomness
// (known-answer tests only).
func SigSign(op string, k uintptr, flags int, in, ctx, rnd, sig []byte) error {
	var cerr *C.char
	if st := C.fc_sig_sign(C.uintptr_t(k), C.int(flags), cbytes(in), C.size_t(len(in)), cbytes(ctx), C.size_t(len(ctx)),
		cbytes(rnd), C.size_t(len(rnd)), cbytes(sig), C.size_t(len(sig)), &cerr); st != ok {
		return statusError(op, st, cerr)
	}
	return nil
}

// SigVerify reports whether sig is a valid signature of in under ctx; the
// error is for a failure other than an invalid signature.
func SigVerify(op string, k uintptr, flags int, in, ctx, sig []byte) (bool, error) {
	var cerr *C.char
	switch st := C.fc_sig_verify(C.uintptr_t(k), C.int(flags), cbytes(in), C.size_t(len(in)), cbytes(ctx), C.size_t(len(ctx)),
		cbytes(sig), C.size_t(len(sig)), &cerr); st {
	case ok:
		return true, nil
	case eAuth:
		return false, nil
	default:
		return false, statusError(op, st, cerr)
	}
}

// SigFloor runs iters ML-DSA operations of op in a C loop, for benchmarks.
func SigFloor(op, iters, kind int, k uintptr, in, aux []byte) bool {
	return C.fc_sig_floor(C.int(op), C.long(iters), C.int(kind), C.uintptr_t(k), cbytes(in), C.size_t(len(in)),
		cbytes(aux), C.size_t(len(aux))) == ok
}
