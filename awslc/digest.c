//go:build awslc

/*
 * forkcrypto's digests (the md_* slots) on AWS-LC. As this file meets it:
 *  - SHA-3, SHAKE (EVP_DigestFinalXOF) and SHA-512/224 exist.
 *  - EVP_DigestInit_ex(ctx, NULL, NULL) crashes: every re-init names the md.
 *  - EVP_MD_CTX and the SHA-1/2 state structs are public, so that state can
 *    be read and written (md_state); SHA-3's is not.
 */
#include "fork.h"

/* ---- digests ---- */

int fcx_valid_md(int md) { return md > 0 && md < FC_MD_COUNT && fcx_mds[md] != NULL; }

int fcx_is_xof(int md) { return md == FC_SHAKE128 || md == FC_SHAKE256; }

void *fcx_md_new(int md, char **err)
{
	if (!fcx_valid_md(md))
		return fcx_fail_null(err, "digest not available in AWS-LC");
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
	return outlen == EVP_MD_size(fcx_mds[md]) && EVP_DigestFinal_ex(c, out, NULL);
}

int fcx_md_sum(void *ctx, void *scratch, int md, int reset, const uint8_t *p, size_t n, uint8_t *out,
	size_t outlen)
{
	if (!fcx_valid_md(md))
		return FC_EUNSUPPORTED;
	EVP_MD_CTX *c = reset ? ctx : scratch;
	int ok = reset ? EVP_DigestInit_ex(c, fcx_mds[md], NULL) : EVP_MD_CTX_copy_ex(c, ctx);
	ok = ok && (n == 0 || EVP_DigestUpdate(c, p, n)) && md_final(c, md, out, outlen);
	return ok ? FC_OK : fcx_fail(NULL, FC_EFAIL, NULL);
}

/* One-shots run on a context cached per thread and algorithm: no allocation. */
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

/*
 * The 32-bit-word digests (MD5, SHA-1, SHA-224/256) share one shape: words,
 * a bit count in two 32-bit halves, a 64-byte buffer and its fill. The
 * SHA-512 family has 64-bit words and halves and a 128-byte buffer.
 */
#define STATE32(ctx, words, buf, get, st)                                                  \
	do {                                                                               \
		if (get) {                                                                 \
			for (int i = 0; i < (words); i++)                                  \
				(st)->h[i] = (ctx)->h[i];                                  \
			(st)->len = ((uint64_t)(ctx)->Nh << 32 | (ctx)->Nl) >> 3;          \
			(st)->nblock = (ctx)->num;                                         \
			memcpy((st)->block, (ctx)->buf, sizeof (ctx)->buf);                \
		} else {                                                                   \
			for (int i = 0; i < (words); i++)                                  \
				(ctx)->h[i] = (uint32_t)(st)->h[i];                        \
			(ctx)->Nl = (uint32_t)((st)->len << 3);                            \
			(ctx)->Nh = (uint32_t)((st)->len >> 29);                           \
			(ctx)->num = (st)->nblock;                                         \
			memcpy((ctx)->buf, (st)->block, sizeof (ctx)->buf);                \
		}                                                                          \
	} while (0)

int fcx_md_state(void *ctx, int md, int set, fc_md_state *st)
{
	if (!fcx_valid_md(md) || md > FC_SHA512_256) /* SHA-3's state is private */
		return FC_EUNSUPPORTED;
	EVP_MD_CTX *c = ctx;
	/* Writing starts from a freshly initialised context so that fields the state omits (md_len) are right. */
	if (set && !EVP_DigestInit_ex(c, fcx_mds[md], NULL))
		return fcx_fail(NULL, FC_EFAIL, NULL);
	if (set && st->nblock >= (md >= FC_SHA384 ? 128u : 64u))
		return FC_EFAIL;
	void *md_data = c->md_data;
	switch (md) {
	case FC_MD5: STATE32((MD5_CTX *)md_data, 4, data, !set, st); break;
	case FC_SHA1: STATE32((SHA_CTX *)md_data, 5, data, !set, st); break;
	case FC_SHA224:
	case FC_SHA256: STATE32((SHA256_CTX *)md_data, 8, data, !set, st); break;
	case FC_SHA384:
	case FC_SHA512:
	case FC_SHA512_224:
	case FC_SHA512_256: {
		SHA512_CTX *s = md_data;
		if (!set) {
			memcpy(st->h, s->h, sizeof s->h);
			st->len = s->Nl >> 3 | s->Nh << 61;
			st->nblock = s->num;
			memcpy(st->block, s->p, sizeof s->p);
		} else {
			memcpy(s->h, st->h, sizeof s->h);
			s->Nl = st->len << 3;
			s->Nh = st->len >> 61;
			s->num = st->nblock;
			memcpy(s->p, st->block, sizeof s->p);
		}
		break;
	}
	default: return FC_EUNSUPPORTED;
	}
	return FC_OK;
}
