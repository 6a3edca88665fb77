//go:build awslc

/*
 * forkcrypto's contract (shim/forkcrypto.h) on AWS-LC.
 *
 * AWS-LC keeps BoringSSL's API and adds back what BoringSSL dropped; as this
 * file meets it:
 *  - It does not define OPENSSL_IS_BORINGSSL: the guard tests OPENSSL_IS_AWSLC.
 *  - SHA-3, SHAKE (EVP_DigestFinalXOF) and SHA-512/224 exist.
 *  - AEADs are EVP_AEADs, whose keyed contexts are immutable and safe to
 *    share between threads, so there are no per-goroutine workers.
 *  - EVP_DigestInit_ex(ctx, NULL, NULL) crashes: every re-init names the md.
 *  - EVP_MD_CTX and the SHA-1/2 state structs are public, so that state can
 *    be read and written (md_state); SHA-3's is not.
 *  - HMAC takes only the digests of its own method table; init probes which.
 */
#include <openssl/opensslv.h> /* present in every fork, unlike base.h: the guard below can then speak */

#include <openssl/crypto.h>

#if !defined(OPENSSL_IS_AWSLC)
#error "forkcrypto: the awslc build tag needs AWS-LC headers, but these belong to another fork. Point PKG_CONFIG_PATH at the directory holding AWS-LC's libcrypto.pc, or build with the tag of the fork these headers belong to (no tag for OpenSSL 3, -tags libressl or boringssl)."
#endif

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/aead.h>
#include <openssl/cipher.h>
#include <openssl/crypto.h>
#include <openssl/digest.h>
#include <openssl/err.h>
#include <openssl/hmac.h>
#include <openssl/md5.h>
#include <openssl/mem.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include "forkcrypto.h"

static const EVP_MD *mds[FC_MD_COUNT];
static unsigned char hmac_ok[FC_MD_COUNT]; /* digests HMAC accepts */
static const EVP_AEAD *aead_gcm[3];
static const EVP_CIPHER *ecb[3], *cbc[3], *ctr[3];

static char *err_text(const char *what)
{
	char buf[1024], line[256];
	size_t off = (size_t)snprintf(buf, sizeof buf, "%s", what);
	const char *data;
	int flags;
	uint32_t e;
	while ((e = ERR_get_error_line_data(NULL, NULL, &data, &flags)) != 0) {
		ERR_error_string_n(e, line, sizeof line);
		if (off < sizeof buf)
			off += (size_t)snprintf(buf + off, sizeof buf - off, "; %s", line);
		if (data != NULL && (flags & ERR_TXT_STRING) && *data && off < sizeof buf)
			off += (size_t)snprintf(buf + off, sizeof buf - off, " (%s)", data);
	}
	return strdup(buf);
}

static int fail(char **err, int status, const char *what)
{
	if (err != NULL)
		*err = err_text(what);
	else
		ERR_clear_error();
	return status;
}

static void *fail_null(char **err, const char *what)
{
	fail(err, FC_EFAIL, what);
	return NULL;
}

static void free_err(char *err) { free(err); }

static int key_index(size_t keylen)
{
	switch (keylen) {
	case 16: return 0;
	case 24: return 1;
	case 32: return 2;
	}
	return -1;
}

static int valid_md(int md) { return md > 0 && md < FC_MD_COUNT && mds[md] != NULL; }

static int is_xof(int md) { return md == FC_SHAKE128 || md == FC_SHAKE256; }

static int valid_hmac(int md) { return valid_md(md) && hmac_ok[md]; }

/* ---- start-up ---- */

static int init(char **err)
{
	CRYPTO_library_init();
	/* Same fork, same major version: "AWS-LC 5.1.0" against AWSLC_VERSION_NUMBER_STRING "5.1.0". */
	const char *v = OpenSSL_version(OPENSSL_VERSION);
	if (strncmp(v, "AWS-LC ", 7) != 0 || atoi(v + 7) != atoi(AWSLC_VERSION_NUMBER_STRING)) {
		char buf[256];
		snprintf(buf, sizeof buf,
			"built against AWS-LC %s headers, but the libcrypto loaded at run time is \"%s\"; "
			"run with the library the program was built against or rebuild against this one",
			AWSLC_VERSION_NUMBER_STRING, v);
		*err = strdup(buf);
		return FC_EFAIL;
	}
	mds[FC_MD5] = EVP_md5();
	mds[FC_SHA1] = EVP_sha1();
	mds[FC_SHA224] = EVP_sha224();
	mds[FC_SHA256] = EVP_sha256();
	mds[FC_SHA384] = EVP_sha384();
	mds[FC_SHA512] = EVP_sha512();
	mds[FC_SHA512_224] = EVP_sha512_224();
	mds[FC_SHA512_256] = EVP_sha512_256();
	mds[FC_SHA3_224] = EVP_sha3_224();
	mds[FC_SHA3_256] = EVP_sha3_256();
	mds[FC_SHA3_384] = EVP_sha3_384();
	mds[FC_SHA3_512] = EVP_sha3_512();
	mds[FC_SHAKE128] = EVP_shake128();
	mds[FC_SHAKE256] = EVP_shake256();
	HMAC_CTX *h = HMAC_CTX_new();
	for (int md = 1; md < FC_MD_COUNT; md++)
		hmac_ok[md] = h != NULL && !is_xof(md) && HMAC_Init_ex(h, "k", 1, mds[md], NULL);
	HMAC_CTX_free(h);
	ERR_clear_error();
	aead_gcm[0] = EVP_aead_aes_128_gcm();
	aead_gcm[1] = EVP_aead_aes_192_gcm();
	aead_gcm[2] = EVP_aead_aes_256_gcm();
	const EVP_CIPHER *(*const e[3])(void) = {EVP_aes_128_ecb, EVP_aes_192_ecb, EVP_aes_256_ecb};
	const EVP_CIPHER *(*const b[3])(void) = {EVP_aes_128_cbc, EVP_aes_192_cbc, EVP_aes_256_cbc};
	const EVP_CIPHER *(*const c[3])(void) = {EVP_aes_128_ctr, EVP_aes_192_ctr, EVP_aes_256_ctr};
	for (int i = 0; i < 3; i++)
		ecb[i] = e[i](), cbc[i] = b[i](), ctr[i] = c[i]();
	return FC_OK;
}

static const char *version(void) { return OpenSSL_version(OPENSSL_VERSION); }

/* An AWS-LC FIPS build is always in FIPS mode; any other never is. */
static void fips(int *capable, int *enabled) { *capable = *enabled = FIPS_mode(); }

static int support(int family, int alg)
{
	switch (family) {
	case FC_FAMILY_MD:
		return valid_md(alg) ? FC_NATIVE : FC_ABSENT;
	case FC_FAMILY_HMAC:
		return valid_hmac(alg) ? FC_NATIVE : FC_ABSENT;
	case FC_FAMILY_AEAD:
		return alg > 0 && alg < FC_AEAD_COUNT ? FC_NATIVE : FC_ABSENT;
	case FC_FAMILY_CIPHER:
		return alg > 0 && alg < FC_CIPHER_COUNT ? FC_NATIVE : FC_ABSENT;
	}
	return FC_ABSENT;
}

static int fips_allowed(int family, int alg)
{
	(void)family, (void)alg;
	return 1; /* AWS-LC FIPS refuses nothing at run time; approval is the service indicator's business */
}

static int rand_bytes(uint8_t *out, size_t n, char **err)
{
	return RAND_bytes(out, n) == 1 ? FC_OK : fail(err, FC_EFAIL, "RAND_bytes");
}

/* ---- digests ---- */

static void *md_new(int md, char **err)
{
	if (!valid_md(md))
		return fail_null(err, "digest not available in AWS-LC");
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	if (c == NULL || !EVP_DigestInit_ex(c, mds[md], NULL)) {
		EVP_MD_CTX_free(c);
		return fail_null(err, "EVP_DigestInit_ex");
	}
	return c;
}

static void md_free(void *ctx) { EVP_MD_CTX_free(ctx); }

static int md_copy(void *dst, const void *src)
{
	return EVP_MD_CTX_copy_ex(dst, src) ? FC_OK : fail(NULL, FC_EFAIL, NULL);
}

static int md_update(void *ctx, int md, int reset, const uint8_t *p, size_t n)
{
	if (!valid_md(md))
		return FC_EUNSUPPORTED;
	if (reset && !EVP_DigestInit_ex(ctx, mds[md], NULL))
		return fail(NULL, FC_EFAIL, NULL);
	if (n > 0 && !EVP_DigestUpdate(ctx, p, n))
		return fail(NULL, FC_EFAIL, NULL);
	return FC_OK;
}

static int md_final(EVP_MD_CTX *c, int md, uint8_t *out, size_t outlen)
{
	if (is_xof(md))
		return EVP_DigestFinalXOF(c, out, outlen);
	return outlen == EVP_MD_size(mds[md]) && EVP_DigestFinal_ex(c, out, NULL);
}

static int md_sum(void *ctx, void *scratch, int md, int reset, const uint8_t *p, size_t n, uint8_t *out,
	size_t outlen)
{
	if (!valid_md(md))
		return FC_EUNSUPPORTED;
	EVP_MD_CTX *c = reset ? ctx : scratch;
	int ok = reset ? EVP_DigestInit_ex(c, mds[md], NULL) : EVP_MD_CTX_copy_ex(c, ctx);
	ok = ok && (n == 0 || EVP_DigestUpdate(c, p, n)) && md_final(c, md, out, outlen);
	return ok ? FC_OK : fail(NULL, FC_EFAIL, NULL);
}

/* One-shots run on a context cached per thread and algorithm: no allocation. */
static __thread EVP_MD_CTX *oneshot_ctx[FC_MD_COUNT];

static int md_digest(int md, const uint8_t *p, size_t n, uint8_t *out, size_t outlen)
{
	if (!valid_md(md))
		return FC_EUNSUPPORTED;
	EVP_MD_CTX *c = oneshot_ctx[md];
	if (c == NULL && (c = oneshot_ctx[md] = EVP_MD_CTX_new()) == NULL)
		return fail(NULL, FC_EFAIL, NULL);
	int ok = EVP_DigestInit_ex(c, mds[md], NULL) && (n == 0 || EVP_DigestUpdate(c, p, n)) &&
		md_final(c, md, out, outlen);
	return ok ? FC_OK : fail(NULL, FC_EFAIL, NULL);
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

static int md_state(void *ctx, int md, int set, fc_md_state *st)
{
	if (!valid_md(md) || md > FC_SHA512_256) /* SHA-3's state is private */
		return FC_EUNSUPPORTED;
	EVP_MD_CTX *c = ctx;
	/* Writing starts from a freshly initialised context so that fields the state omits (md_len) are right. */
	if (set && !EVP_DigestInit_ex(c, mds[md], NULL))
		return fail(NULL, FC_EFAIL, NULL);
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

/* ---- HMAC ---- */

typedef struct {
	HMAC_CTX *ctx, *scratch; /* scratch: for sums that must not disturb ctx; created on first need */
} fc_hmac;

static __thread HMAC_CTX *hmac_oneshot_ctx[FC_MD_COUNT];

/* hmac_key keys c. A NULL key means "keep the previous key"; an empty key is a real key. */
static int hmac_key(HMAC_CTX *c, int md, const uint8_t *key, size_t keylen)
{
	static const uint8_t empty[1];
	return HMAC_Init_ex(c, keylen ? key : empty, keylen, mds[md], NULL);
}

static int hmac_oneshot(int md, const uint8_t *key, size_t keylen, const uint8_t *p, size_t n, uint8_t *out,
	size_t outlen)
{
	if (!valid_hmac(md))
		return FC_EUNSUPPORTED;
	HMAC_CTX *c = hmac_oneshot_ctx[md];
	if (c == NULL && (c = hmac_oneshot_ctx[md] = HMAC_CTX_new()) == NULL)
		return fail(NULL, FC_EFAIL, NULL);
	unsigned got = 0;
	int ok = outlen == EVP_MD_size(mds[md]) && hmac_key(c, md, key, keylen) && HMAC_Update(c, p, n) &&
		HMAC_Final(c, out, &got);
	return ok ? FC_OK : fail(NULL, FC_EFAIL, NULL);
}

static void hmac_free(void *p)
{
	fc_hmac *h = p;
	if (h == NULL)
		return;
	HMAC_CTX_free(h->ctx);
	HMAC_CTX_free(h->scratch);
	free(h);
}

static void *hmac_new(int md, const uint8_t *key, size_t keylen, char **err)
{
	if (!valid_hmac(md))
		return fail_null(err, "HMAC digest not available in AWS-LC");
	fc_hmac *h = calloc(1, sizeof *h);
	if (h == NULL || (h->ctx = HMAC_CTX_new()) == NULL || !hmac_key(h->ctx, md, key, keylen)) {
		hmac_free(h);
		return fail_null(err, "HMAC_Init_ex");
	}
	return h;
}

static void *hmac_clone(const void *p, char **err)
{
	const fc_hmac *h = p;
	fc_hmac *c = calloc(1, sizeof *c);
	if (c == NULL || (c->ctx = HMAC_CTX_new()) == NULL || !HMAC_CTX_copy_ex(c->ctx, h->ctx)) {
		hmac_free(c);
		return fail_null(err, "HMAC_CTX_copy_ex");
	}
	return c;
}

static int hmac_update(void *p, int reset, const uint8_t *in, size_t n)
{
	fc_hmac *h = p;
	if (reset && !HMAC_Init_ex(h->ctx, NULL, 0, NULL, NULL))
		return fail(NULL, FC_EFAIL, NULL);
	return HMAC_Update(h->ctx, in, n) ? FC_OK : fail(NULL, FC_EFAIL, NULL);
}

static int hmac_sum(void *p, int reset, const uint8_t *in, size_t n, uint8_t *out, size_t outlen)
{
	fc_hmac *h = p;
	HMAC_CTX *c = h->ctx;
	int ok;
	if (reset) {
		ok = HMAC_Init_ex(c, NULL, 0, NULL, NULL);
	} else {
		if (h->scratch == NULL && (h->scratch = HMAC_CTX_new()) == NULL)
			return fail(NULL, FC_EFAIL, NULL);
		c = h->scratch;
		ok = HMAC_CTX_copy_ex(c, h->ctx);
	}
	unsigned got = 0;
	ok = ok && outlen == HMAC_size(c) && HMAC_Update(c, in, n) && HMAC_Final(c, out, &got);
	return ok ? FC_OK : fail(NULL, FC_EFAIL, NULL);
}

/* ---- AEADs ---- */

static const EVP_AEAD *aead_for(int aead, size_t keylen)
{
	int ki = key_index(keylen);
	switch (aead) {
	case FC_AES_GCM: return ki < 0 ? NULL : aead_gcm[ki];
	case FC_CHACHA20_POLY1305: return keylen == 32 ? EVP_aead_chacha20_poly1305() : NULL;
	case FC_XCHACHA20_POLY1305: return keylen == 32 ? EVP_aead_xchacha20_poly1305() : NULL;
	}
	return NULL;
}

static void *aead_new(int aead, const uint8_t *key, size_t keylen, char **err)
{
	const EVP_AEAD *a = aead_for(aead, keylen);
	if (a == NULL)
		return fail_null(err, "AEAD not available for this key size");
	EVP_AEAD_CTX *c = EVP_AEAD_CTX_new(a, key, keylen, 16);
	return c != NULL ? c : fail_null(err, "EVP_AEAD_CTX_new");
}

static void aead_free(void *t) { EVP_AEAD_CTX_free(t); }

/* EVP_AEAD_CTX seal and open take a const context: the template is shared. */
static void *aead_worker(void *t, char **err)
{
	(void)t, (void)err;
	return NULL;
}

static void aead_worker_free(void *w) { (void)w; }

static int aead_seal(void *t, void *w, const uint8_t *nonce, size_t noncelen, const uint8_t *in, size_t inlen,
	const uint8_t *ad, size_t adlen, uint8_t *out)
{
	size_t got;
	(void)w;
	return EVP_AEAD_CTX_seal(t, out, &got, inlen + 16, nonce, noncelen, in, inlen, ad, adlen)
		? FC_OK
		: fail(NULL, FC_EFAIL, NULL);
}

static int aead_open(void *t, void *w, const uint8_t *nonce, size_t noncelen, const uint8_t *in, size_t inlen,
	const uint8_t *ad, size_t adlen, uint8_t *out)
{
	size_t got;
	(void)w;
	if (inlen < 16)
		return FC_EAUTH;
	return EVP_AEAD_CTX_open(t, out, &got, inlen - 16, nonce, noncelen, in, inlen, ad, adlen)
		? FC_OK
		: fail(NULL, FC_EAUTH, NULL);
}

/* ---- AES modes ---- */

static int update_chunked(EVP_CIPHER_CTX *c, uint8_t *out, const uint8_t *in, size_t n)
{
	while (n > 0) {
		int chunk = n > (INT_MAX & ~15) ? (INT_MAX & ~15) : (int)n, got;
		if (!EVP_CipherUpdate(c, out, &got, in, chunk) || got != chunk)
			return 0;
		out += chunk, in += chunk, n -= (size_t)chunk;
	}
	return 1;
}

static void *cipher_new(int kind, const uint8_t *key, size_t keylen, const uint8_t *iv, size_t ivlen, char **err)
{
	int ki = key_index(keylen), enc = 1;
	const EVP_CIPHER *c = NULL;
	if (ki >= 0) {
		switch (kind) {
		case FC_AES_ECB_DECRYPT: enc = 0; /* fall through */
		case FC_AES_ECB_ENCRYPT: c = ecb[ki]; break;
		case FC_AES_CBC_DECRYPT: enc = 0; /* fall through */
		case FC_AES_CBC_ENCRYPT: c = cbc[ki]; break;
		case FC_AES_CTR: c = ctr[ki]; break;
		}
	}
	if (c == NULL || EVP_CIPHER_iv_length(c) != ivlen)
		return fail_null(err, "cipher not available for this key or IV size");
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	/* Padding is reset by every init in AWS-LC: disable it after. */
	if (ctx == NULL || !EVP_CipherInit_ex(ctx, c, NULL, key, ivlen ? iv : NULL, enc) ||
		!EVP_CIPHER_CTX_set_padding(ctx, 0)) {
		EVP_CIPHER_CTX_free(ctx);
		return fail_null(err, "EVP_CipherInit_ex");
	}
	return ctx;
}

static void *cipher_clone(const void *ctx, char **err)
{
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	if (c == NULL || !EVP_CIPHER_CTX_copy(c, ctx)) {
		EVP_CIPHER_CTX_free(c);
		return fail_null(err, "EVP_CIPHER_CTX_copy");
	}
	return c;
}

static void cipher_free(void *ctx) { EVP_CIPHER_CTX_free(ctx); }

static int cipher_update(void *ctx, const uint8_t *in, uint8_t *out, size_t n)
{
	return update_chunked(ctx, out, in, n) ? FC_OK : fail(NULL, FC_EFAIL, NULL);
}

/* ---- C reference loops ---- */

static int floor_run(int op, long iters, const uint8_t *in, size_t n, const uint8_t *key, size_t keylen)
{
	uint8_t out[64];
	int ok = 1;
	switch (op) {
	case FC_FLOOR_SHA256: {
		EVP_MD_CTX *c = EVP_MD_CTX_new();
		for (long i = 0; ok && i < iters; i++)
			ok = EVP_DigestInit_ex(c, EVP_sha256(), NULL) && EVP_DigestUpdate(c, in, n) &&
				EVP_DigestFinal_ex(c, out, NULL);
		EVP_MD_CTX_free(c);
		break;
	}
	case FC_FLOOR_HMAC_SHA256: {
		HMAC_CTX *c = HMAC_CTX_new();
		ok = HMAC_Init_ex(c, key, keylen, EVP_sha256(), NULL);
		for (long i = 0; ok && i < iters; i++)
			ok = HMAC_Init_ex(c, NULL, 0, NULL, NULL) && HMAC_Update(c, in, n) && HMAC_Final(c, out, NULL);
		HMAC_CTX_free(c);
		break;
	}
	case FC_FLOOR_AES_GCM_SEAL: {
		static const uint8_t nonce[12];
		uint8_t *buf = malloc(n + 16);
		EVP_AEAD_CTX *c = key_index(keylen) < 0 ? NULL : EVP_AEAD_CTX_new(aead_gcm[key_index(keylen)], key, keylen, 16);
		size_t got;
		ok = buf != NULL && c != NULL;
		for (long i = 0; ok && i < iters; i++)
			ok = EVP_AEAD_CTX_seal(c, buf, &got, n + 16, nonce, sizeof nonce, in, n, NULL, 0);
		EVP_AEAD_CTX_free(c);
		free(buf);
		break;
	}
	default: ok = 0;
	}
	return ok ? FC_OK : fail(NULL, FC_EFAIL, NULL);
}

const fc_ops fc_awslc_ops = {
	.abi = FC_ABI,
	.size = sizeof(fc_ops),
	.fork = "awslc",
	.built_version = "AWS-LC " AWSLC_VERSION_NUMBER_STRING,
	.init = init,
	.version = version,
	.fips = fips,
	.support = support,
	.fips_allowed = fips_allowed,
	.free_err = free_err,
	.rand_bytes = rand_bytes,
	.md_new = md_new,
	.md_free = md_free,
	.md_copy = md_copy,
	.md_update = md_update,
	.md_sum = md_sum,
	.md_digest = md_digest,
	.md_state = md_state,
	.hmac_oneshot = hmac_oneshot,
	.hmac_new = hmac_new,
	.hmac_free = hmac_free,
	.hmac_clone = hmac_clone,
	.hmac_update = hmac_update,
	.hmac_sum = hmac_sum,
	.aead_new = aead_new,
	.aead_free = aead_free,
	.aead_worker = aead_worker,
	.aead_worker_free = aead_worker_free,
	.aead_seal = aead_seal,
	.aead_open = aead_open,
	.cipher_new = cipher_new,
	.cipher_clone = cipher_clone,
	.cipher_free = cipher_free,
	.cipher_update = cipher_update,
	.floor = floor_run,
};
