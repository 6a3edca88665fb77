//go:build libressl

/*
 * forkcrypto's contract (shim/forkcrypto.h) on LibreSSL.
 *
 * LibreSSL differs from the other forks in ways that shape this file:
 *  - Its API is OpenSSL 1.1's plus BoringSSL's EVP_AEAD. Algorithms are
 *    static tables (EVP_sha256() and friends), with nothing to fetch; they
 *    are still looked up once in init, like the other forks.
 *  - EVP_DigestInit_ex(ctx, NULL, NULL) dereferences the NULL md: every
 *    (re-)initialisation passes the md.
 *  - SHA-3 and SHA-512/224 exist; SHAKE does not.
 *  - Digest state is public: EVP_MD_CTX_md_data() points to the MD5_CTX,
 *    SHA_CTX, SHA256_CTX or SHA512_CTX of sha.h/md5.h, so md_state works
 *    for MD5, SHA-1 and SHA-2. SHA-3's state is private.
 *  - HMAC is HMAC_CTX. HMAC_Init_ex(ctx, NULL, 0, NULL, NULL) restarts with
 *    the key and md already set (it copies the saved inner state). A NULL
 *    key with a new md fails, so an empty key is passed as a non-NULL
 *    pointer. HMAC_CTX_copy clears the destination without freeing what it
 *    held, so it only ever copies into a new context.
 *  - AEADs are EVP_AEAD: EVP_AEAD_CTX_new(void), keyed by EVP_AEAD_CTX_init.
 *    seal and open take the context const and may run on many threads at
 *    once, so one keyed context serves every goroutine (no workers).
 *    There is no AES-192-GCM EVP_AEAD: that key size runs on the
 *    EVP_CIPHER, with one context per goroutine copied from a keyed one.
 *    XChaCha20-Poly1305 is native.
 *  - EVP_CipherInit_ex with a cipher resets the padding flag, so padding is
 *    disabled after the init.
 *  - The error queue has no function names: ERR_get_error_line_data.
 *  - There is no FIPS module.
 */
#include <openssl/opensslv.h>

#if !defined(LIBRESSL_VERSION_NUMBER) || defined(OPENSSL_IS_BORINGSSL) || defined(OPENSSL_IS_AWSLC)
#error "forkcrypto: the libressl build tag needs LibreSSL headers, but these belong to another fork. Point PKG_CONFIG_PATH at the directory holding LibreSSL's libcrypto.pc, or build with the tag of the fork these headers belong to (no tag or -tags openssl for OpenSSL 3, -tags boringssl or awslc)."
#endif

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Only headers LibreSSL ships: a missing one would silently come from the system's OpenSSL. */
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/md5.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include "forkcrypto.h"

/* LIBRESSL_VERSION_NUMBER is 0xMNNFFPPS: major, minor, fix, patch, status. */
#define BUILT_MAJOR ((int)((LIBRESSL_VERSION_NUMBER >> 28) & 0xf))
#define BUILT_MINOR ((int)((LIBRESSL_VERSION_NUMBER >> 20) & 0xff))

#define TAG_LEN 16

static const EVP_MD *(*const md_funcs[FC_MD_COUNT])(void) = {
	[FC_MD5] = EVP_md5,
	[FC_SHA1] = EVP_sha1,
	[FC_SHA224] = EVP_sha224,
	[FC_SHA256] = EVP_sha256,
	[FC_SHA384] = EVP_sha384,
	[FC_SHA512] = EVP_sha512,
	[FC_SHA512_224] = EVP_sha512_224,
	[FC_SHA512_256] = EVP_sha512_256,
	[FC_SHA3_224] = EVP_sha3_224,
	[FC_SHA3_256] = EVP_sha3_256,
	[FC_SHA3_384] = EVP_sha3_384,
	[FC_SHA3_512] = EVP_sha3_512,
	/* FC_SHAKE128, FC_SHAKE256: LibreSSL has no SHAKE. */
};

/* Looked up once in init; read-only afterwards. Key sizes 16, 24, 32 index 0, 1, 2. */
static const EVP_MD *mds[FC_MD_COUNT];
static const EVP_CIPHER *ecb[3], *cbc[3], *ctr[3], *gcm192;
static const EVP_AEAD *gcm[3], *chacha_poly, *xchacha_poly; /* gcm[1] stays NULL */

/* err_text drains the thread's error queue into a malloc'd string. */
static char *err_text(const char *what)
{
	char buf[1024], line[256];
	size_t off;
	const char *data;
	int flags;
	unsigned long e;

	off = (size_t)snprintf(buf, sizeof buf, "%s", what);
	while ((e = ERR_get_error_line_data(NULL, NULL, &data, &flags)) != 0) {
		ERR_error_string_n(e, line, sizeof line);
		if (off < sizeof buf)
			off += (size_t)snprintf(buf + off, sizeof buf - off, "; %s", line);
		if (data != NULL && (flags & ERR_TXT_STRING) && *data && off < sizeof buf)
			off += (size_t)snprintf(buf + off, sizeof buf - off, " (%s)", data);
	}
	return strdup(buf);
}

/* fail reports status with the queue's text in *err, or clears the queue when err is NULL. */
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

/*
 * Go passes NULL for an empty slice. HMAC_Init_ex reads a NULL key as "keep
 * the previous key", and the AEADs do pointer arithmetic and alias checks on
 * their buffers, so an empty one gets a real address.
 */
static const uint8_t empty[1];

static const uint8_t *nonnull(const uint8_t *p) { return p != NULL ? p : empty; }

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

/* ---- start-up ---- */

static int init(char **err)
{
	/* The soname changes with every minor release, and so may the structs md_state reads. */
	const char *v = OpenSSL_version(OPENSSL_VERSION);
	int major, minor;
	if (v == NULL || strncmp(v, "LibreSSL ", 9) != 0 || sscanf(v + 9, "%d.%d", &major, &minor) != 2 ||
		major != BUILT_MAJOR || minor != BUILT_MINOR) {
		char buf[256];
		snprintf(buf, sizeof buf,
			"built against LibreSSL %d.%d headers (" LIBRESSL_VERSION_TEXT "), but the libcrypto "
			"loaded at run time is \"%s\"; run with the library the program was built against or "
			"rebuild against this one",
			BUILT_MAJOR, BUILT_MINOR, v != NULL ? v : "(unknown)");
		if (err != NULL)
			*err = strdup(buf);
		return FC_EFAIL;
	}

	for (int md = 1; md < FC_MD_COUNT; md++)
		mds[md] = md_funcs[md] != NULL ? md_funcs[md]() : NULL;
	ecb[0] = EVP_aes_128_ecb(), ecb[1] = EVP_aes_192_ecb(), ecb[2] = EVP_aes_256_ecb();
	cbc[0] = EVP_aes_128_cbc(), cbc[1] = EVP_aes_192_cbc(), cbc[2] = EVP_aes_256_cbc();
	ctr[0] = EVP_aes_128_ctr(), ctr[1] = EVP_aes_192_ctr(), ctr[2] = EVP_aes_256_ctr();
	gcm[0] = EVP_aead_aes_128_gcm(), gcm[2] = EVP_aead_aes_256_gcm();
	gcm192 = EVP_aes_192_gcm();
	chacha_poly = EVP_aead_chacha20_poly1305();
	xchacha_poly = EVP_aead_xchacha20_poly1305();
	ERR_clear_error();
	return FC_OK;
}

static const char *version(void) { return OpenSSL_version(OPENSSL_VERSION); }

static void fips(int *capable, int *enabled)
{
	/* LibreSSL has no FIPS module; FIPS_mode_set(1) always fails. */
	*capable = 0;
	*enabled = 0;
}

static int support(int family, int alg)
{
	switch (family) {
	case FC_FAMILY_MD:
	case FC_FAMILY_HMAC:
		return valid_md(alg) ? FC_NATIVE : FC_ABSENT;
	case FC_FAMILY_AEAD:
		switch (alg) {
		case FC_AES_GCM: return gcm[0] != NULL && gcm[2] != NULL && gcm192 != NULL ? FC_NATIVE : FC_ABSENT;
		case FC_CHACHA20_POLY1305: return chacha_poly != NULL ? FC_NATIVE : FC_ABSENT;
		case FC_XCHACHA20_POLY1305: return xchacha_poly != NULL ? FC_NATIVE : FC_ABSENT;
		}
		return FC_ABSENT;
	case FC_FAMILY_CIPHER:
		switch (alg) {
		case FC_AES_ECB_ENCRYPT:
		case FC_AES_ECB_DECRYPT: return ecb[0] != NULL ? FC_NATIVE : FC_ABSENT;
		case FC_AES_CBC_ENCRYPT:
		case FC_AES_CBC_DECRYPT: return cbc[0] != NULL ? FC_NATIVE : FC_ABSENT;
		case FC_AES_CTR: return ctr[0] != NULL ? FC_NATIVE : FC_ABSENT;
		}
	}
	return FC_ABSENT;
}

/* Without a FIPS module nothing is refused. */
static int fips_allowed(int family, int alg)
{
	(void)family, (void)alg;
	return 1;
}

/* ---- random ---- */

static int rand_bytes(uint8_t *out, size_t n, char **err)
{
	/* RAND_bytes is arc4random_buf behind an int length. */
	while (n > 0) {
		int chunk = n > INT_MAX ? INT_MAX : (int)n;
		if (RAND_bytes(out, chunk) != 1)
			return fail(err, FC_EFAIL, "RAND_bytes");
		out += chunk;
		n -= (size_t)chunk;
	}
	return FC_OK;
}

/* ---- digests ---- */

static void *md_new(int md, char **err)
{
	if (md == FC_SHAKE128 || md == FC_SHAKE256)
		return fail_null(err, "LibreSSL has no SHAKE");
	if (!valid_md(md))
		return fail_null(err, "digest not available");
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	if (c == NULL || !EVP_DigestInit_ex(c, mds[md], NULL)) {
		EVP_MD_CTX_free(c);
		return fail_null(err, "EVP_DigestInit_ex");
	}
	return c;
}

/* EVP_MD_CTX_free frees the state with freezero. */
static void md_free(void *ctx) { EVP_MD_CTX_free(ctx); }

/* Between contexts of the same md, EVP_MD_CTX_copy_ex reuses dst's state buffer: no allocation. */
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

/* md_final refuses an output size other than the digest's: EVP_DigestFinal_ex writes it whole. */
static int md_final(EVP_MD_CTX *c, int md, uint8_t *out, size_t outlen)
{
	if (outlen != (size_t)EVP_MD_size(mds[md]))
		return 0;
	return EVP_DigestFinal_ex(c, out, NULL);
}

static int md_sum(void *ctx, void *scratch, int md, int reset, const uint8_t *p, size_t n, uint8_t *out,
	size_t outlen)
{
	if (!valid_md(md))
		return FC_EUNSUPPORTED;
	/* After a reset ctx's state is being discarded, so it can be used up; otherwise work on a copy. */
	EVP_MD_CTX *c = reset ? ctx : scratch;
	int ok = reset ? EVP_DigestInit_ex(c, mds[md], NULL) : EVP_MD_CTX_copy_ex(c, ctx);
	ok = ok && (n == 0 || EVP_DigestUpdate(c, p, n)) && md_final(c, md, out, outlen);
	return ok ? FC_OK : fail(NULL, FC_EFAIL, NULL);
}

/*
 * One-shot digests run on a context cached per thread and algorithm, so the
 * hot path allocates nothing (EVP_Digest would calloc and free the state on
 * every call). A cgo call stays on one thread from start to end, which makes
 * the cache safe without locks.
 */
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

static int md_state(void *ctx, int md, int set, fc_md_state *st)
{
	EVP_MD_CTX *c = ctx;
	if (!valid_md(md) || md >= FC_SHA3_224)
		return FC_EUNSUPPORTED; /* SHA-3's state is private */
	/* A state to set must be consistent, or the copy would run past the fork's buffer. */
	size_t block = (size_t)EVP_MD_block_size(mds[md]);
	if (set && (st->nblock >= block || st->nblock != st->len % block))
		return FC_EFAIL;
	/* Initialise first, so that the fields this does not overwrite (md_len) are the md's. */
	if (set && !EVP_DigestInit_ex(c, mds[md], NULL))
		return fail(NULL, FC_EFAIL, NULL);
	void *d = EVP_MD_CTX_md_data(c);
	if (EVP_MD_CTX_md(c) != mds[md] || d == NULL)
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
		return HMAC_Init_ex(c, nonnull(key), (int)keylen, mds[md], NULL);
	ok = EVP_Digest(key, keylen, hashed, &hashedlen, mds[md], NULL) &&
		HMAC_Init_ex(c, hashed, (int)hashedlen, mds[md], NULL);
	OPENSSL_cleanse(hashed, sizeof hashed);
	return ok;
}

/*
 * The one-shot path re-keys a context cached per thread and digest: no
 * allocation. Re-keying recomputes the pads, exactly as a new context would.
 */
static __thread HMAC_CTX *hmac_oneshot_ctx[FC_MD_COUNT];

static int hmac_oneshot(int md, const uint8_t *key, size_t keylen, const uint8_t *p, size_t n, uint8_t *out,
	size_t outlen)
{
	if (!valid_md(md))
		return FC_EUNSUPPORTED;
	if (outlen != (size_t)EVP_MD_size(mds[md])) /* HMAC_Final writes the whole MAC */
		return FC_EFAIL;
	HMAC_CTX *c = hmac_oneshot_ctx[md];
	if (c == NULL && (c = hmac_oneshot_ctx[md] = HMAC_CTX_new()) == NULL)
		return fail(NULL, FC_EFAIL, NULL);
	int ok = hmac_key(c, md, key, keylen) && (n == 0 || HMAC_Update(c, p, n)) && HMAC_Final(c, out, NULL);
	return ok ? FC_OK : fail(NULL, FC_EFAIL, NULL);
}

/* HMAC_CTX_free cleanses the key and the digest states. */
static void hmac_free(void *h) { HMAC_CTX_free(h); }

static void *hmac_new(int md, const uint8_t *key, size_t keylen, char **err)
{
	if (!valid_md(md))
		return fail_null(err, "HMAC digest not available");
	HMAC_CTX *c = HMAC_CTX_new();
	if (c == NULL || !hmac_key(c, md, key, keylen)) {
		HMAC_CTX_free(c);
		return fail_null(err, "HMAC_Init_ex");
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

static void *hmac_clone(const void *h, char **err)
{
	HMAC_CTX *c = hmac_dup(h);
	return c != NULL ? c : fail_null(err, "HMAC_CTX_copy");
}

/* HMAC_Init_ex(h, NULL, 0, NULL, NULL) restarts with the key and md already set. */
static int hmac_update(void *h, int reset, const uint8_t *in, size_t n)
{
	if (reset && !HMAC_Init_ex(h, NULL, 0, NULL, NULL))
		return fail(NULL, FC_EFAIL, NULL);
	if (n > 0 && !HMAC_Update(h, in, n))
		return fail(NULL, FC_EFAIL, NULL);
	return FC_OK;
}

static int hmac_sum(void *h, int reset, const uint8_t *in, size_t n, uint8_t *out, size_t outlen)
{
	if (outlen != (size_t)HMAC_size((HMAC_CTX *)h)) /* HMAC_Final writes the whole MAC */
		return FC_EFAIL;
	/* After a reset h's state is being discarded, so it can be used up; otherwise work on a copy. */
	HMAC_CTX *c = reset ? h : hmac_dup(h);
	int ok = c != NULL && (!reset || HMAC_Init_ex(c, NULL, 0, NULL, NULL)) && (n == 0 || HMAC_Update(c, in, n)) &&
		HMAC_Final(c, out, NULL);
	if (!reset)
		HMAC_CTX_free(c);
	return ok ? FC_OK : fail(NULL, FC_EFAIL, NULL);
}

/* ---- AEADs ---- */

/* EVP_CipherUpdate takes int lengths: feed larger inputs in pieces of whole blocks. */
static int update_chunked(EVP_CIPHER_CTX *c, uint8_t *out, const uint8_t *in, size_t n)
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

/* Exactly one of aead (shared by all threads) and gcm192 (copied into workers) is set. */
typedef struct {
	EVP_AEAD_CTX *aead;
	EVP_CIPHER_CTX *gcm192;
} fc_aead;

/* EVP_AEAD_CTX_free and EVP_CIPHER_CTX_free cleanse the key schedules. */
static void aead_free(void *p)
{
	fc_aead *a = p;
	if (a == NULL)
		return;
	EVP_AEAD_CTX_free(a->aead);
	EVP_CIPHER_CTX_free(a->gcm192);
	free(a);
}

static void *aead_new(int aead, const uint8_t *key, size_t keylen, char **err)
{
	const EVP_AEAD *alg = NULL;
	int ki = key_index(keylen);
	switch (aead) {
	case FC_AES_GCM: alg = ki < 0 ? NULL : gcm[ki]; break;
	case FC_CHACHA20_POLY1305: alg = keylen == 32 ? chacha_poly : NULL; break;
	case FC_XCHACHA20_POLY1305: alg = keylen == 32 ? xchacha_poly : NULL; break;
	}
	int use192 = aead == FC_AES_GCM && keylen == 24 && gcm192 != NULL;
	if (alg == NULL && !use192)
		return fail_null(err, "AEAD not available for this key size");
	fc_aead *a = calloc(1, sizeof *a);
	if (a == NULL)
		return fail_null(err, "out of memory");
	int ok;
	if (use192)
		ok = (a->gcm192 = EVP_CIPHER_CTX_new()) != NULL &&
			EVP_CipherInit_ex(a->gcm192, gcm192, NULL, key, NULL, 1);
	else
		ok = (a->aead = EVP_AEAD_CTX_new()) != NULL &&
			EVP_AEAD_CTX_init(a->aead, alg, key, keylen, TAG_LEN, NULL);
	if (!ok) {
		aead_free(a);
		return fail_null(err, use192 ? "EVP_CipherInit_ex" : "EVP_AEAD_CTX_init");
	}
	return a;
}

static void aead_worker_free(void *w) { EVP_CIPHER_CTX_free(w); }

/* An EVP_AEAD_CTX is shared: no worker, and *err stays unset to say so. */
static void *aead_worker(void *p, char **err)
{
	fc_aead *a = p;
	if (a->aead != NULL)
		return NULL;
	EVP_CIPHER_CTX *w = EVP_CIPHER_CTX_new();
	if (w == NULL || !EVP_CIPHER_CTX_copy(w, a->gcm192)) {
		EVP_CIPHER_CTX_free(w);
		return fail_null(err, "EVP_CIPHER_CTX_copy");
	}
	return w;
}

static int aead_seal(void *t, void *wp, const uint8_t *nonce, size_t noncelen, const uint8_t *in, size_t inlen,
	const uint8_t *ad, size_t adlen, uint8_t *out)
{
	fc_aead *a = t;
	int ok;
	if (a->aead != NULL) {
		size_t got;
		ok = EVP_AEAD_CTX_seal(a->aead, out, &got, inlen + TAG_LEN, nonce, noncelen, nonnull(in), inlen,
			nonnull(ad), adlen) && got == inlen + TAG_LEN;
	} else {
		EVP_CIPHER_CTX *w = wp;
		int got;
		/* The EVP_CIPHER reads a 12-byte nonce whatever its length; the EVP_AEADs take the length. */
		ok = w != NULL && noncelen == 12 && EVP_CipherInit_ex(w, NULL, NULL, NULL, nonce, 1) &&
			update_chunked(w, NULL, ad, adlen) && update_chunked(w, out, in, inlen) &&
			EVP_CipherFinal_ex(w, out + inlen, &got) &&
			EVP_CIPHER_CTX_ctrl(w, EVP_CTRL_AEAD_GET_TAG, TAG_LEN, out + inlen);
	}
	return ok ? FC_OK : fail(NULL, FC_EFAIL, NULL);
}

static int aead_open(void *t, void *wp, const uint8_t *nonce, size_t noncelen, const uint8_t *in, size_t inlen,
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
		if (!EVP_AEAD_CTX_open(a->aead, out, &got, inlen - TAG_LEN, nonce, noncelen, in, inlen, nonnull(ad),
			    adlen) ||
			got != inlen - TAG_LEN)
			return fail(NULL, FC_EAUTH, NULL);
		return FC_OK;
	}
	EVP_CIPHER_CTX *w = wp;
	uint8_t tag[TAG_LEN];
	int got;
	inlen -= TAG_LEN;
	memcpy(tag, in + inlen, TAG_LEN);
	if (w == NULL || noncelen != 12 || !EVP_CipherInit_ex(w, NULL, NULL, NULL, nonce, 0) || !update_chunked(w, NULL, ad, adlen) ||
		!update_chunked(w, out, in, inlen) || !EVP_CIPHER_CTX_ctrl(w, EVP_CTRL_AEAD_SET_TAG, TAG_LEN, tag))
		return fail(NULL, FC_EFAIL, NULL);
	if (EVP_CipherFinal_ex(w, out + inlen, &got) != 1)
		return fail(NULL, FC_EAUTH, NULL);
	return FC_OK;
}

/* ---- AES modes ---- */

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
	if (c == NULL || (size_t)EVP_CIPHER_iv_length(c) != ivlen)
		return fail_null(err, "cipher not available for this key or IV size");
	/* Padding is set after the init: an init with a cipher resets it. */
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
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

/* EVP_CIPHER_CTX_free cleanses the key schedule. */
static void cipher_free(void *ctx) { EVP_CIPHER_CTX_free(ctx); }

static int cipher_update(void *ctx, const uint8_t *in, uint8_t *out, size_t n)
{
	return update_chunked(ctx, out, in, n) ? FC_OK : fail(NULL, FC_EFAIL, NULL);
}

/* ---- C reference loops ---- */

static int floor_run(int op, long iters, const uint8_t *in, size_t n, const uint8_t *key, size_t keylen)
{
	uint8_t out[EVP_MAX_MD_SIZE];
	int ok = 1;
	in = nonnull(in);
	switch (op) {
	case FC_FLOOR_SHA256: {
		EVP_MD_CTX *c = EVP_MD_CTX_new();
		ok = c != NULL;
		for (long i = 0; ok && i < iters; i++)
			ok = EVP_DigestInit_ex(c, mds[FC_SHA256], NULL) && EVP_DigestUpdate(c, in, n) &&
				EVP_DigestFinal_ex(c, out, NULL);
		EVP_MD_CTX_free(c);
		break;
	}
	case FC_FLOOR_HMAC_SHA256: {
		HMAC_CTX *c = HMAC_CTX_new();
		ok = c != NULL && keylen <= INT_MAX && HMAC_Init_ex(c, nonnull(key), (int)keylen, mds[FC_SHA256], NULL);
		for (long i = 0; ok && i < iters; i++)
			ok = HMAC_Init_ex(c, NULL, 0, NULL, NULL) && HMAC_Update(c, in, n) && HMAC_Final(c, out, NULL);
		HMAC_CTX_free(c);
		break;
	}
	case FC_FLOOR_AES_GCM_SEAL: {
		static const uint8_t nonce[12];
		int ki = key_index(keylen);
		uint8_t *buf = malloc(n + TAG_LEN);
		EVP_AEAD_CTX *c = EVP_AEAD_CTX_new();
		size_t got;
		ok = buf != NULL && c != NULL && ki >= 0 && gcm[ki] != NULL &&
			EVP_AEAD_CTX_init(c, gcm[ki], key, keylen, TAG_LEN, NULL);
		for (long i = 0; ok && i < iters; i++)
			ok = EVP_AEAD_CTX_seal(c, buf, &got, n + TAG_LEN, nonce, sizeof nonce, in, n, NULL, 0);
		EVP_AEAD_CTX_free(c);
		free(buf);
		break;
	}
	default: ok = 0;
	}
	return ok ? FC_OK : fail(NULL, FC_EFAIL, NULL);
}

const fc_ops fc_libressl_ops = {
	.abi = FC_ABI,
	.size = sizeof(fc_ops),
	.fork = "libressl",
	.built_version = LIBRESSL_VERSION_TEXT,
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
