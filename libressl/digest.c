//go:build libressl

/*
 * forkcrypto's digests (the md_* slots) on LibreSSL. LibreSSL differs from
 * the other forks in ways that shape this file:
 *  - EVP_DigestInit_ex(ctx, NULL, NULL) dereferences the NULL md: every
 *    (re-)initialisation passes the md.
 *  - SHA-3 and SHA-512/224 exist; SHAKE does not.
 *  - Digest state is public: EVP_MD_CTX_md_data() points to the MD5_CTX,
 *    SHA_CTX, SHA256_CTX or SHA512_CTX of sha.h/md5.h, so md_state works
 *    for MD5, SHA-1 and SHA-2. SHA-3's state is private.
 */
#include "fork.h"

/* ---- digests ---- */

void *fcx_md_new(int md, char **err)
{
	if (md == FC_SHAKE128 || md == FC_SHAKE256)
		return fcx_fail_null(err, "LibreSSL has no SHAKE");
	if (!fcx_valid_md(md))
		return fcx_fail_null(err, "digest not available");
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	if (c == NULL || !EVP_DigestInit_ex(c, fcx_mds[md], NULL)) {
		EVP_MD_CTX_free(c);
		return fcx_fail_null(err, "EVP_DigestInit_ex");
	}
	return c;
}

/* EVP_MD_CTX_free frees the state with freezero. */
void fcx_md_free(void *ctx) { EVP_MD_CTX_free(ctx); }

/* Between contexts of the same md, EVP_MD_CTX_copy_ex reuses dst's state buffer: no allocation. */
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

/* md_final refuses an output size other than the digest's: EVP_DigestFinal_ex writes it whole. */
static int md_final(EVP_MD_CTX *c, int md, uint8_t *out, size_t outlen)
{
	if (outlen != (size_t)EVP_MD_size(fcx_mds[md]))
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
 * hot path allocates nothing (EVP_Digest would calloc and free the state on
 * every call). A cgo call stays on one thread from start to end, which makes
 * the cache safe without locks.
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

/*
 * The public state structs count the length in bits (Nl low, Nh high: 32-bit
 * halves for MD5, SHA-1 and SHA-256, 64-bit halves for SHA-512) and keep the
 * partial block as bytes, whatever the declared type of data; the contract
 * counts bytes.
 */
static void len_to_bits32(uint64_t len, unsigned int *nl, unsigned int *nh)
{
	*nl = (unsigned int)(len << 3);
	*nh = (unsigned int)(len >> 29);
}

static uint64_t bits32_to_len(unsigned int nl, unsigned int nh) { return ((uint64_t)nh << 29) | (nl >> 3); }

/* state_block moves the partial block between the fork's buffer and st. */
static void state_block(int set, void *data, unsigned int *num, size_t block, fc_md_state *st)
{
	if (set) {
		memset(data, 0, block);
		memcpy(data, st->block, st->nblock);
		*num = st->nblock;
	} else {
		st->nblock = *num < block ? *num : 0; /* num < block always holds; never copy past it */
		memset(st->block, 0, sizeof st->block);
		memcpy(st->block, data, st->nblock);
	}
}

static void state_md5(MD5_CTX *c, int set, fc_md_state *st)
{
	MD5_LONG *h[4] = {&c->A, &c->B, &c->C, &c->D};
	for (int i = 0; i < 4; i++) {
		if (set)
			*h[i] = (MD5_LONG)st->h[i];
		else
			st->h[i] = *h[i];
	}
	if (set)
		len_to_bits32(st->len, &c->Nl, &c->Nh);
	else
		st->len = bits32_to_len(c->Nl, c->Nh);
	state_block(set, c->data, &c->num, MD5_CBLOCK, st);
}

static void state_sha1(SHA_CTX *c, int set, fc_md_state *st)
{
	SHA_LONG *h[5] = {&c->h0, &c->h1, &c->h2, &c->h3, &c->h4};
	for (int i = 0; i < 5; i++) {
		if (set)
			*h[i] = (SHA_LONG)st->h[i];
		else
			st->h[i] = *h[i];
	}
	if (set)
		len_to_bits32(st->len, &c->Nl, &c->Nh);
	else
		st->len = bits32_to_len(c->Nl, c->Nh);
	state_block(set, c->data, &c->num, SHA_CBLOCK, st);
}

static void state_sha256(SHA256_CTX *c, int set, fc_md_state *st)
{
	for (int i = 0; i < 8; i++) {
		if (set)
			c->h[i] = (SHA_LONG)st->h[i];
		else
			st->h[i] = c->h[i];
	}
	if (set)
		len_to_bits32(st->len, &c->Nl, &c->Nh);
	else
		st->len = bits32_to_len(c->Nl, c->Nh);
	state_block(set, c->data, &c->num, SHA256_CBLOCK, st);
}

static void state_sha512(SHA512_CTX *c, int set, fc_md_state *st)
{
	for (int i = 0; i < 8; i++) {
		if (set)
			c->h[i] = st->h[i];
		else
			st->h[i] = c->h[i];
	}
	if (set) {
		c->Nl = (SHA_LONG64)(st->len << 3);
		c->Nh = (SHA_LONG64)(st->len >> 61);
	} else {
		st->len = (uint64_t)(c->Nh << 61) | (uint64_t)(c->Nl >> 3);
	}
	state_block(set, c->u.p, &c->num, SHA512_CBLOCK, st);
}

int fcx_md_state(void *ctx, int md, int set, fc_md_state *st)
{
	EVP_MD_CTX *c = ctx;
	if (!fcx_valid_md(md) || md >= FC_SHA3_224)
		return FC_EUNSUPPORTED; /* SHA-3's state is private */
	/* A state to set must be consistent, or the copy would run past the fork's buffer. */
	size_t block = (size_t)EVP_MD_block_size(fcx_mds[md]);
	if (set && (st->nblock >= block || st->nblock != st->len % block))
		return FC_EFAIL;
	/* Initialise first, so that the fields this does not overwrite (md_len) are the md's. */
	if (set && !EVP_DigestInit_ex(c, fcx_mds[md], NULL))
		return fcx_fail(NULL, FC_EFAIL, NULL);
	void *d = EVP_MD_CTX_md_data(c);
	if (EVP_MD_CTX_md(c) != fcx_mds[md] || d == NULL)
		return FC_EFAIL;
	switch (md) {
	case FC_MD5: state_md5(d, set, st); break;
	case FC_SHA1: state_sha1(d, set, st); break;
	case FC_SHA224:
	case FC_SHA256: state_sha256(d, set, st); break;
	default: state_sha512(d, set, st); break; /* SHA-384, SHA-512, SHA-512/224, SHA-512/256 */
	}
	return FC_OK;
}
