//go:build libressl

/*
 * forkcrypto's AEADs (the aead_* slots) on LibreSSL. LibreSSL differs from
 * the other forks in ways that shape this file:
 *  - AEADs are EVP_AEAD: EVP_AEAD_CTX_new(void), keyed by EVP_AEAD_CTX_init.
 *    seal and open take the context const and may run on many threads at
 *    once, so one keyed context serves every goroutine (no workers).
 *    There is no AES-192-GCM EVP_AEAD: that key size runs on the
 *    EVP_CIPHER, with one context per goroutine copied from a keyed one.
 *    XChaCha20-Poly1305 is native.
 */
#include "fork.h"

/* ---- AEADs ---- */

/* Exactly one of aead (shared by all threads) and gcm192 (copied into workers) is set. */
typedef struct {
	EVP_AEAD_CTX *aead;
	EVP_CIPHER_CTX *gcm192;
} fc_aead;

/* EVP_AEAD_CTX_free and EVP_CIPHER_CTX_free cleanse the key schedules. */
void fcx_aead_free(void *p)
{
	fc_aead *a = p;
	if (a == NULL)
		return;
	EVP_AEAD_CTX_free(a->aead);
	EVP_CIPHER_CTX_free(a->gcm192);
	free(a);
}

void *fcx_aead_new(int aead, const uint8_t *key, size_t keylen, char **err)
{
	const EVP_AEAD *alg = NULL;
	int ki = fcx_key_index(keylen);
	switch (aead) {
	case FC_AES_GCM: alg = ki < 0 ? NULL : fcx_gcm[ki]; break;
	case FC_CHACHA20_POLY1305: alg = keylen == 32 ? fcx_chacha_poly : NULL; break;
	case FC_XCHACHA20_POLY1305: alg = keylen == 32 ? fcx_xchacha_poly : NULL; break;
	}
	int use192 = aead == FC_AES_GCM && keylen == 24 && fcx_gcm192 != NULL;
	if (alg == NULL && !use192)
		return fcx_fail_null(err, "AEAD not available for this key size");
	fc_aead *a = calloc(1, sizeof *a);
	if (a == NULL)
		return fcx_fail_null(err, "out of memory");
	int ok;
	if (use192)
		ok = (a->gcm192 = EVP_CIPHER_CTX_new()) != NULL &&
			EVP_CipherInit_ex(a->gcm192, fcx_gcm192, NULL, key, NULL, 1);
	else
		ok = (a->aead = EVP_AEAD_CTX_new()) != NULL &&
			EVP_AEAD_CTX_init(a->aead, alg, key, keylen, TAG_LEN, NULL);
	if (!ok) {
		fcx_aead_free(a);
		return fcx_fail_null(err, use192 ? "EVP_CipherInit_ex" : "EVP_AEAD_CTX_init");
	}
	return a;
}

void fcx_aead_worker_free(void *w) { EVP_CIPHER_CTX_free(w); }

/* An EVP_AEAD_CTX is shared: no worker, and *err stays unset to say so. */
void *fcx_aead_worker(void *p, char **err)
{
	fc_aead *a = p;
	if (a->aead != NULL)
		return NULL;
	EVP_CIPHER_CTX *w = EVP_CIPHER_CTX_new();
	if (w == NULL || !EVP_CIPHER_CTX_copy(w, a->gcm192)) {
		EVP_CIPHER_CTX_free(w);
		return fcx_fail_null(err, "EVP_CIPHER_CTX_copy");
	}
	return w;
}

int fcx_aead_seal(void *t, void *wp, const uint8_t *nonce, size_t noncelen, const uint8_t *in, size_t inlen,
	const uint8_t *ad, size_t adlen, uint8_t *out)
{
	fc_aead *a = t;
	int ok;
	if (a->aead != NULL) {
		size_t got;
		ok = EVP_AEAD_CTX_seal(a->aead, out, &got, inlen + TAG_LEN, nonce, noncelen, fcx_nonnull(in), inlen,
			fcx_nonnull(ad), adlen) && got == inlen + TAG_LEN;
	} else {
		EVP_CIPHER_CTX *w = wp;
		int got;
		/* The EVP_CIPHER reads a 12-byte nonce whatever its length; the EVP_AEADs take the length. */
		ok = w != NULL && noncelen == 12 && EVP_CipherInit_ex(w, NULL, NULL, NULL, nonce, 1) &&
			fcx_update_chunked(w, NULL, ad, adlen) && fcx_update_chunked(w, out, in, inlen) &&
			EVP_CipherFinal_ex(w, out + inlen, &got) &&
			EVP_CIPHER_CTX_ctrl(w, EVP_CTRL_AEAD_GET_TAG, TAG_LEN, out + inlen);
	}
	return ok ? FC_OK : fcx_fail(NULL, FC_EFAIL, NULL);
}

int fcx_aead_open(void *t, void *wp, const uint8_t *nonce, size_t noncelen, const uint8_t *in, size_t inlen,
	const uint8_t *ad, size_t adlen, uint8_t *out)
{
	fc_aead *a = t;
	uint8_t none[1];
	if (inlen < TAG_LEN)
		return FC_EAUTH;
	if (out == NULL) /* an empty plaintext */
		out = none;
	if (a->aead != NULL) {
		size_t got;
		/* A failed open queues EVP_R_BAD_DECRYPT; only the class matters. */
		if (!EVP_AEAD_CTX_open(a->aead, out, &got, inlen - TAG_LEN, nonce, noncelen, in, inlen, fcx_nonnull(ad),
			    adlen) ||
			got != inlen - TAG_LEN)
			return fcx_fail(NULL, FC_EAUTH, NULL);
		return FC_OK;
	}
	EVP_CIPHER_CTX *w = wp;
	uint8_t tag[TAG_LEN];
	int got;
	inlen -= TAG_LEN;
	memcpy(tag, in + inlen, TAG_LEN);
	if (w == NULL || noncelen != 12 || !EVP_CipherInit_ex(w, NULL, NULL, NULL, nonce, 0) || !fcx_update_chunked(w, NULL, ad, adlen) ||
		!fcx_update_chunked(w, out, in, inlen) || !EVP_CIPHER_CTX_ctrl(w, EVP_CTRL_AEAD_SET_TAG, TAG_LEN, tag))
		return fcx_fail(NULL, FC_EFAIL, NULL);
	if (EVP_CipherFinal_ex(w, out + inlen, &got) != 1)
		return fcx_fail(NULL, FC_EAUTH, NULL);
	return FC_OK;
}

/* fcx_aead_seal_random draws the nonce from the fork's DRBG, then seals, in one call. */
int fcx_aead_seal_random(void *t, void *w, uint8_t *nonce, size_t noncelen, const uint8_t *in, size_t inlen,
	const uint8_t *ad, size_t adlen, uint8_t *out)
{
	if (fcx_rand_bytes(nonce, noncelen, NULL) != FC_OK)
		return FC_EFAIL;
	return fcx_aead_seal(t, w, nonce, noncelen, in, inlen, ad, adlen, out);
}
