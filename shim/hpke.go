package shim

/*
#include "forkcrypto.h"
#include "fc_seq.h"

static int fc_hpke_seal(int kind, int kem_md, size_t kem_nh, int md, size_t nh, int aead, size_t nk, size_t nn,
	const uint8_t *peer, size_t peerlen, const uint8_t *packed, const size_t *lens, const uint8_t *msg,
	size_t msglen, const uint8_t *aad, size_t aadlen, uint8_t *out, char **err) {
	return fc_hpke_dhkem_seal(kind, kem_md, kem_nh, md, nh, aead, nk, nn, peer, peerlen, packed, lens, msg, msglen,
		aad, aadlen, out, err);
}

static int fc_hpke_open(uintptr_t sk, int kem_md, size_t kem_nh, int md, size_t nh, int aead, size_t nk, size_t nn,
	const uint8_t *enc, const uint8_t *pkr, size_t publen, const uint8_t *packed, const size_t *lens,
	const uint8_t *ct, size_t ctlen, const uint8_t *aad, size_t aadlen, uint8_t *out, char **err) {
	return fc_hpke_dhkem_open((void *)sk, kem_md, kem_nh, md, nh, aead, nk, nn, enc, pkr, publen, packed, lens, ct,
		ctlen, aad, aadlen, out, err);
}

// The same Seal iters times, for benchmarks: the C reference of the Go path.
static int fc_hpke_seal_floor(long iters, int kind, int kem_md, size_t kem_nh, int md, size_t nh, int aead,
	size_t nk, size_t nn, const uint8_t *peer, size_t peerlen, const uint8_t *packed, const size_t *lens,
	const uint8_t *msg, size_t msglen, uint8_t *out) {
	char *err = NULL;
	int st = FC_OK;
	for (long i = 0; i < iters && st == FC_OK; i++)
		st = fc_hpke_dhkem_seal(kind, kem_md, kem_nh, md, nh, aead, nk, nn, peer, peerlen, packed, lens, msg,
			msglen, NULL, 0, out, &err);
	if (err != NULL)
		fc_table->free_err(err);
	return st;
}

#cgo noescape fc_hpke_seal
#cgo nocallback fc_hpke_seal
#cgo noescape fc_hpke_open
#cgo nocallback fc_hpke_open
#cgo noescape fc_hpke_seal_floor
#cgo nocallback fc_hpke_seal_floor
*/
import "C"

// HPKESealParts are the labeled inputs of an HPKE Seal or Open that do not
// change per message, in this order: DHKEM's eae_prk input before the shared
// secret, its shared_secret info before enc || pkRm, the key schedule's
// secret input, and its key and base_nonce infos.
type HPKESealParts [C.FC_HPKE_PARTS][]byte

// HPKESuite names the primitives of a DHKEM Seal: the DHKEM's key kind and
// HKDF digest (KEMHashSize bytes), the key schedule's HKDF digest (HashSize
// bytes) and the AEAD with its key and nonce sizes.
type HPKESuite struct {
	Kind, KEMHash, KEMHashSize, Hash, HashSize, AEAD, KeySize, NonceSize int
}

// packParts appends parts to buf, which C then takes as one buffer, and
// returns it with their lengths.
func packParts(parts *HPKESealParts, buf []byte) ([]byte, [C.FC_HPKE_PARTS]C.size_t) {
	var lens [C.FC_HPKE_PARTS]C.size_t
	return pack(buf, lens[:], parts[:]), lens
}

// HPKESeal runs a single-shot HPKE Seal in base mode to the recipient's
// public key peer in one crossing (the shim's fc_hpke_dhkem_seal: the
// ephemeral exchange, DHKEM's ExtractAndExpand, the key schedule and the
// AEAD), writing enc || ciphertext to out, len(peer)+len(msg)+16 bytes. No
// secret reaches Go.
func HPKESeal(op string, s *HPKESuite, peer []byte, parts *HPKESealParts, msg, aad, out []byte) error {
	var small [512]byte
	packed, lens := packParts(parts, small[:0])
	var cerr *C.char
	if st := C.fc_hpke_seal(C.int(s.Kind), C.int(s.KEMHash), C.size_t(s.KEMHashSize), C.int(s.Hash),
		C.size_t(s.HashSize), C.int(s.AEAD), C.size_t(s.KeySize), C.size_t(s.NonceSize), cbytes(peer),
		C.size_t(len(peer)), cbytes(packed), &lens[0], cbytes(msg), C.size_t(len(msg)), cbytes(aad), C.size_t(len(aad)),
		cbytes(out), &cerr); st != ok {
		return statusError(op, st, cerr)
	}
	return nil
}

// HPKEOpen runs a single-shot HPKE Open in base mode with the DHKEM private
// key sk (a pkey of s.Kind) whose encoded public key is pkR, in one crossing
// (fc_hpke_dhkem_open), writing len(ct)-16 bytes to out. An inauthentic
// ciphertext is ErrAuthentication. No secret reaches Go.
func HPKEOpen(op string, s *HPKESuite, sk uintptr, enc, pkR []byte, parts *HPKESealParts, ct, aad, out []byte) error {
	var small [512]byte
	packed, lens := packParts(parts, small[:0])
	var cerr *C.char
	if st := C.fc_hpke_open(C.uintptr_t(sk), C.int(s.KEMHash), C.size_t(s.KEMHashSize), C.int(s.Hash),
		C.size_t(s.HashSize), C.int(s.AEAD), C.size_t(s.KeySize), C.size_t(s.NonceSize), cbytes(enc), cbytes(pkR),
		C.size_t(len(pkR)), cbytes(packed), &lens[0], cbytes(ct), C.size_t(len(ct)), cbytes(aad), C.size_t(len(aad)),
		cbytes(out), &cerr); st != ok {
		return statusError(op, st, cerr)
	}
	return nil
}

// HPKESealFloor runs iters HPKESeals of msg (no aad) in a C loop, for
// benchmarks, and returns the last one's enc || ciphertext, or nil on
// failure.
func HPKESealFloor(iters int, s *HPKESuite, peer []byte, parts *HPKESealParts, msg []byte) []byte {
	packed, lens := packParts(parts, nil)
	out := make([]byte, len(peer)+len(msg)+16)
	if C.fc_hpke_seal_floor(C.long(iters), C.int(s.Kind), C.int(s.KEMHash), C.size_t(s.KEMHashSize), C.int(s.Hash),
		C.size_t(s.HashSize), C.int(s.AEAD), C.size_t(s.KeySize), C.size_t(s.NonceSize), cbytes(peer),
		C.size_t(len(peer)), cbytes(packed), &lens[0], cbytes(msg), C.size_t(len(msg)), cbytes(out)) != ok {
		return nil
	}
	return out
}
