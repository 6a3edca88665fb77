/*
 * Sequences of the contract's slots run in one crossing, where a protocol
 * uses a C object once (docs/ARCHITECTURE.md): the Go wrappers call them,
 * and so do the benchmarks' C reference loops of the protocols built on
 * them, which then differ from the Go path by Go alone. Every fork gets
 * them without code of its own.
 */
#ifndef FC_SEQ_H
#define FC_SEQ_H

#include "forkcrypto.h"

extern const fc_ops *fc_table;

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
	volatile uint8_t *wipe = prk;
	for (size_t i = 0; i < sizeof prk; i++)
		wipe[i] = 0;
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

#endif
