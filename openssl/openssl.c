//go:build !libressl && !boringssl && !awslc

/*
 * forkcrypto's contract (shim/forkcrypto.h) on OpenSSL 3.
 *
 * OpenSSL 3 differs from the other forks in ways that shape this file:
 *  - Algorithms come from providers. An implicit fetch per call (EVP_sha256()
 *    and friends) costs 2-4x the digest itself on small inputs, so every
 *    algorithm is fetched once in fc_init and kept for the process.
 *  - The configuration must load before any provider query, or the default
 *    provider activates first and a FIPS configuration is bypassed.
 *  - HMAC is an EVP_MAC; AEADs are EVP_CIPHERs; there is no XChaCha20, so it
 *    is composed from the raw ChaCha20 block (HChaCha20) and
 *    ChaCha20-Poly1305, both computed by the provider.
 *  - Digest state is private to the provider: md_state is unsupported.
 */
#include <openssl/opensslv.h>

#if defined(OPENSSL_IS_AWSLC) || defined(OPENSSL_IS_BORINGSSL) || defined(LIBRESSL_VERSION_NUMBER) || \
	!defined(OPENSSL_VERSION_MAJOR) || OPENSSL_VERSION_MAJOR < 3
#error "forkcrypto: the openssl build tag needs OpenSSL 3 headers, but these belong to another fork or version. Point PKG_CONFIG_PATH at the directory holding OpenSSL 3's libcrypto.pc, or build with the tag of the fork these headers belong to (-tags libressl, boringssl or awslc)."
#endif

#include <limits.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/provider.h>
#include <openssl/rand.h>

#include "forkcrypto.h"


/* Names of the contract's digests in OpenSSL 3's provider namespace. */
static const char *const md_names[FC_MD_COUNT] = {
	[FC_MD5] = "MD5",
	[FC_SHA1] = "SHA1",
	[FC_SHA224] = "SHA2-224",
	[FC_SHA256] = "SHA2-256",
	[FC_SHA384] = "SHA2-384",
	[FC_SHA512] = "SHA2-512",
	[FC_SHA512_224] = "SHA2-512/224",
	[FC_SHA512_256] = "SHA2-512/256",
	[FC_SHA3_224] = "SHA3-224",
	[FC_SHA3_256] = "SHA3-256",
	[FC_SHA3_384] = "SHA3-384",
	[FC_SHA3_512] = "SHA3-512",
	[FC_SHAKE128] = "SHAKE-128",
	[FC_SHAKE256] = "SHAKE-256",
};

/* Key sizes 16, 24, 32 map to index 0, 1, 2. */
static const char *const gcm_names[3] = {"AES-128-GCM", "AES-192-GCM", "AES-256-GCM"};
static const char *const ecb_names[3] = {"AES-128-ECB", "AES-192-ECB", "AES-256-ECB"};
static const char *const cbc_names[3] = {"AES-128-CBC", "AES-192-CBC", "AES-256-CBC"};
static const char *const ctr_names[3] = {"AES-128-CTR", "AES-192-CTR", "AES-256-CTR"};

/* Fetched once in fc_init; read-only afterwards. */
static EVP_MD *mds[FC_MD_COUNT];
static EVP_MAC *hmac_mac;
static EVP_CIPHER *gcm[3], *ecb[3], *cbc[3], *ctr[3], *chacha_poly, *chacha;
static int fips_enabled, fips_capable;
/* Set when a fetch failed while FIPS was in force: the fork has the algorithm but the module refuses it. */
static unsigned char md_fips_refused[FC_MD_COUNT], aead_fips_refused[FC_AEAD_COUNT];

/* err_text drains the thread's error queue into a malloc'd string. */
static char *err_text(const char *what)
{
	char buf[1024], line[256];
	size_t off = 0;
	const char *data;
	int flags;
	unsigned long e;

	off = (size_t)snprintf(buf, sizeof buf, "%s", what);
	while ((e = ERR_get_error_all(NULL, NULL, NULL, &data, &flags)) != 0) {
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

static void init_hmac(void);

static int key_index(size_t keylen)
{
	switch (keylen) {
	case 16: return 0;
	case 24: return 1;
	case 32: return 2;
	}
	return -1;
}

static int is_xof(int md) { return md == FC_SHAKE128 || md == FC_SHAKE256; }

static int valid_md(int md) { return md > 0 && md < FC_MD_COUNT && mds[md] != NULL; }

/* ---- start-up ---- */

static EVP_CIPHER *fetch_cipher(const char *name)
{
	EVP_CIPHER *c = EVP_CIPHER_fetch(NULL, name, NULL);
	ERR_clear_error();
	return c;
}

static int init(char **err)
{
	/* The configuration first: a provider query before it activates the default provider. */
	if (!OPENSSL_init_crypto(OPENSSL_INIT_LOAD_CONFIG, NULL))
		return fail(err, FC_EFAIL, "loading the OpenSSL configuration");

	const char *v = OpenSSL_version(OPENSSL_VERSION);
	if (strncmp(v, "OpenSSL ", 8) != 0 || OPENSSL_version_major() != OPENSSL_VERSION_MAJOR ||
		OPENSSL_version_minor() < OPENSSL_VERSION_MINOR) {
		char buf[256];
		snprintf(buf, sizeof buf,
			"built against OpenSSL %d.%d headers, but the libcrypto loaded at run time is \"%s\"; "
			"run with the library the program was built against or rebuild against this one",
			OPENSSL_VERSION_MAJOR, OPENSSL_VERSION_MINOR, v);
		*err = strdup(buf);
		return FC_EFAIL;
	}

	fips_enabled = EVP_default_properties_is_fips_enabled(NULL);
	fips_capable = OSSL_PROVIDER_available(NULL, "fips");

	for (int md = 1; md < FC_MD_COUNT; md++) {
		mds[md] = EVP_MD_fetch(NULL, md_names[md], NULL);
		md_fips_refused[md] = mds[md] == NULL && fips_enabled;
	}
	hmac_mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	init_hmac();
	for (int i = 0; i < 3; i++) {
		gcm[i] = fetch_cipher(gcm_names[i]);
		ecb[i] = fetch_cipher(ecb_names[i]);
		cbc[i] = fetch_cipher(cbc_names[i]);
		ctr[i] = fetch_cipher(ctr_names[i]);
	}
	chacha_poly = fetch_cipher("ChaCha20-Poly1305");
	chacha = fetch_cipher("ChaCha20");
	aead_fips_refused[FC_AES_GCM] = gcm[0] == NULL && fips_enabled;
	aead_fips_refused[FC_CHACHA20_POLY1305] = chacha_poly == NULL && fips_enabled;
	aead_fips_refused[FC_XCHACHA20_POLY1305] = (chacha_poly == NULL || chacha == NULL) && fips_enabled;
	ERR_clear_error();
	return FC_OK;
}

static const char *version(void) { return OpenSSL_version(OPENSSL_VERSION); }

static void fips(int *capable, int *enabled)
{
	*capable = fips_capable;
	*enabled = fips_enabled;
}

static int support(int family, int alg)
{
	switch (family) {
	case FC_FAMILY_MD:
		if (alg <= 0 || alg >= FC_MD_COUNT)
			return FC_ABSENT;
		return mds[alg] != NULL || md_fips_refused[alg] ? FC_NATIVE : FC_ABSENT;
	case FC_FAMILY_HMAC:
		if (alg <= 0 || alg >= FC_MD_COUNT || is_xof(alg) || hmac_mac == NULL)
			return FC_ABSENT;
		return mds[alg] != NULL || md_fips_refused[alg] ? FC_NATIVE : FC_ABSENT;
	case FC_FAMILY_AEAD:
		switch (alg) {
		case FC_AES_GCM:
			return gcm[0] != NULL || aead_fips_refused[alg] ? FC_NATIVE : FC_ABSENT;
		case FC_CHACHA20_POLY1305:
			return chacha_poly != NULL || aead_fips_refused[alg] ? FC_NATIVE : FC_ABSENT;
		case FC_XCHACHA20_POLY1305:
			return (chacha_poly != NULL && chacha != NULL) || aead_fips_refused[alg] ? FC_COMPOSED
												  : FC_ABSENT;
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

static int fips_allowed(int family, int alg)
{
	switch (family) {
	case FC_FAMILY_MD:
	case FC_FAMILY_HMAC:
		return alg > 0 && alg < FC_MD_COUNT && !md_fips_refused[alg];
	case FC_FAMILY_AEAD:
		return alg > 0 && alg < FC_AEAD_COUNT && !aead_fips_refused[alg];
	}
	return 1;
}

/* ---- random ---- */

static int rand_bytes(uint8_t *out, size_t n, char **err)
{
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
	if (!valid_md(md))
		return fail_null(err, "digest not available");
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
	if (outlen != (size_t)EVP_MD_get_size(mds[md]))
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
 * hot path allocates nothing. A cgo call stays on one thread from start to
 * end, which makes the cache safe without locks.
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

static int md_state(void *ctx, int md, int set, fc_md_state *st)
{
	(void)ctx, (void)md, (void)set, (void)st;
	return FC_EUNSUPPORTED; /* provider digests keep their state private */
}

/* ---- HMAC ---- */

/*
 * Setting the digest of an EVP_MAC_CTX fetches it by name, which costs more
 * than the MAC of a short message. So each digest gets one unkeyed context
 * with the digest set (built once in init), and a new HMAC is a copy of it
 * plus the key.
 */
static EVP_MAC_CTX *hmac_unkeyed[FC_MD_COUNT];

/* The one-shot path keys a context cached per thread and digest: no allocation. */
static __thread EVP_MAC_CTX *hmac_oneshot_ctx[FC_MD_COUNT];

typedef struct {
	uint8_t key[128];
	size_t len; /* SIZE_MAX: no key remembered */
} hmac_last_key;

static __thread hmac_last_key hmac_oneshot_key[FC_MD_COUNT] = {[0 ... FC_MD_COUNT - 1] = {.len = SIZE_MAX}};

static int hmac_md_ok(int md) { return valid_md(md) && !is_xof(md) && hmac_unkeyed[md] != NULL; }

static void init_hmac(void)
{
	if (hmac_mac == NULL)
		return;
	for (int md = 1; md < FC_MD_COUNT; md++) {
		if (mds[md] == NULL || is_xof(md))
			continue;
		OSSL_PARAM params[] = {
			OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)md_names[md], 0),
			OSSL_PARAM_construct_end(),
		};
		EVP_MAC_CTX *c = EVP_MAC_CTX_new(hmac_mac);
		if (c != NULL && !EVP_MAC_CTX_set_params(c, params)) {
			EVP_MAC_CTX_free(c);
			c = NULL;
		}
		hmac_unkeyed[md] = c;
	}
	ERR_clear_error();
}

/* hmac_key keys c. A NULL key would mean "keep the previous key"; an empty key is a real key. */
static int hmac_key(EVP_MAC_CTX *c, const uint8_t *key, size_t keylen)
{
	static const uint8_t empty[1];
	return EVP_MAC_init(c, keylen ? key : empty, keylen, NULL);
}

static int hmac_oneshot(int md, const uint8_t *key, size_t keylen, const uint8_t *p, size_t n, uint8_t *out,
	size_t outlen)
{
	if (!hmac_md_ok(md))
		return FC_EUNSUPPORTED;
	EVP_MAC_CTX *c = hmac_oneshot_ctx[md];
	if (c == NULL && (c = hmac_oneshot_ctx[md] = EVP_MAC_CTX_dup(hmac_unkeyed[md])) == NULL)
		return fail(NULL, FC_EFAIL, NULL);
	/*
	 * Keying costs OpenSSL 3 three digest inits, more than the MAC of a short
	 * message, and services often MAC one message per object under the same
	 * secret (a token verifier). So the context remembers its last key and,
	 * when it comes again, restarts from the keyed state instead.
	 */
	hmac_last_key *last = &hmac_oneshot_key[md];
	int same = last->len == keylen && keylen <= sizeof last->key && CRYPTO_memcmp(last->key, key, keylen) == 0;
	int ok = same ? EVP_MAC_init(c, NULL, 0, NULL) : hmac_key(c, key, keylen);
	if (!same) {
		OPENSSL_cleanse(last, sizeof *last);
		if (ok && keylen <= sizeof last->key) {
			memcpy(last->key, key, keylen);
			last->len = keylen;
		} else {
			last->len = SIZE_MAX;
		}
	}
	size_t got = 0;
	ok = ok && (n == 0 || EVP_MAC_update(c, p, n)) && EVP_MAC_final(c, out, &got, outlen) && got == outlen;
	return ok ? FC_OK : fail(NULL, FC_EFAIL, NULL);
}

static void hmac_free(void *h) { EVP_MAC_CTX_free(h); }

static void *hmac_new(int md, const uint8_t *key, size_t keylen, char **err)
{
	if (!hmac_md_ok(md))
		return fail_null(err, "HMAC digest not available");
	EVP_MAC_CTX *c = EVP_MAC_CTX_dup(hmac_unkeyed[md]);
	if (c == NULL || !hmac_key(c, key, keylen)) {
		EVP_MAC_CTX_free(c);
		return fail_null(err, "EVP_MAC_init");
	}
	return c;
}

static void *hmac_clone(const void *h, char **err)
{
	EVP_MAC_CTX *c = EVP_MAC_CTX_dup(h);
	return c != NULL ? c : fail_null(err, "EVP_MAC_CTX_dup");
}

static int hmac_update(void *h, int reset, const uint8_t *in, size_t n)
{
	if (reset && !EVP_MAC_init(h, NULL, 0, NULL))
		return fail(NULL, FC_EFAIL, NULL);
	if (n > 0 && !EVP_MAC_update(h, in, n))
		return fail(NULL, FC_EFAIL, NULL);
	return FC_OK;
}

static int hmac_sum(void *h, int reset, const uint8_t *in, size_t n, uint8_t *out, size_t outlen)
{
	/* After a reset h's state is being discarded, so it can be used up; otherwise work on a copy. */
	EVP_MAC_CTX *c = reset ? h : EVP_MAC_CTX_dup(h);
	size_t got = 0;
	int ok = c != NULL && (!reset || EVP_MAC_init(c, NULL, 0, NULL)) && (n == 0 || EVP_MAC_update(c, in, n)) &&
		EVP_MAC_final(c, out, &got, outlen) && got == outlen;
	if (!reset)
		EVP_MAC_CTX_free(c);
	return ok ? FC_OK : fail(NULL, FC_EFAIL, NULL);
}

/* ---- AEADs ---- */

/* EVP_CipherUpdate takes int lengths: feed larger inputs in pieces. */
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

typedef struct {
	int aead;
	EVP_CIPHER_CTX *ctx; /* keyed; NULL for XChaCha20-Poly1305 */
	uint8_t key[32]; /* XChaCha20-Poly1305 only: the subkey changes per nonce */
} fc_aead;

typedef struct {
	EVP_CIPHER_CTX *ctx, *stream;
} fc_aead_worker;

static void aead_free(void *p)
{
	fc_aead *a = p;
	if (a == NULL)
		return;
	EVP_CIPHER_CTX_free(a->ctx);
	OPENSSL_cleanse(a, sizeof *a);
	free(a);
}

static void *aead_new(int aead, const uint8_t *key, size_t keylen, char **err)
{
	const EVP_CIPHER *cipher = NULL;
	int ki = key_index(keylen);
	switch (aead) {
	case FC_AES_GCM: cipher = ki < 0 ? NULL : gcm[ki]; break;
	case FC_CHACHA20_POLY1305: cipher = keylen == 32 ? chacha_poly : NULL; break;
	case FC_XCHACHA20_POLY1305: cipher = keylen == 32 && chacha != NULL ? chacha_poly : NULL; break;
	}
	if (cipher == NULL)
		return fail_null(err, "AEAD not available for this key size");
	fc_aead *a = calloc(1, sizeof *a);
	if (a == NULL)
		return fail_null(err, "out of memory");
	a->aead = aead;
	if (aead == FC_XCHACHA20_POLY1305) {
		memcpy(a->key, key, 32);
		return a;
	}
	if ((a->ctx = EVP_CIPHER_CTX_new()) == NULL || !EVP_CipherInit_ex(a->ctx, cipher, NULL, key, NULL, 1)) {
		aead_free(a);
		return fail_null(err, "EVP_CipherInit_ex");
	}
	return a;
}

static void aead_worker_free(void *p)
{
	fc_aead_worker *w = p;
	if (w == NULL)
		return;
	EVP_CIPHER_CTX_free(w->ctx);
	EVP_CIPHER_CTX_free(w->stream);
	free(w);
}

static void *aead_worker(void *p, char **err)
{
	fc_aead *a = p;
	fc_aead_worker *w = calloc(1, sizeof *w);
	if (w == NULL)
		return fail_null(err, "out of memory");
	int ok = (w->ctx = EVP_CIPHER_CTX_new()) != NULL;
	if (a->aead == FC_XCHACHA20_POLY1305)
		ok = ok && (w->stream = EVP_CIPHER_CTX_new()) != NULL &&
			EVP_CipherInit_ex(w->ctx, chacha_poly, NULL, NULL, NULL, 1);
	else
		ok = ok && EVP_CIPHER_CTX_copy(w->ctx, a->ctx);
	if (!ok) {
		aead_worker_free(w);
		return fail_null(err, "EVP_CIPHER_CTX_copy");
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
	if (!EVP_CipherInit_ex(stream, chacha, NULL, key, nonce, 1) ||
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

static int aead_seal(void *t, void *wp, const uint8_t *nonce, size_t noncelen, const uint8_t *in, size_t inlen,
	const uint8_t *ad, size_t adlen, uint8_t *out)
{
	fc_aead_worker *w = wp;
	int got;
	(void)noncelen; /* checked in Go */
	int ok = aead_start(t, w, nonce, 1) && update_chunked(w->ctx, NULL, ad, adlen) &&
		update_chunked(w->ctx, out, in, inlen) && EVP_CipherFinal_ex(w->ctx, out + inlen, &got) &&
		EVP_CIPHER_CTX_ctrl(w->ctx, EVP_CTRL_AEAD_GET_TAG, 16, out + inlen);
	return ok ? FC_OK : fail(NULL, FC_EFAIL, NULL);
}

static int aead_open(void *t, void *wp, const uint8_t *nonce, size_t noncelen, const uint8_t *in, size_t inlen,
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
	if (!aead_start(t, w, nonce, 0) || !update_chunked(w->ctx, NULL, ad, adlen) ||
		!update_chunked(w->ctx, out, in, inlen) || !EVP_CIPHER_CTX_ctrl(w->ctx, EVP_CTRL_AEAD_SET_TAG, 16, tag))
		return fail(NULL, FC_EFAIL, NULL);
	/* A tag mismatch queues nothing on any fork. */
	if (EVP_CipherFinal_ex(w->ctx, out + inlen, &got) != 1)
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
	if (c == NULL || (size_t)EVP_CIPHER_get_iv_length(c) != ivlen)
		return fail_null(err, "cipher not available for this key or IV size");
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
			ok = EVP_DigestInit_ex(c, mds[FC_SHA256], NULL) && EVP_DigestUpdate(c, in, n) &&
				EVP_DigestFinal_ex(c, out, NULL);
		EVP_MD_CTX_free(c);
		break;
	}
	case FC_FLOOR_HMAC_SHA256: {
		OSSL_PARAM params[] = {
			OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, "SHA2-256", 0),
			OSSL_PARAM_construct_end(),
		};
		EVP_MAC_CTX *c = EVP_MAC_CTX_new(hmac_mac);
		size_t got;
		ok = EVP_MAC_init(c, key, keylen, params);
		for (long i = 0; ok && i < iters; i++)
			ok = EVP_MAC_init(c, NULL, 0, NULL) && EVP_MAC_update(c, in, n) &&
				EVP_MAC_final(c, out, &got, sizeof out);
		EVP_MAC_CTX_free(c);
		break;
	}
	case FC_FLOOR_AES_GCM_SEAL: {
		static const uint8_t nonce[12];
		uint8_t *buf = malloc(n + 16);
		EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
		int got;
		ok = buf != NULL && key_index(keylen) >= 0 &&
			EVP_CipherInit_ex(c, gcm[key_index(keylen)], NULL, key, NULL, 1);
		for (long i = 0; ok && i < iters; i++)
			ok = EVP_CipherInit_ex(c, NULL, NULL, NULL, nonce, 1) &&
				EVP_CipherUpdate(c, buf, &got, in, (int)n) && EVP_CipherFinal_ex(c, buf + n, &got) &&
				EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_GET_TAG, 16, buf + n);
		EVP_CIPHER_CTX_free(c);
		free(buf);
		break;
	}
	default: ok = 0;
	}
	return ok ? FC_OK : fail(NULL, FC_EFAIL, NULL);
}

const fc_ops fc_openssl_ops = {
	.abi = FC_ABI,
	.size = sizeof(fc_ops),
	.fork = "openssl",
	.built_version = OPENSSL_VERSION_TEXT,
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
