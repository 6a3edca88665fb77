//go:build libressl

/*
 * forkcrypto's HMAC (the hmac_* slots) on LibreSSL. LibreSSL differs from
 * the other forks in ways that shape this file:
 *  - HMAC is HMAC_CTX. HMAC_Init_ex(ctx, NULL, 0, NULL, NULL) restarts with
 *    the key and md already set (it copies the saved inner state). A NULL
 *    key with a new md fails, so an empty key is passed as a non-NULL
 *    pointer. HMAC_CTX_copy clears the destination without freeing what it
 *    held, so it only ever copies into a new context.
 */
#include "fork.h"

/* ---- HMAC ---- */

/*
 * hmac_key keys c for md. HMAC_Init_ex takes an int length, so a longer key
 * is hashed first, as HMAC itself does with any key longer than a block. A
 * NULL key would mean "keep the previous key"; an empty key is a real key.
 */
static int hmac_key(HMAC_CTX *c, int md, const uint8_t *key, size_t keylen)
{
	uint8_t hashed[EVP_MAX_MD_SIZE];
	unsigned int hashedlen;
	int ok;
	if (keylen <= INT_MAX)
		return HMAC_Init_ex(c, fcx_nonnull(key), (int)keylen, fcx_mds[md], NULL);
	ok = EVP_Digest(key, keylen, hashed, &hashedlen, fcx_mds[md], NULL) &&
		HMAC_Init_ex(c, hashed, (int)hashedlen, fcx_mds[md], NULL);
	OPENSSL_cleanse(hashed, sizeof hashed);
	return ok;
}

/*
 * The one-shot path re-keys a context cached per thread and digest: no
 * allocation. Re-keying recomputes the pads, exactly as a new context would.
 */
static __thread HMAC_CTX *hmac_oneshot_ctx[FC_MD_COUNT];

int fcx_hmac_oneshot(int md, const uint8_t *key, size_t keylen, const uint8_t *p, size_t n, uint8_t *out,
	size_t outlen)
{
	if (!fcx_valid_md(md))
		return FC_EUNSUPPORTED;
	if (outlen != (size_t)EVP_MD_size(fcx_mds[md])) /* HMAC_Final writes the whole MAC */
		return FC_EFAIL;
	HMAC_CTX *c = hmac_oneshot_ctx[md];
	if (c == NULL && (c = hmac_oneshot_ctx[md] = HMAC_CTX_new()) == NULL)
		return fcx_fail(NULL, FC_EFAIL, NULL);
	int ok = hmac_key(c, md, key, keylen) && (n == 0 || HMAC_Update(c, p, n)) && HMAC_Final(c, out, NULL);
	return ok ? FC_OK : fcx_fail(NULL, FC_EFAIL, NULL);
}

/* HMAC_CTX_free cleanses the key and the digest states. */
void fcx_hmac_free(void *h) { HMAC_CTX_free(h); }

void *fcx_hmac_new(int md, const uint8_t *key, size_t keylen, char **err)
{
	if (!fcx_valid_md(md))
		return fcx_fail_null(err, "HMAC digest not available");
	HMAC_CTX *c = HMAC_CTX_new();
	if (c == NULL || !hmac_key(c, md, key, keylen)) {
		HMAC_CTX_free(c);
		return fcx_fail_null(err, "HMAC_Init_ex");
	}
	return c;
}

/*
 * dup copies h into a new context. HMAC_CTX_copy takes its source non-const
 * but only reads it; it clears the destination without freeing what it held,
 * so the destination must be new.
 */
static HMAC_CTX *hmac_dup(const void *h)
{
	HMAC_CTX *c = HMAC_CTX_new();
	if (c != NULL && !HMAC_CTX_copy(c, (HMAC_CTX *)h)) {
		HMAC_CTX_free(c);
		c = NULL;
	}
	return c;
}

void *fcx_hmac_clone(const void *h, char **err)
{
	HMAC_CTX *c = hmac_dup(h);
	return c != NULL ? c : fcx_fail_null(err, "HMAC_CTX_copy");
}

/* HMAC_Init_ex(h, NULL, 0, NULL, NULL) restarts with the key and md already set. */
int fcx_hmac_update(void *h, int reset, const uint8_t *in, size_t n)
{
	if (reset && !HMAC_Init_ex(h, NULL, 0, NULL, NULL))
		return fcx_fail(NULL, FC_EFAIL, NULL);
	if (n > 0 && !HMAC_Update(h, in, n))
		return fcx_fail(NULL, FC_EFAIL, NULL);
	return FC_OK;
}

int fcx_hmac_sum(void *h, int reset, const uint8_t *in, size_t n, uint8_t *out, size_t outlen)
{
	if (outlen != (size_t)HMAC_size((HMAC_CTX *)h)) /* HMAC_Final writes the whole MAC */
		return FC_EFAIL;
	/* After a reset h's state is being discarded, so it can be used up; otherwise work on a copy. */
	HMAC_CTX *c = reset ? h : hmac_dup(h);
	int ok = c != NULL && (!reset || HMAC_Init_ex(c, NULL, 0, NULL, NULL)) && (n == 0 || HMAC_Update(c, in, n)) &&
		HMAC_Final(c, out, NULL);
	if (!reset)
		HMAC_CTX_free(c);
	return ok ? FC_OK : fcx_fail(NULL, FC_EFAIL, NULL);
}
