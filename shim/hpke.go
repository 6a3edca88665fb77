package shim

/*
#include <string.h>
#include "forkcrypto.h"
#include "fc_seq.h"

enum { HPKE_EAE_IKM, HPKE_SHARED_INFO, HPKE_SECRET_IKM, HPKE_KEY_INFO, HPKE_NONCE_INFO, HPKE_PARTS };

// A single-shot DHKEM Seal in base mode, iters times, made of the same
// sequences the Go path calls: the ephemeral exchange, DHKEM's
// ExtractAndExpand, the key schedule's extract and two expansions, and the
// AEAD keyed for one message. The labeled inputs that do not change per
// message come prebuilt in parts, as the Go path keeps its key schedule
// context; the per-message ones are the prefix and the exchange's output.
// out receives enc || ciphertext of the last Seal.
static int fc_hpke_seal_floor(long iters, int kind, int md, size_t nh, int aead, size_t nk, size_t nn,
	const uint8_t *peer, size_t peerlen, const uint8_t *packed, const size_t *lens, const uint8_t *msg,
	size_t msglen, uint8_t *out) {
	const uint8_t *part[HPKE_PARTS];
	for (int i = 0; i < HPKE_PARTS; i++) {
		part[i] = packed;
		packed += lens[i];
	}
	uint8_t enc[160], dh[80], ikm[256], info[512], shared[64], keys[64];
	size_t encikm = lens[HPKE_EAE_IKM], infopre = lens[HPKE_SHARED_INFO];
	size_t infolens[2] = {lens[HPKE_KEY_INFO], lens[HPKE_NONCE_INFO]}, outlens[2] = {nk, nn};
	if (peerlen > sizeof enc || nh > sizeof shared || nk + nn > sizeof keys ||
	    encikm + sizeof dh > sizeof ikm || infopre + 2 * peerlen > sizeof info ||
	    lens[HPKE_KEY_INFO] + lens[HPKE_NONCE_INFO] > sizeof info)
		return FC_EFAIL;
	memcpy(ikm, part[HPKE_EAE_IKM], encikm);
	memcpy(info, part[HPKE_SHARED_INFO], infopre);
	uint8_t infos[512];
	memcpy(infos, part[HPKE_KEY_INFO], lens[HPKE_KEY_INFO]);
	memcpy(infos + lens[HPKE_KEY_INFO], part[HPKE_NONCE_INFO], lens[HPKE_NONCE_INFO]);
	char *err = NULL;
	int st = FC_OK;
	for (long i = 0; i < iters && st == FC_OK; i++) {
		size_t dhlen = sizeof dh;
		st = fc_pkey_ephemeral_derive(kind, peer, peerlen, enc, peerlen, dh, &dhlen, &err);
		if (st != FC_OK)
			break;
		memcpy(ikm + encikm, dh, dhlen);
		memcpy(info + infopre, enc, peerlen);
		memcpy(info + infopre + peerlen, peer, peerlen);
		size_t infolen = infopre + 2 * peerlen;
		st = fc_kdf_hkdf_extract_expand(md, nh, ikm, encikm + dhlen, NULL, 0, 1, info, &infolen, shared, &nh, &err);
		if (st == FC_OK)
			st = fc_kdf_hkdf_extract_expand(md, nh, part[HPKE_SECRET_IKM], lens[HPKE_SECRET_IKM], shared, nh,
				2, infos, infolens, keys, outlens, &err);
		if (st == FC_OK)
			st = fc_aead_once(aead, 0, keys, nk, keys + nk, nn, msg, msglen, NULL, 0, out + peerlen, &err);
		memcpy(out, enc, peerlen);
	}
	if (err != NULL)
		fc_table->free_err(err);
	return st;
}

#cgo noescape fc_hpke_seal_floor
#cgo nocallback fc_hpke_seal_floor
*/
import "C"

// HPKESealParts are the labeled inputs of HPKESealFloor that do not change
// per message, in this order: DHKEM's eae_prk input before the shared
// secret, its shared_secret info before enc || pkRm, the key schedule's
// secret input (empty PSK), and its key and base_nonce infos.
type HPKESealParts [5][]byte

// HPKESealFloor runs iters single-shot DHKEM Seals of msg to the recipient's
// public key peer in a C loop of the same slot sequences the Go path calls
// (DHKEM of kind with HKDF over md, whose output is nh bytes, then aead
// keyed with nk bytes and an nn-byte nonce): the C reference of an HPKE
// Seal, for benchmarks. It returns the last Seal's enc || ciphertext, or nil
// on failure.
func HPKESealFloor(iters, kind, md, nh, aead, nk, nn int, peer []byte, parts *HPKESealParts, msg []byte) []byte {
	var packed []byte
	var lens [len(parts)]C.size_t
	for i, p := range parts {
		packed = append(packed, p...)
		lens[i] = C.size_t(len(p))
	}
	out := make([]byte, len(peer)+len(msg)+16)
	if C.fc_hpke_seal_floor(C.long(iters), C.int(kind), C.int(md), C.size_t(nh), C.int(aead), C.size_t(nk),
		C.size_t(nn), cbytes(peer), C.size_t(len(peer)), cbytes(packed), &lens[0], cbytes(msg), C.size_t(len(msg)),
		cbytes(out)) != ok {
		return nil
	}
	return out
}
