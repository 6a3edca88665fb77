//go:build awslc

/*
 * forkcrypto's HMAC (the hmac_* slots) on AWS-LC. As this file meets it:
 *  - HMAC takes only the digests of its own method table; init (fork.c) probes which.
 */
#include "fork.h"

/* ---- HMAC ---- */

int fcx_valid_hmac(int md) { return fcx_valid_md(md) && fcx_hmac_ok[md]; }

typedef struct {
	HMAC_CTX *ctx, *scratch; /* scratch: for sums that must not disturb ctx; created on first need */
} fc_hmac;

static __thread HMAC_CTX *hmac_oneshot_ctx[FC_MD_COUNT];

/* hmac_key keys c. A NULL key means "keep the previous key"; an empty key is a real key. */
static int hmac_key(HMAC_CTX *c, int md, const uint8_t *key, size_t keylen)
{
	static const uint8_t empty[1];
	return HMAC_Init_ex(c, keylen ? key : empty, keylen, fcx_mds[md], NULL);
}

int fcx_hmac_oneshot(int md, const uint8_t *key, size_t keylen, const uint8_t *p, size_t n, uint8_t *out,
	size_t outlen)
{
	if (!fcx_valid_hmac(md))
		return FC_EUNSUPPORTED;
	HMAC_CTX *c = hmac_oneshot_ctx[md];
	if (c == NULL && (c = hmac_oneshot_ctx[md] = HMAC_CTX_new()) == NULL)
		return fcx_fail(NULL, FC_EFAIL, NULL);
	unsigned got = 0;
	int ok = outlen == EVP_MD_size(fcx_mds[md]) && hmac_key(c, md, key, keylen) && HMAC_Update(c, p, n) &&
		HMAC_Final(c, out, &got);
	return ok ? FC_OK : fcx_fail(NULL, FC_EFAIL, NULL);
}

void fcx_hmac_free(void *p)
{
	fc_hmac *h = p;
	if (h == NULL)
		return;
	HMAC_CTX_free(h->ctx);
	HMAC_CTX_free(h->scratch);
	free(h);
}

void *fcx_hmac_new(int md, const uint8_t *key, size_t keylen, char **err)
{
	if (!fcx_valid_hmac(md))
		return fcx_fail_null(err, "HMAC digest not available in AWS-LC");
	fc_hmac *h = calloc(1, sizeof *h);
	if (h == NULL || (h->ctx = HMAC_CTX_new()) == NULL || !hmac_key(h->ctx, md, key, keylen)) {
		fcx_hmac_free(h);
		return fcx_fail_null(err, "HMAC_Init_ex");
	}
	return h;
}

void *fcx_hmac_clone(const void *p, char **err)
{
	const fc_hmac *h = p;
	fc_hmac *c = calloc(1, sizeof *c);
	if (c == NULL || (c->ctx = HMAC_CTX_new()) == NULL || !HMAC_CTX_copy_ex(c->ctx, h->ctx)) {
		fcx_hmac_free(c);
		return fcx_fail_null(err, "HMAC_CTX_copy_ex");
	}
	return c;
}

int fcx_hmac_update(void *p, int reset, const uint8_t *in, size_t n)
{
	fc_hmac *h = p;
	if (reset && !HMAC_Init_ex(h->ctx, NULL, 0, NULL, NULL))
		return fcx_fail(NULL, FC_EFAIL, NULL);
	return HMAC_Update(h->ctx, in, n) ? FC_OK : fcx_fail(NULL, FC_EFAIL, NULL);
}

int fcx_hmac_sum(void *p, int reset, const uint8_t *in, size_t n, uint8_t *out, size_t outlen)
{
	fc_hmac *h = p;
	HMAC_CTX *c = h->ctx;
	int ok;
	if (reset) {
		ok = HMAC_Init_ex(c, NULL, 0, NULL, NULL);
	} else {
		if (h->scratch == NULL && (h->scratch = HMAC_CTX_new()) == NULL)
			return fcx_fail(NULL, FC_EFAIL, NULL);
		c = h->scratch;
		ok = HMAC_CTX_copy_ex(c, h->ctx);
	}
	unsigned got = 0;
	ok = ok && outlen == HMAC_size(c) && HMAC_Update(c, in, n) && HMAC_Final(c, out, &got);
	return ok ? FC_OK : fcx_fail(NULL, FC_EFAIL, NULL);
}
