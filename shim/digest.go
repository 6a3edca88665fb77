package shim

/*
#include "forkcrypto.h"

extern const fc_ops *fc_table;

static uintptr_t fc_md_new(int md, char **err) { return (uintptr_t)fc_table->md_new(md, err); }
static void fc_md_free(uintptr_t ctx) { fc_table->md_free((void *)ctx); }
static int fc_md_copy(uintptr_t dst, uintptr_t src) { return fc_table->md_copy((void *)dst, (void *)src); }
static int fc_md_update(uintptr_t ctx, int md, int reset, const uint8_t *p, size_t n) {
	return fc_table->md_update((void *)ctx, md, reset, p, n);
}
static int fc_md_sum(uintptr_t ctx, uintptr_t scratch, int md, int reset, const uint8_t *p, size_t n,
	uint8_t *out, size_t outlen) {
	return fc_table->md_sum((void *)ctx, (void *)scratch, md, reset, p, n, out, outlen);
}
static int fc_md_digest(int md, const uint8_t *p, size_t n, uint8_t *out, size_t outlen) {
	return fc_table->md_digest(md, p, n, out, outlen);
}
static int fc_md_state_rw(uintptr_t ctx, int md, int set, fc_md_state *st) {
	return fc_table->md_state((void *)ctx, md, set, st);
}

#cgo noescape fc_md_update
#cgo nocallback fc_md_update
#cgo noescape fc_md_sum
#cgo nocallback fc_md_sum
#cgo noescape fc_md_digest
#cgo nocallback fc_md_digest
#cgo noescape fc_md_state_rw
#cgo nocallback fc_md_state_rw
*/
import "C"

import "unsafe"

// Digest identifiers of the contract.
const (
	MD5        = C.FC_MD5
	SHA1       = C.FC_SHA1
	SHA224     = C.FC_SHA224
	SHA256     = C.FC_SHA256
	SHA384     = C.FC_SHA384
	SHA512     = C.FC_SHA512
	SHA512_224 = C.FC_SHA512_224
	SHA512_256 = C.FC_SHA512_256
	SHA3_224   = C.FC_SHA3_224
	SHA3_256   = C.FC_SHA3_256
	SHA3_384   = C.FC_SHA3_384
	SHA3_512   = C.FC_SHA3_512
	SHAKE128   = C.FC_SHAKE128
	SHAKE256   = C.FC_SHAKE256
)

// MDNew returns a digest context initialised for md.
func MDNew(op string, md int) (uintptr, error) {
	var cerr *C.char
	ctx := C.fc_md_new(C.int(md), &cerr)
	if ctx == 0 {
		return 0, statusError(op, eUnsupported, cerr)
	}
	return uintptr(ctx), nil
}

// MDFree releases a digest context.
func MDFree(ctx uintptr) { C.fc_md_free(C.uintptr_t(ctx)) }

// MDCopy copies the state of src into dst.
func MDCopy(dst, src uintptr) bool { return C.fc_md_copy(C.uintptr_t(dst), C.uintptr_t(src)) == ok }

// MDUpdate absorbs p into ctx, first re-initialising ctx when reset is set.
func MDUpdate(ctx uintptr, md int, reset bool, p []byte) bool {
	return C.fc_md_update(C.uintptr_t(ctx), C.int(md), cbool(reset), cbytes(p), C.size_t(len(p))) == ok
}

// MDSum writes the digest of ctx (or of nothing, when reset is set) followed
// by p into out, leaving ctx unchanged; scratch is a second context to work in.
func MDSum(ctx, scratch uintptr, md int, reset bool, p, out []byte) bool {
	return C.fc_md_sum(C.uintptr_t(ctx), C.uintptr_t(scratch), C.int(md), cbool(reset), cbytes(p), C.size_t(len(p)),
		cbytes(out), C.size_t(len(out))) == ok
}

// MDDigest writes the digest of p into out in one call.
func MDDigest(md int, p, out []byte) bool {
	return C.fc_md_digest(C.int(md), cbytes(p), C.size_t(len(p)), cbytes(out), C.size_t(len(out))) == ok
}

// MDState is a digest's chaining state in the standard library's terms.
type MDState struct {
	H      [8]uint64
	Block  [128]byte
	Len    uint64
	NBlock uint32
}

// MDGetState reads ctx's state; it fails where the fork hides it.
func MDGetState(op string, ctx uintptr, md int, st *MDState) error {
	var cs C.fc_md_state
	if r := C.fc_md_state_rw(C.uintptr_t(ctx), C.int(md), 0, &cs); r != ok {
		return statusError(op, r, nil)
	}
	for i := range st.H {
		st.H[i] = uint64(cs.h[i])
	}
	st.Block = *(*[128]byte)(unsafe.Pointer(&cs.block))
	st.Len, st.NBlock = uint64(cs.len), uint32(cs.nblock)
	return nil
}

// MDSetState replaces ctx's state with st.
func MDSetState(op string, ctx uintptr, md int, st *MDState) error {
	var cs C.fc_md_state
	for i := range st.H {
		cs.h[i] = C.uint64_t(st.H[i])
	}
	*(*[128]byte)(unsafe.Pointer(&cs.block)) = st.Block
	cs.len, cs.nblock = C.uint64_t(st.Len), C.uint32_t(st.NBlock)
	if r := C.fc_md_state_rw(C.uintptr_t(ctx), C.int(md), 1, &cs); r != ok {
		return statusError(op, r, nil)
	}
	return nil
}
