//go:build !libressl && !boringssl && !awslc

/*
 * forkcrypto's AEADs (the aead_* slots) on OpenSSL 3. As this file meets it:
 *  - AEADs are EVP_CIPHERs; there is no XChaCha20, so it is composed from
 *    the raw ChaCha20 block (HChaCha20) and ChaCha20-Poly1305, both computed
 *    by the provider.
 */
#include "fork.h"

/* EVP_CipherUpdate takes int lengths: feed larger inputs in pieces. */
int fcx_update_chunked(EVP_CIPHER_CTX *c, uint8_t *out, const uint8_t *in, size_t n)
{
	while (n > 0) {
		int chunk = n > (INT_MAX & ~15) ? (INT_MAX & ~15) : (int)n, got;
		if (!EVP_CipherUpdate(c, out, &got, in, chunk) || got != chunk)
			return 0;
		if (out != NULL)
			out += chunk;
		in += chunk;
		n -= (size_t)chunk;
	}
	return 1;
}

typedef struct {
	int aead;
	EVP_CIPHER_CTX *ctx; /* keyed; NULL for XChaCha20-Poly1305 */
	uint8_t key[32]; /* XChaCha20-Poly1305 only: the subkey changes per nonce */
} fc_aead;

typedef struct {
	EVP_CIPHER_CTX *ctx, *stream;
} fc_aead_worker;

void fcx_aead_free(void *p)
{
	fc_aead *a = p;
	if (a == NULL)
		return;
	EVP_CIPHER_CTX_free(a->ctx);
	OPENSSL_cleanse(a, sizeof *a);
	free(a);
}

void *fcx_aead_new(int aead, const uint8_t *key, size_t keylen, char **err)
{
	const EVP_CIPHER *cipher = NULL;
	int ki = fcx_key_index(keylen);
	switch (aead) {
	case FC_AES_GCM: cipher = ki < 0 ? NULL : fcx_gcm[ki]; break;
	case FC_CHACHA20_POLY1305: cipher = keylen == 32 ? fcx_chacha_poly : NULL; break;
	case FC_XCHACHA20_POLY1305: cipher = keylen == 32 && fcx_chacha != NULL ? fcx_chacha_poly : NULL; break;
	}
	if (cipher == NULL)
		return fcx_fail_null(err, "AEAD not available for this key size");
	fc_aead *a = calloc(1, sizeof *a);
	if (a == NULL)
		return fcx_fail_null(err, "out of memory");
	a->aead = aead;
	if (aead == FC_XCHACHA20_POLY1305) {
		memcpy(a->key, key, 32);
		return a;
	}
	if ((a->ctx = EVP_CIPHER_CTX_new()) == NULL || !EVP_CipherInit_ex(a->ctx, cipher, NULL, key, NULL, 1)) {
		fcx_aead_free(a);
		return fcx_fail_null(err, "EVP_CipherInit_ex");
	}
	return a;
}

void fcx_aead_worker_free(void *p)
{
	fc_aead_worker *w = p;
	if (w == NULL)
		return;
	EVP_CIPHER_CTX_free(w->ctx);
	EVP_CIPHER_CTX_free(w->stream);
	free(w);
}

void *fcx_aead_worker(void *p, char **err)
{
	fc_aead *a = p;
	fc_aead_worker *w = calloc(1, sizeof *w);
	if (w == NULL)
		return fcx_fail_null(err, "out of memory");
	int ok = (w->ctx = EVP_CIPHER_CTX_new()) != NULL;
	if (a->aead == FC_XCHACHA20_POLY1305)
		ok = ok && (w->stream = EVP_CIPHER_CTX_new()) != NULL &&
			EVP_CipherInit_ex(w->ctx, fcx_chacha_poly, NULL, NULL, NULL, 1);
	else
		ok = ok && EVP_CIPHER_CTX_copy(w->ctx, a->ctx);
	if (!ok) {
		fcx_aead_worker_free(w);
		return fcx_fail_null(err, "EVP_CIPHER_CTX_copy");
	}
	return w;
}

static uint32_t le32(const uint8_t *p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }

static void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v, p[1] = (uint8_t)(v >> 8), p[2] = (uint8_t)(v >> 16), p[3] = (uint8_t)(v >> 24);
}

/*
 * hchacha20 derives XChaCha20's subkey. The ChaCha20 cipher's first block is
 * permute(S) + S for the state S built from key and the 16-byte IV (which
 * fills words 12-15, exactly HChaCha20's input); HChaCha20 is permute(S)'s
 * words 0-3 and 12-15, so subtracting those words of S recovers it.
 */
static int hchacha20(EVP_CIPHER_CTX *stream, const uint8_t key[32], const uint8_t nonce[16], uint8_t subkey[32])
{
	static const uint8_t zero[64];
	static const uint32_t sigma[4] = {0x61707865, 0x3320646e, 0x79622d32, 0x6b206574};
	uint8_t block[64];
	int got;
	if (!EVP_CipherInit_ex(stream, fcx_chacha, NULL, key, nonce, 1) ||
		!EVP_CipherUpdate(stream, block, &got, zero, sizeof zero) || got != 64)
		return 0;
	for (int i = 0; i < 4; i++) {
		put_le32(subkey + 4 * i, le32(block + 4 * i) - sigma[i]);
		put_le32(subkey + 16 + 4 * i, le32(block + 48 + 4 * i) - le32(nonce + 4 * i));
	}
	OPENSSL_cleanse(block, sizeof block);
	return 1;
}

/* aead_start sets the nonce (and, for XChaCha20, the subkey) for one message. */
static int aead_start(fc_aead *a, fc_aead_worker *w, const uint8_t *nonce, int enc)
{
	if (a->aead != FC_XCHACHA20_POLY1305)
		return EVP_CipherInit_ex(w->ctx, NULL, NULL, NULL, nonce, enc);
	uint8_t subkey[32], iv[12] = {0};
	memcpy(iv + 4, nonce + 16, 8);
	int ok = hchacha20(w->stream, a->key, nonce, subkey) && EVP_CipherInit_ex(w->ctx, NULL, NULL, subkey, iv, enc);
	OPENSSL_cleanse(subkey, sizeof subkey);
	return ok;
}

int fcx_aead_seal(void *t, void *wp, const uint8_t *nonce, size_t noncelen, const uint8_t *in, size_t inlen,
	const uint8_t *ad, size_t adlen, uint8_t *out)
{
	fc_aead_worker *w = wp;
	int got;
	(void)noncelen; /* checked in Go */
	int ok = aead_start(t, w, nonce, 1) && fcx_update_chunked(w->ctx, NULL, ad, adlen) &&
		fcx_update_chunked(w->ctx, out, in, inlen) && EVP_CipherFinal_ex(w->ctx, out + inlen, &got) &&
		EVP_CIPHER_CTX_ctrl(w->ctx, EVP_CTRL_AEAD_GET_TAG, 16, out + inlen);
	return ok ? FC_OK : fcx_fail(NULL, FC_EFAIL, NULL);
}

int fcx_aead_open(void *t, void *wp, const uint8_t *nonce, size_t noncelen, const uint8_t *in, size_t inlen,
	const uint8_t *ad, size_t adlen, uint8_t *out)
{
	fc_aead_worker *w = wp;
	uint8_t tag[16];
	int got;
	(void)noncelen;
	if (inlen < 16)
		return FC_EAUTH;
	inlen -= 16;
	memcpy(tag, in + inlen, 16);
	if (!aead_start(t, w, nonce, 0) || !fcx_update_chunked(w->ctx, NULL, ad, adlen) ||
		!fcx_update_chunked(w->ctx, out, in, inlen) || !EVP_CIPHER_CTX_ctrl(w->ctx, EVP_CTRL_AEAD_SET_TAG, 16, tag))
		return fcx_fail(NULL, FC_EFAIL, NULL);
	/* A tag mismatch queues nothing on any fork. */
	if (EVP_CipherFinal_ex(w->ctx, out + inlen, &got) != 1)
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
