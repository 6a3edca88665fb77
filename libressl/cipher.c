//go:build libressl

/*
 * forkcrypto's AES modes (the cipher_* slots) on LibreSSL. LibreSSL differs
 * from the other forks in ways that shape this file:
 *  - EVP_CipherInit_ex with a cipher resets the padding flag, so padding is
 *    disabled after the init.
 */
#include "fork.h"

/* ---- AES modes ---- */

/* EVP_CipherUpdate takes int lengths: feed larger inputs in pieces of whole blocks. */
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

void *fcx_cipher_new(int kind, const uint8_t *key, size_t keylen, const uint8_t *iv, size_t ivlen, char **err)
{
	int ki = fcx_key_index(keylen), enc = 1;
	const EVP_CIPHER *c = NULL;
	if (ki >= 0) {
		switch (kind) {
		case FC_AES_ECB_DECRYPT: enc = 0; /* fall through */
		case FC_AES_ECB_ENCRYPT: c = fcx_ecb[ki]; break;
		case FC_AES_CBC_DECRYPT: enc = 0; /* fall through */
		case FC_AES_CBC_ENCRYPT: c = fcx_cbc[ki]; break;
		case FC_AES_CTR: c = fcx_ctr[ki]; break;
		}
	}
	if (c == NULL || (size_t)EVP_CIPHER_iv_length(c) != ivlen)
		return fcx_fail_null(err, "cipher not available for this key or IV size");
	/* Padding is set after the init: an init with a cipher resets it. */
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	if (ctx == NULL || !EVP_CipherInit_ex(ctx, c, NULL, key, ivlen ? iv : NULL, enc) ||
		!EVP_CIPHER_CTX_set_padding(ctx, 0)) {
		EVP_CIPHER_CTX_free(ctx);
		return fcx_fail_null(err, "EVP_CipherInit_ex");
	}
	return ctx;
}

void *fcx_cipher_clone(const void *ctx, char **err)
{
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	if (c == NULL || !EVP_CIPHER_CTX_copy(c, ctx)) {
		EVP_CIPHER_CTX_free(c);
		return fcx_fail_null(err, "EVP_CIPHER_CTX_copy");
	}
	return c;
}

/* EVP_CIPHER_CTX_free cleanses the key schedule. */
void fcx_cipher_free(void *ctx) { EVP_CIPHER_CTX_free(ctx); }

int fcx_cipher_update(void *ctx, const uint8_t *in, uint8_t *out, size_t n)
{
	return fcx_update_chunked(ctx, out, in, n) ? FC_OK : fcx_fail(NULL, FC_EFAIL, NULL);
}
