//go:build boringssl

/*
 * AEADs (aead_*) on BoringSSL.
 *
 * What sets BoringSSL apart from the other forks here:
 *  - AEADs are EVP_AEADs, whose keyed contexts are immutable and safe to
 *    share between threads, so there are no per-goroutine workers.
 */
#include "fork.h"

static const EVP_AEAD *aead_for(int aead, size_t keylen)
{
	int ki = fcx_key_index(keylen);
	switch (aead) {
	case FC_AES_GCM: return ki < 0 ? NULL : fcx_aead_gcm[ki];
	case FC_CHACHA20_POLY1305: return keylen == 32 ? EVP_aead_chacha20_poly1305() : NULL;
	case FC_XCHACHA20_POLY1305: return keylen == 32 ? EVP_aead_xchacha20_poly1305() : NULL;
	}
	return NULL;
}

void *fcx_aead_new(int aead, const uint8_t *key, size_t keylen, char **err)
{
	const EVP_AEAD *a = aead_for(aead, keylen);
	if (a == NULL)
		return fcx_fail_null(err, "AEAD not available for this key size");
	EVP_AEAD_CTX *c = EVP_AEAD_CTX_new(a, key, keylen, 16);
	return c != NULL ? c : fcx_fail_null(err, "EVP_AEAD_CTX_new");
}

void fcx_aead_free(void *t) { EVP_AEAD_CTX_free(t); }

/* EVP_AEAD_CTX seal and open take a const context: the template is shared. */
void *fcx_aead_worker(void *t, char **err)
{
	(void)t, (void)err;
	return NULL;
}

void fcx_aead_worker_free(void *w) { (void)w; }

int fcx_aead_seal(void *t, void *w, const uint8_t *nonce, size_t noncelen, const uint8_t *in, size_t inlen,
	const uint8_t *ad, size_t adlen, uint8_t *out)
{
	size_t got;
	(void)w;
	return EVP_AEAD_CTX_seal(t, out, &got, inlen + 16, nonce, noncelen, in, inlen, ad, adlen)
		? FC_OK
		: fcx_fail(NULL, FC_EFAIL, NULL);
}

int fcx_aead_open(void *t, void *w, const uint8_t *nonce, size_t noncelen, const uint8_t *in, size_t inlen,
	const uint8_t *ad, size_t adlen, uint8_t *out)
{
	size_t got;
	(void)w;
	if (inlen < 16)
		return FC_EAUTH;
	return EVP_AEAD_CTX_open(t, out, &got, inlen - 16, nonce, noncelen, in, inlen, ad, adlen)
		? FC_OK
		: fcx_fail(NULL, FC_EAUTH, NULL);
}

/* fcx_aead_seal_random draws the nonce from the fork's DRBG, then seals, in one call. */
int fcx_aead_seal_random(void *t, void *w, uint8_t *nonce, size_t noncelen, const uint8_t *in, size_t inlen,
	const uint8_t *ad, size_t adlen, uint8_t *out)
{
	if (fcx_rand_bytes(nonce, noncelen, NULL) != FC_OK)
		return FC_EFAIL;
	return fcx_aead_seal(t, w, nonce, noncelen, in, inlen, ad, adlen, out);
}
