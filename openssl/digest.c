//go:build !libressl && !boringssl && !awslc

/*
 * forkcrypto's digests (the md_* slots) on OpenSSL 3. As this file meets it:
 *  - Digest state is private to the provider: md_state is unsupported.
 */
#include "fork.h"

int fcx_is_xof(int md) { return md == FC_SHAKE128 || md == FC_SHAKE256; }

int fcx_valid_md(int md) { return md > 0 && md < FC_MD_COUNT && fcx_mds[md] != NULL; }

void *fcx_md_new(int md, char **err)
{
	if (!fcx_valid_md(md))
		return fcx_fail_null(err, "digest not available");
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	if (c == NULL || !EVP_DigestInit_ex(c, fcx_mds[md], NULL)) {
		EVP_MD_CTX_free(c);
		return fcx_fail_null(err, "EVP_DigestInit_ex");
	}
	return c;
}

void fcx_md_free(void *ctx) { EVP_MD_CTX_free(ctx); }

int fcx_md_copy(void *dst, const void *src)
{
	return EVP_MD_CTX_copy_ex(dst, src) ? FC_OK : fcx_fail(NULL, FC_EFAIL, NULL);
}

int fcx_md_update(void *ctx, int md, int reset, const uint8_t *p, size_t n)
{
	if (!fcx_valid_md(md))
		return FC_EUNSUPPORTED;
	if (reset && !EVP_DigestInit_ex(ctx, fcx_mds[md], NULL))
		return fcx_fail(NULL, FC_EFAIL, NULL);
	if (n > 0 && !EVP_DigestUpdate(ctx, p, n))
		return fcx_fail(NULL, FC_EFAIL, NULL);
	return FC_OK;
}

static int md_final(EVP_MD_CTX *c, int md, uint8_t *out, size_t outlen)
{
	if (fcx_is_xof(md))
		return EVP_DigestFinalXOF(c, out, outlen);
	if (outlen != (size_t)EVP_MD_get_size(fcx_mds[md]))
		return 0;
	return EVP_DigestFinal_ex(c, out, NULL);
}

int fcx_md_sum(void *ctx, void *scratch, int md, int reset, const uint8_t *p, size_t n, uint8_t *out,
	size_t outlen)
{
	if (!fcx_valid_md(md))
		return FC_EUNSUPPORTED;
	/* After a reset ctx's state is being discarded, so it can be used up; otherwise work on a copy. */
	EVP_MD_CTX *c = reset ? ctx : scratch;
	int ok = reset ? EVP_DigestInit_ex(c, fcx_mds[md], NULL) : EVP_MD_CTX_copy_ex(c, ctx);
	ok = ok && (n == 0 || EVP_DigestUpdate(c, p, n)) && md_final(c, md, out, outlen);
	return ok ? FC_OK : fcx_fail(NULL, FC_EFAIL, NULL);
}

/*
 * One-shot digests run on a context cached per thread and algorithm, so the
 * hot path allocates nothing. A cgo call stays on one thread from start to
 * end, which makes the cache safe without locks.
 */
static __thread EVP_MD_CTX *oneshot_ctx[FC_MD_COUNT];

int fcx_md_digest(int md, const uint8_t *p, size_t n, uint8_t *out, size_t outlen)
{
	if (!fcx_valid_md(md))
		return FC_EUNSUPPORTED;
	EVP_MD_CTX *c = oneshot_ctx[md];
	if (c == NULL && (c = oneshot_ctx[md] = EVP_MD_CTX_new()) == NULL)
		return fcx_fail(NULL, FC_EFAIL, NULL);
	int ok = EVP_DigestInit_ex(c, fcx_mds[md], NULL) && (n == 0 || EVP_DigestUpdate(c, p, n)) &&
		md_final(c, md, out, outlen);
	return ok ? FC_OK : fcx_fail(NULL, FC_EFAIL, NULL);
}

int fcx_md_state(void *ctx, int md, int set, fc_md_state *st)
{
	(void)ctx, (void)md, (void)set, (void)st;
	return FC_EUNSUPPORTED; /* provider digests keep their state private */
}
