/*
 * Sequences of the contract's slots run in one crossing, where a protocol
 * uses a C object once (docs/ARCHITECTURE.md): the Go wrappers call them,
 * and so do the benchmarks' C reference loops of the protocols built on
 * them, which then differ from the Go path by Go alone. Every fork gets
 * them without code of its own.
 */
#ifndef FC_SEQ_H
#define FC_SEQ_H

#include <string.h>

#include "forkcrypto.h"

extern const fc_ops *fc_table;

/* fc_wipe clears a secret where the compiler cannot drop the stores. */
static inline void fc_wipe(void *p, size_t n) {
	volatile uint8_t *b = p;
	while (n--)
		*b++ = 0;
}

/*
 * An ephemeral key agreement in one crossing: generate a key of kind, copy its
 * public key to pub, derive with peer into out, free the key. The private
 * key lives only inside this call.
 */
static inline int fc_pkey_ephemeral_derive(int kind, const uint8_t *peer, size_t peerlen, uint8_t *pub, size_t publen,
	uint8_t *out, size_t *outlen, char **err) {
	void *key = NULL;
	int st = fc_table->pkey_generate(kind, 0, &key, err);
	if (st != FC_OK)
		return st;
	size_t n = 0;
	if ((st = fc_table->pkey_get(key, FC_PART_PUB, pub, publen, &n)) == FC_OK && n != publen)
		st = FC_EFAIL;
	if (st == FC_OK)
		st = fc_table->pkey_derive(key, peer, peerlen, out, outlen, err);
	fc_table->pkey_free(key);
	return st;
}

/*
 * One message in one crossing: key a template (and a worker when the fork
 * wants one), seal or open, free both.
 */
static inline int fc_aead_once(int aead, int open, const uint8_t *key, size_t keylen, const uint8_t *nonce,
	size_t noncelen, const uint8_t *in, size_t inlen, const uint8_t *ad, size_t adlen, uint8_t *out, char **err) {
	void *t = fc_table->aead_new(aead, key, keylen, err);
	if (t == NULL)
		return FC_EFAIL;
	void *w = fc_table->aead_worker(t, err);
	int st = FC_EFAIL;
	if (w != NULL || *err == NULL) {
		int done = open ? fc_table->aead_open(t, w, nonce, noncelen, in, inlen, ad, adlen, out) :
				  fc_table->aead_seal(t, w, nonce, noncelen, in, inlen, ad, adlen, out);
		st = done == FC_OK ? FC_OK : open ? FC_EAUTH : FC_EFAIL;
	}
	if (w != NULL)
		fc_table->aead_worker_free(w);
	fc_table->aead_free(t);
	return st;
}

/*
 * HKDF-Extract, then HKDF-Expand of its PRK with each of n infos (packed in
 * infos, infolens[i] bytes each) into out (outlens[i] bytes each), in one
 * crossing: the PRK stays on this frame and is wiped before returning.
 */
static inline int fc_kdf_hkdf_extract_expand(int md, size_t prklen, const uint8_t *ikm, size_t ikmlen,
	const uint8_t *salt, size_t saltlen, int n, const uint8_t *infos, const size_t *infolens,
	uint8_t *out, const size_t *outlens, char **err) {
	uint8_t prk[64];
	if (prklen > sizeof prk)
		return FC_EFAIL;
	int st = fc_table->kdf_hkdf(md, FC_HKDF_EXTRACT_ONLY, ikm, ikmlen, salt, saltlen, NULL, 0, prk, prklen, err);
	for (int i = 0; st == FC_OK && i < n; i++) {
		st = fc_table->kdf_hkdf(md, FC_HKDF_EXPAND_ONLY, prk, prklen, NULL, 0, infolens[i] ? infos : NULL,
			infolens[i], out, outlens[i], err);
		infos += infolens[i];
		out += outlens[i];
	}
	fc_wipe(prk, sizeof prk);
	return st;
}

/*
 * A decapsulation key and its encapsulation key in one crossing: import
 * seed (kem_new) or, with seed NULL, generate (kem_generate), then copy the
 * encapsulation key to ek. *k is 0 on failure.
 */
static inline int fc_kem_new_with_pub(int kind, const uint8_t *seed, size_t seedlen, uint8_t *ek, size_t eklen,
	uintptr_t *k, char **err) {
	void *key = NULL;
	int st = seed != NULL ? fc_table->kem_new(kind, seed, seedlen, NULL, 0, &key, err) :
				fc_table->kem_generate(kind, &key, err);
	if (st == FC_OK && fc_table->kem_get(key, FC_PART_PUB, ek, eklen) != FC_OK) {
		fc_table->kem_free(key);
		key = NULL;
		st = FC_EFAIL;
	}
	*k = (uintptr_t)key;
	return st;
}

/*
 * The labeled inputs of fc_hpke_dhkem_seal that do not change per message,
 * packed in this order: DHKEM's eae_prk input before dh, its shared_secret
 * info before enc || pkRm, the key schedule's secret input, and its key and
 * base_nonce infos (adjacent, as fc_kdf_hkdf_extract_expand takes them).
 */
enum { FC_HPKE_EAE_IKM, FC_HPKE_SHARED_INFO, FC_HPKE_SECRET_IKM, FC_HPKE_KEY_INFO, FC_HPKE_NONCE_INFO, FC_HPKE_PARTS };

/*
 * The part of a single-shot HPKE Seal or Open in base mode after the DHKEM's
 * exchange: ExtractAndExpand of dh over HKDF with kem_md (kem_nh-byte
 * output) with kem_context = enc || pkR, the key schedule's extract and two
 * expansions over HKDF with md (nh), and aead (nk-byte key, nn-byte nonce)
 * keyed for the one message, sealing or opening in into out. dh is wiped.
 */
static inline int fc_hpke_after_dh(uint8_t *dh, size_t dhlen, int kem_md, size_t kem_nh, int md, size_t nh,
	int aead, size_t nk, size_t nn, const uint8_t *enc, const uint8_t *pkr, size_t publen, const uint8_t *packed,
	const size_t *lens, int open, const uint8_t *in, size_t inlen, const uint8_t *aad, size_t aadlen, uint8_t *out,
	char **err) {
	const uint8_t *part[FC_HPKE_PARTS];
	for (int i = 0; i < FC_HPKE_PARTS; i++) {
		part[i] = packed;
		packed += lens[i];
	}
	uint8_t ikm[256], info[512], shared[64], keys[64];
	size_t pre = lens[FC_HPKE_EAE_IKM], infolen = lens[FC_HPKE_SHARED_INFO] + 2 * publen;
	size_t outlens[2] = {nk, nn};
	int st = FC_EFAIL;
	if (kem_nh <= sizeof shared && nh <= 64 && nk + nn <= sizeof keys && pre + dhlen <= sizeof ikm &&
	    infolen <= sizeof info) {
		memcpy(ikm, part[FC_HPKE_EAE_IKM], pre);
		memcpy(ikm + pre, dh, dhlen);
		memcpy(info, part[FC_HPKE_SHARED_INFO], lens[FC_HPKE_SHARED_INFO]);
		memcpy(info + lens[FC_HPKE_SHARED_INFO], enc, publen);
		memcpy(info + lens[FC_HPKE_SHARED_INFO] + publen, pkr, publen);
		st = fc_kdf_hkdf_extract_expand(kem_md, kem_nh, ikm, pre + dhlen, NULL, 0, 1, info, &infolen, shared,
			&kem_nh, err);
	}
	if (st == FC_OK)
		st = fc_kdf_hkdf_extract_expand(md, nh, part[FC_HPKE_SECRET_IKM], lens[FC_HPKE_SECRET_IKM], shared, kem_nh,
			2, part[FC_HPKE_KEY_INFO], &lens[FC_HPKE_KEY_INFO], keys, outlens, err);
	if (st == FC_OK)
		st = fc_aead_once(aead, open, keys, nk, keys + nk, nn, in, inlen, aad, aadlen, out, err);
	fc_wipe(dh, dhlen);
	fc_wipe(ikm, sizeof ikm);
	fc_wipe(shared, sizeof shared);
	fc_wipe(keys, sizeof keys);
	return st;
}

/*
 * A single-shot HPKE Seal in base mode with a DHKEM of kind (see
 * fc_hpke_after_dh for the rest): the ephemeral exchange with the
 * recipient's public key peer, then the key schedule and the AEAD. out
 * receives enc || ciphertext (peerlen + msglen + 16 bytes). No secret
 * leaves this frame.
 */
static inline int fc_hpke_dhkem_seal(int kind, int kem_md, size_t kem_nh, int md, size_t nh, int aead, size_t nk,
	size_t nn, const uint8_t *peer, size_t peerlen, const uint8_t *packed, const size_t *lens, const uint8_t *msg,
	size_t msglen, const uint8_t *aad, size_t aadlen, uint8_t *out, char **err) {
	uint8_t dh[80];
	size_t dhlen = sizeof dh;
	int st = fc_pkey_ephemeral_derive(kind, peer, peerlen, out, peerlen, dh, &dhlen, err);
	if (st != FC_OK)
		return st;
	return fc_hpke_after_dh(dh, dhlen, kem_md, kem_nh, md, nh, aead, nk, nn, out, peer, peerlen, packed, lens, 0,
		msg, msglen, aad, aadlen, out + peerlen, err);
}

/*
 * A single-shot HPKE Open in base mode with the DHKEM private key sk, whose
 * public key is pkr: the exchange with enc, then as fc_hpke_dhkem_seal.
 * out receives ctlen - 16 bytes; an inauthentic ciphertext is FC_EAUTH.
 */
static inline int fc_hpke_dhkem_open(void *sk, int kem_md, size_t kem_nh, int md, size_t nh, int aead, size_t nk,
	size_t nn, const uint8_t *enc, const uint8_t *pkr, size_t publen, const uint8_t *packed, const size_t *lens,
	const uint8_t *ct, size_t ctlen, const uint8_t *aad, size_t aadlen, uint8_t *out, char **err) {
	uint8_t dh[80];
	size_t dhlen = sizeof dh;
	int st = fc_table->pkey_derive(sk, enc, publen, dh, &dhlen, err);
	if (st != FC_OK)
		return st;
	return fc_hpke_after_dh(dh, dhlen, kem_md, kem_nh, md, nh, aead, nk, nn, enc, pkr, publen, packed, lens, 1, ct,
		ctlen, aad, aadlen, out, err);
}

#endif
