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
 *  - Keys are built with EVP_PKEY_fromdata from stack-built OSSL_PARAMs
 *    (the EC_KEY/RSA setters are deprecated). OSSL_PARAM integers are in
 *    native byte order, so RSA's big-endian parts are reversed on the way
 *    in. An EC public key is instead a duplicate of a per-curve parameters
 *    key with the point set (EVP_PKEY_set1_encoded_public_key): P-256 on
 *    3.0, 4.3 us against 17 us for fromdata (which builds a new EC_GROUP
 *    per key, OSSL_PARAM_BLD or not) and 108 us for d2i_PUBKEY. A legacy
 *    EC_KEY imports in 2.1 us but costs 22 us more at its first operation,
 *    when it is exported to the provider.
 *  - fromdata derives nothing: an EC private key's point is computed here
 *    with EC_POINT_mul, RSA's CRT values with BN when any is absent.
 *  - RSA's full check (EVP_PKEY_check, EVP_PKEY_pairwise_check) tests p and
 *    q for primality, 35 ms for RSA-2048, and EVP_PKEY_private_check only
 *    bounds d; so the arithmetic consistency (n = pq, d, CRT values) is
 *    checked here with BN, as BoringSSL's RSA_check_key does.
 *  - An EC point off the curve is refused by the provider's decoder
 *    (EC_POINT_oct2point, when the point is set); an X25519 result of all
 *    zeros by the derivation itself. 3.2+ answers a bad PKCS #1 v1.5
 *    padding with a random message (implicit rejection), which is switched
 *    off.
 *  - The FIPS provider has no X25519: its key management fetch fails at init.
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
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/params.h>
#include <openssl/provider.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

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
static unsigned char pkey_fips_refused[FC_PKEY_COUNT];

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
static void init_pkey(void);
static int pkey_available(int kind);

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
	init_pkey();
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
		return FC_ABSENT;
	case FC_FAMILY_PKEY:
		if (alg <= 0 || alg >= FC_PKEY_COUNT)
			return FC_ABSENT;
		return pkey_available(alg) || pkey_fips_refused[alg] ? FC_NATIVE : FC_ABSENT;
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
	case FC_FAMILY_PKEY:
		return alg > 0 && alg < FC_PKEY_COUNT && !pkey_fips_refused[alg];
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

/* ---- public keys ---- */

/* The contract's curves: OpenSSL's group names, NIDs and field sizes in bytes. */
static const struct {
	const char *name;
	int nid;
	size_t size;
} curves[FC_PKEY_P521 + 1] = {
	[FC_PKEY_P224] = {"secp224r1", NID_secp224r1, 28},
	[FC_PKEY_P256] = {"prime256v1", NID_X9_62_prime256v1, 32},
	[FC_PKEY_P384] = {"secp384r1", NID_secp384r1, 48},
	[FC_PKEY_P521] = {"secp521r1", NID_secp521r1, 66},
};

/* Key management names; fetched once in init to learn what the providers offer. */
static const char *const keymgmt_names[FC_PKEY_COUNT] = {
	[FC_PKEY_P224] = "EC",
	[FC_PKEY_P256] = "EC",
	[FC_PKEY_P384] = "EC",
	[FC_PKEY_P521] = "EC",
	[FC_PKEY_ED25519] = "ED25519",
	[FC_PKEY_X25519] = "X25519",
	[FC_PKEY_RSA] = "RSA",
};

#define EC_PUB_MAX (1 + 2 * 66)

/*
 * Fetched once in fc_init; read-only afterwards (EC_POINT_mul takes a const
 * group, EVP_PKEY_dup a const key). ec_templates hold each curve's
 * parameters and no point: ec_public copies them.
 */
static EC_GROUP *groups[FC_PKEY_P521 + 1];
static EVP_PKEY *ec_templates[FC_PKEY_P521 + 1];
static EVP_KEYMGMT *keymgmts[FC_PKEY_COUNT];

typedef struct {
	int kind;
	int priv; /* holds a private key */
	EVP_PKEY *pkey;
	size_t publen; /* EC, Ed25519, X25519: the public part, cached at creation */
	uint8_t pub[EC_PUB_MAX];
} fc_pkey;

static int is_ec(int kind) { return kind >= FC_PKEY_P224 && kind <= FC_PKEY_P521; }

/* fromdata builds a key of keymgmt name from params. */
static EVP_PKEY *fromdata(const char *name, int selection, OSSL_PARAM *params)
{
	EVP_PKEY *pkey = NULL;
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, name, NULL);
	if (ctx == NULL || EVP_PKEY_fromdata_init(ctx) <= 0 || EVP_PKEY_fromdata(ctx, &pkey, selection, params) <= 0)
		pkey = NULL;
	EVP_PKEY_CTX_free(ctx);
	return pkey;
}

static void init_pkey(void)
{
	for (int kind = 1; kind < FC_PKEY_COUNT; kind++) {
		keymgmts[kind] = EVP_KEYMGMT_fetch(NULL, keymgmt_names[kind], NULL);
		if (is_ec(kind) && keymgmts[kind] != NULL) {
			groups[kind] = EC_GROUP_new_by_curve_name_ex(NULL, NULL, curves[kind].nid);
			OSSL_PARAM params[] = {
				OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, (char *)curves[kind].name, 0),
				OSSL_PARAM_construct_end(),
			};
			ec_templates[kind] = fromdata("EC", EVP_PKEY_KEY_PARAMETERS, params);
		}
		pkey_fips_refused[kind] = keymgmts[kind] == NULL && fips_enabled;
	}
	ERR_clear_error();
}

static int pkey_available(int kind)
{
	return kind > 0 && kind < FC_PKEY_COUNT && keymgmts[kind] != NULL &&
		(!is_ec(kind) || (groups[kind] != NULL && ec_templates[kind] != NULL));
}

/* pkey_unavailable is the status for a kind the providers in force do not offer. */
static int pkey_unavailable(int kind, char **err)
{
	int refused = kind > 0 && kind < FC_PKEY_COUNT && pkey_fips_refused[kind];
	return fail(err, refused ? FC_EFIPS : FC_EUNSUPPORTED,
		refused ? "refused by the FIPS provider" : "key type not available");
}

static void pkey_free(void *p)
{
	fc_pkey *k = p;
	if (k == NULL)
		return;
	EVP_PKEY_free(k->pkey);
	free(k);
}

static int pkey_wrap(int kind, int priv, EVP_PKEY *pkey, const uint8_t *pub, size_t publen, void **out, char **err)
{
	fc_pkey *k = calloc(1, sizeof *k);
	if (k == NULL) {
		EVP_PKEY_free(pkey);
		return fail(err, FC_EFAIL, "out of memory");
	}
	k->kind = kind, k->priv = priv, k->pkey = pkey;
	if (publen > sizeof k->pub) {
		pkey_free(k);
		return fail(err, FC_EFAIL, "public key too long");
	}
	memcpy(k->pub, pub, publen);
	k->publen = publen;
	*out = k;
	return FC_OK;
}

/*
 * ec_keypair imports an EC private key from its scalar d and the point derived
 * from it, with stack-built OSSL_PARAMs.
 */
static EVP_PKEY *ec_keypair(int kind, const uint8_t *pub, size_t publen, const BIGNUM *d)
{
	uint8_t priv[66];
	size_t size = curves[kind].size;
	/* An OSSL_PARAM integer is in native byte order. */
	if (BN_bn2nativepad(d, priv, (int)size) < 0)
		return NULL;
	OSSL_PARAM params[] = {
		OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, (char *)curves[kind].name, 0),
		OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, (void *)pub, publen),
		OSSL_PARAM_construct_BN(OSSL_PKEY_PARAM_PRIV_KEY, priv, size),
		OSSL_PARAM_construct_end(),
	};
	EVP_PKEY *pkey = fromdata("EC", EVP_PKEY_KEYPAIR, params);
	OPENSSL_cleanse(priv, sizeof priv);
	return pkey;
}

static int ec_pub_ok(int kind, const uint8_t *pub, size_t publen)
{
	return pub != NULL && publen == 1 + 2 * curves[kind].size && pub[0] == 4;
}

/*
 * ec_public imports an uncompressed point checked by ec_pub_ok. Setting it
 * decodes it with EC_POINT_oct2point, which rejects a point off the curve.
 */
static EVP_PKEY *ec_public(int kind, const uint8_t *pub, size_t publen)
{
	EVP_PKEY *pkey = EVP_PKEY_dup(ec_templates[kind]);
	if (pkey != NULL && EVP_PKEY_set1_encoded_public_key(pkey, pub, publen) <= 0) {
		EVP_PKEY_free(pkey);
		pkey = NULL;
	}
	return pkey;
}

static int ec_new(int kind, const uint8_t *const *parts, const size_t *lens, void **k, char **err)
{
	const EC_GROUP *g = groups[kind];
	size_t size = curves[kind].size;
	const uint8_t *pub = parts[FC_PART_PUB];
	size_t publen = lens[FC_PART_PUB];
	if (publen != 0 && !ec_pub_ok(kind, pub, publen))
		return fail(err, FC_EINVALIDKEY, "EC public key is not an uncompressed point of the curve's size");
	if (lens[FC_PART_PRIV] == 0) {
		if (publen == 0)
			return fail(err, FC_EINVALIDKEY, "EC key has neither a public nor a private part");
		EVP_PKEY *pkey = ec_public(kind, pub, publen);
		if (pkey == NULL)
			return fail(err, FC_EINVALIDKEY, "EC public key rejected");
		return pkey_wrap(kind, 0, pkey, pub, publen, k, err);
	}
	if (parts[FC_PART_PRIV] == NULL || lens[FC_PART_PRIV] > size)
		return fail(err, FC_EINVALIDKEY, "EC private key longer than the curve size");

	/* OpenSSL does not derive the point on import: compute it from the scalar. */
	uint8_t derived[EC_PUB_MAX];
	size_t dlen = 0;
	int st = FC_EFAIL;
	const char *what = "EC private key import";
	EVP_PKEY *pkey = NULL;
	BN_CTX *bnctx = BN_CTX_secure_new();
	BIGNUM *d = BN_secure_new();
	EC_POINT *pt = EC_POINT_new(g);
	if (bnctx == NULL || d == NULL || pt == NULL)
		goto out;
	BN_set_flags(d, BN_FLG_CONSTTIME);
	if (BN_bin2bn(parts[FC_PART_PRIV], (int)lens[FC_PART_PRIV], d) == NULL)
		goto out;
	if (BN_is_zero(d) || BN_cmp(d, EC_GROUP_get0_order(g)) >= 0) {
		st = FC_EINVALIDKEY, what = "EC private scalar out of range";
		goto out;
	}
	if (!EC_POINT_mul(g, pt, d, NULL, NULL, bnctx) ||
		(dlen = EC_POINT_point2oct(g, pt, POINT_CONVERSION_UNCOMPRESSED, derived, sizeof derived, bnctx)) !=
			1 + 2 * size)
		goto out;
	if (publen != 0 && (publen != dlen || CRYPTO_memcmp(pub, derived, dlen) != 0)) {
		st = FC_EINVALIDKEY, what = "EC public point does not match the private scalar";
		goto out;
	}
	if ((pkey = ec_keypair(kind, derived, dlen, d)) == NULL)
		goto out;
	st = pkey_wrap(kind, 1, pkey, derived, dlen, k, err);
	pkey = NULL;
	what = NULL;
out:
	EVP_PKEY_free(pkey);
	EC_POINT_free(pt);
	BN_clear_free(d);
	BN_CTX_free(bnctx);
	return what == NULL ? st : fail(err, st, what);
}

/* ecx_new imports Ed25519 or X25519 from raw bytes; a private key's public half is derived. */
static int ecx_new(int kind, const uint8_t *const *parts, const size_t *lens, void **k, char **err)
{
	const char *name = keymgmt_names[kind];
	const uint8_t *pub = parts[FC_PART_PUB];
	size_t publen = lens[FC_PART_PUB];
	if ((publen != 0 && (pub == NULL || publen != 32)) ||
		(lens[FC_PART_PRIV] != 0 && (parts[FC_PART_PRIV] == NULL || lens[FC_PART_PRIV] != 32)))
		return fail(err, FC_EINVALIDKEY, "key part is not 32 bytes");
	if (lens[FC_PART_PRIV] == 0) {
		if (publen == 0)
			return fail(err, FC_EINVALIDKEY, "key has neither a public nor a private part");
		EVP_PKEY *pkey = EVP_PKEY_new_raw_public_key_ex(NULL, name, NULL, pub, publen);
		if (pkey == NULL)
			return fail(err, FC_EINVALIDKEY, "EVP_PKEY_new_raw_public_key_ex");
		return pkey_wrap(kind, 0, pkey, pub, publen, k, err);
	}
	EVP_PKEY *pkey = EVP_PKEY_new_raw_private_key_ex(NULL, name, NULL, parts[FC_PART_PRIV], 32);
	if (pkey == NULL)
		return fail(err, FC_EINVALIDKEY, "EVP_PKEY_new_raw_private_key_ex");
	uint8_t derived[32];
	size_t dlen = sizeof derived;
	if (!EVP_PKEY_get_raw_public_key(pkey, derived, &dlen) || dlen != 32) {
		EVP_PKEY_free(pkey);
		return fail(err, FC_EFAIL, "EVP_PKEY_get_raw_public_key");
	}
	if (publen != 0 && CRYPTO_memcmp(pub, derived, 32) != 0) {
		EVP_PKEY_free(pkey);
		return fail(err, FC_EINVALIDKEY, "public key does not match the private key");
	}
	return pkey_wrap(kind, 1, pkey, derived, dlen, k, err);
}

static int host_little_endian(void)
{
	const union {
		uint32_t u;
		uint8_t c[4];
	} one = {1};
	return one.c[0] == 1;
}

/* be_to_native copies the big-endian integer src into dst in native byte order, as OSSL_PARAM wants it. */
static void be_to_native(uint8_t *dst, const uint8_t *src, size_t n)
{
	if (!host_little_endian()) {
		memcpy(dst, src, n);
		return;
	}
	for (size_t i = 0; i < n; i++)
		dst[i] = src[n - 1 - i];
}

static const char *const rsa_param_names[FC_PART_COUNT] = {
	[FC_PART_PUB] = OSSL_PKEY_PARAM_RSA_N,
	[FC_PART_PRIV] = OSSL_PKEY_PARAM_RSA_D,
	[FC_PART_E] = OSSL_PKEY_PARAM_RSA_E,
	[FC_PART_P] = OSSL_PKEY_PARAM_RSA_FACTOR1,
	[FC_PART_Q] = OSSL_PKEY_PARAM_RSA_FACTOR2,
	[FC_PART_DP] = OSSL_PKEY_PARAM_RSA_EXPONENT1,
	[FC_PART_DQ] = OSSL_PKEY_PARAM_RSA_EXPONENT2,
	[FC_PART_QINV] = OSSL_PKEY_PARAM_RSA_COEFFICIENT1,
};

/* rsa_crt computes DP, DQ and QINV from d, p and q. */
static int rsa_crt(const BIGNUM *d, const BIGNUM *p, const BIGNUM *q, BIGNUM *dp, BIGNUM *dq, BIGNUM *qinv,
	BN_CTX *bnctx)
{
	BN_CTX_start(bnctx);
	BIGNUM *pm1 = BN_CTX_get(bnctx), *qm1 = BN_CTX_get(bnctx);
	int ok = qm1 != NULL && BN_sub(pm1, p, BN_value_one()) && BN_sub(qm1, q, BN_value_one()) &&
		BN_mod(dp, d, pm1, bnctx) && BN_mod(dq, d, qm1, bnctx) && BN_mod_inverse(qinv, q, p, bnctx) != NULL;
	BN_CTX_end(bnctx);
	return ok;
}

/*
 * rsa_consistent checks a private key's arithmetic, as BoringSSL's
 * RSA_check_key does: n = pq, de = 1 mod p-1 and mod q-1, and the CRT values
 * are d mod p-1, d mod q-1 and q^-1 mod p. 1: consistent, 0: not, -1: error.
 */
static int rsa_consistent(BIGNUM *const *bn, BN_CTX *bnctx)
{
	BN_CTX_start(bnctx);
	BIGNUM *t = BN_CTX_get(bnctx), *pm1 = BN_CTX_get(bnctx), *qm1 = BN_CTX_get(bnctx), *r = BN_CTX_get(bnctx);
	const BIGNUM *d = bn[FC_PART_PRIV], *p = bn[FC_PART_P], *q = bn[FC_PART_Q];
	int st = -1;
	if (r == NULL || !BN_sub(pm1, p, BN_value_one()) || !BN_sub(qm1, q, BN_value_one()))
		goto out;
	BN_set_flags(t, BN_FLG_CONSTTIME);
	BN_set_flags(r, BN_FLG_CONSTTIME);
	st = 0;
	if (!BN_mul(t, p, q, bnctx))
		goto err;
	if (BN_cmp(t, bn[FC_PART_PUB]) != 0)
		goto out;
	if (!BN_mul(t, d, bn[FC_PART_E], bnctx) || !BN_mod(r, t, pm1, bnctx))
		goto err;
	if (!BN_is_one(r))
		goto out;
	if (!BN_mod(r, t, qm1, bnctx))
		goto err;
	if (!BN_is_one(r))
		goto out;
	if (!BN_mod(r, d, pm1, bnctx))
		goto err;
	if (BN_cmp(r, bn[FC_PART_DP]) != 0)
		goto out;
	if (!BN_mod(r, d, qm1, bnctx))
		goto err;
	if (BN_cmp(r, bn[FC_PART_DQ]) != 0)
		goto out;
	if (BN_cmp(bn[FC_PART_QINV], p) >= 0)
		goto out;
	if (!BN_mod_mul(r, bn[FC_PART_QINV], q, p, bnctx))
		goto err;
	if (!BN_is_one(r))
		goto out;
	st = 1;
	goto out;
err:
	st = -1;
out:
	BN_CTX_end(bnctx);
	return st;
}

/*
 * rsa_new imports an RSA key through stack-built OSSL_PARAMs. The integers
 * arrive big-endian and OSSL_PARAM wants them in native order, so they are
 * converted into one scratch buffer (cleansed afterwards).
 */
static int rsa_new(const uint8_t *const *parts, const size_t *lens, void **k, char **err)
{
	int priv = lens[FC_PART_PRIV] != 0;
	if (lens[FC_PART_PUB] == 0 || lens[FC_PART_E] == 0 || parts[FC_PART_PUB] == NULL || parts[FC_PART_E] == NULL)
		return fail(err, FC_EINVALIDKEY, "RSA key lacks n or e");
	if (priv && (lens[FC_PART_P] == 0 || lens[FC_PART_Q] == 0 || parts[FC_PART_P] == NULL ||
			    parts[FC_PART_Q] == NULL || parts[FC_PART_PRIV] == NULL))
		return fail(err, FC_EINVALIDKEY, "RSA private key lacks P or Q");
	for (int i = 0; i < FC_PART_COUNT; i++)
		if (lens[i] > INT_MAX / 4)
			return fail(err, FC_EINVALIDKEY, "RSA key part too long");

	int crt = priv && (lens[FC_PART_DP] == 0 || lens[FC_PART_DQ] == 0 || lens[FC_PART_QINV] == 0);
	int nparts = priv ? FC_PART_COUNT : 0;
	BN_CTX *bnctx = NULL;
	BIGNUM *bn[FC_PART_COUNT] = {NULL};
	size_t sizes[FC_PART_COUNT] = {0}, total = 0;
	uint8_t *scratch = NULL;
	EVP_PKEY *pkey = NULL;
	EVP_PKEY_CTX *check = NULL;
	int st = FC_EFAIL;
	const char *what = "RSA key import";

	if (priv) {
		if ((bnctx = BN_CTX_secure_new()) == NULL)
			goto out;
		for (int i = 0; i < FC_PART_COUNT; i++) {
			int secret = i != FC_PART_PUB && i != FC_PART_E;
			if ((bn[i] = secret ? BN_secure_new() : BN_new()) == NULL)
				goto out;
			if (secret)
				BN_set_flags(bn[i], BN_FLG_CONSTTIME);
			if (lens[i] != 0 && BN_bin2bn(parts[i], (int)lens[i], bn[i]) == NULL)
				goto out;
		}
		if (BN_cmp(bn[FC_PART_P], BN_value_one()) <= 0 || BN_cmp(bn[FC_PART_Q], BN_value_one()) <= 0) {
			st = FC_EINVALIDKEY, what = "RSA prime too small";
			goto out;
		}
		/* Compute the CRT values; don't rely on fromdata to derive them (3.0 does not). */
		if (crt && !rsa_crt(bn[FC_PART_PRIV], bn[FC_PART_P], bn[FC_PART_Q], bn[FC_PART_DP], bn[FC_PART_DQ],
				   bn[FC_PART_QINV], bnctx)) {
			st = FC_EINVALIDKEY, what = "RSA CRT values cannot be computed from d, P and Q";
			goto out;
		}
		int c = rsa_consistent(bn, bnctx);
		if (c <= 0) {
			st = c < 0 ? FC_EFAIL : FC_EINVALIDKEY, what = "RSA key is inconsistent";
			goto out;
		}
	}
	for (int i = 0; i < FC_PART_COUNT; i++) {
		int computed = crt && (i == FC_PART_DP || i == FC_PART_DQ || i == FC_PART_QINV);
		sizes[i] = computed ? (size_t)BN_num_bytes(bn[i]) : lens[i];
		if (i == FC_PART_PUB || i == FC_PART_E || priv)
			total += sizes[i];
	}
	if ((scratch = OPENSSL_secure_malloc(total ? total : 1)) == NULL)
		goto out;

	OSSL_PARAM params[FC_PART_COUNT + 1];
	int n = 0;
	uint8_t *w = scratch;
	for (int i = 0; i < FC_PART_COUNT; i++) {
		if (i != FC_PART_PUB && i != FC_PART_E && i >= nparts)
			continue;
		int computed = crt && (i == FC_PART_DP || i == FC_PART_DQ || i == FC_PART_QINV);
		if (computed) {
			if (BN_bn2nativepad(bn[i], w, (int)sizes[i]) < 0)
				goto out;
		} else {
			be_to_native(w, parts[i], sizes[i]);
		}
		params[n++] = OSSL_PARAM_construct_BN(rsa_param_names[i], w, sizes[i]);
		w += sizes[i];
	}
	params[n] = OSSL_PARAM_construct_end();
	if ((pkey = fromdata("RSA", priv ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY, params)) == NULL) {
		st = FC_EINVALIDKEY, what = "RSA key rejected";
		goto out;
	}
	if (priv) {
		/*
		 * The fork's own bound check on d. Its full check (EVP_PKEY_check and
		 * EVP_PKEY_pairwise_check run RSA_check_key_ex) would also catch a
		 * wrong d or CRT value, but tests p and q for primality: 35 ms for
		 * RSA-2048. rsa_consistent above does the arithmetic part in microseconds.
		 */
		if ((check = EVP_PKEY_CTX_new_from_pkey(NULL, pkey, NULL)) == NULL)
			goto out;
		if (EVP_PKEY_private_check(check) != 1) {
			st = FC_EINVALIDKEY, what = "RSA key fails the consistency check";
			goto out;
		}
	}
	st = pkey_wrap(FC_PKEY_RSA, priv, pkey, NULL, 0, k, err);
	pkey = NULL;
	what = NULL;
out:
	EVP_PKEY_CTX_free(check);
	EVP_PKEY_free(pkey);
	if (scratch != NULL)
		OPENSSL_secure_clear_free(scratch, total ? total : 1);
	for (int i = 0; i < FC_PART_COUNT; i++)
		BN_clear_free(bn[i]);
	BN_CTX_free(bnctx);
	return what == NULL ? st : fail(err, st, what);
}

static int pkey_new(int kind, const uint8_t *const *parts, const size_t *lens, void **k, char **err)
{
	if (!pkey_available(kind))
		return pkey_unavailable(kind, err);
	if (is_ec(kind))
		return ec_new(kind, parts, lens, k, err);
	if (kind == FC_PKEY_ED25519 || kind == FC_PKEY_X25519)
		return ecx_new(kind, parts, lens, k, err);
	return rsa_new(parts, lens, k, err);
}

static int pkey_generate(int kind, int bits, void **k, char **err)
{
	if (!pkey_available(kind))
		return pkey_unavailable(kind, err);
	EVP_PKEY *pkey = NULL;
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, keymgmt_names[kind], NULL);
	int ok = ctx != NULL && EVP_PKEY_keygen_init(ctx) > 0;
	if (is_ec(kind))
		ok = ok && EVP_PKEY_CTX_set_group_name(ctx, curves[kind].name) > 0;
	if (kind == FC_PKEY_RSA)
		ok = ok && bits > 0 && EVP_PKEY_CTX_set_rsa_keygen_bits(ctx, bits) > 0;
	ok = ok && EVP_PKEY_generate(ctx, &pkey) > 0;
	EVP_PKEY_CTX_free(ctx);
	if (!ok)
		return fail(err, FC_EFAIL, "EVP_PKEY_generate");

	uint8_t pub[EC_PUB_MAX];
	size_t publen = 0;
	if (is_ec(kind))
		ok = EVP_PKEY_get_octet_string_param(pkey, OSSL_PKEY_PARAM_PUB_KEY, pub, sizeof pub, &publen) &&
			ec_pub_ok(kind, pub, publen);
	else if (kind != FC_PKEY_RSA)
		ok = (publen = sizeof pub, EVP_PKEY_get_raw_public_key(pkey, pub, &publen)) && publen == 32;
	if (!ok) {
		EVP_PKEY_free(pkey);
		return fail(err, FC_EFAIL, "exporting the generated public key");
	}
	return pkey_wrap(kind, 1, pkey, pub, publen, k, err);
}

/* put copies n bytes to out as pkey_get's contract says. */
static int put(const uint8_t *src, size_t n, uint8_t *out, size_t cap, size_t *len)
{
	*len = n;
	if (out == NULL)
		return FC_OK;
	if (cap < n)
		return FC_EFAIL;
	memcpy(out, src, n);
	return FC_OK;
}

static int pkey_get(const void *p, int part, uint8_t *out, size_t cap, size_t *len)
{
	const fc_pkey *k = p;
	*len = 0;
	if (k->kind != FC_PKEY_RSA) {
		if (part == FC_PART_PUB)
			return put(k->pub, k->publen, out, cap, len);
		if (part != FC_PART_PRIV || !k->priv)
			return FC_EFAIL;
	}
	if (is_ec(k->kind)) {
		size_t size = curves[k->kind].size;
		BIGNUM *d = NULL;
		*len = size;
		if (out == NULL)
			return FC_OK;
		int ok = cap >= size && EVP_PKEY_get_bn_param(k->pkey, OSSL_PKEY_PARAM_PRIV_KEY, &d) &&
			BN_bn2binpad(d, out, (int)size) == (int)size;
		BN_clear_free(d);
		return ok ? FC_OK : fail(NULL, FC_EFAIL, NULL);
	}
	if (k->kind != FC_PKEY_RSA) {
		uint8_t priv[32];
		size_t n = sizeof priv;
		if (!EVP_PKEY_get_raw_private_key(k->pkey, priv, &n))
			return fail(NULL, FC_EFAIL, NULL);
		int st = put(priv, n, out, cap, len);
		OPENSSL_cleanse(priv, sizeof priv);
		return st;
	}
	if (part < 0 || part >= FC_PART_COUNT || (part != FC_PART_PUB && part != FC_PART_E && !k->priv))
		return FC_EFAIL;
	BIGNUM *bn = NULL;
	if (!EVP_PKEY_get_bn_param(k->pkey, rsa_param_names[part], &bn))
		return fail(NULL, FC_EFAIL, NULL);
	size_t n = (size_t)BN_num_bytes(bn);
	int st = FC_OK;
	*len = n;
	if (out != NULL)
		st = cap >= n && BN_bn2bin(bn, out) == (int)n ? FC_OK : FC_EFAIL;
	BN_clear_free(bn);
	return st;
}

/* new_ctx returns a fresh context for one operation on k: keys are shared between threads, contexts are not. */
static EVP_PKEY_CTX *new_ctx(const fc_pkey *k) { return EVP_PKEY_CTX_new_from_pkey(NULL, k->pkey, NULL); }

/* rsa_sig_setup sets padding, digest and salt length on a signing or verifying context. */
static int rsa_sig_setup(EVP_PKEY_CTX *ctx, int md, int pad, int saltlen, int verify)
{
	if (md != 0 && !valid_md(md))
		return 0;
	switch (pad) {
	case FC_PAD_PKCS1:
		return EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) > 0 &&
			(md == 0 || EVP_PKEY_CTX_set_signature_md(ctx, mds[md]) > 0);
	case FC_PAD_PSS:
		if (md == 0)
			return 0;
		if (saltlen == FC_SALT_AUTO && verify)
			saltlen = RSA_PSS_SALTLEN_AUTO;
		else if (saltlen < 0)
			return 0;
		return EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PSS_PADDING) > 0 &&
			EVP_PKEY_CTX_set_signature_md(ctx, mds[md]) > 0 && EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, mds[md]) > 0 &&
			EVP_PKEY_CTX_set_rsa_pss_saltlen(ctx, saltlen) > 0;
	}
	return 0;
}

/*
 * with_room runs an operation that wants room for its largest output: into
 * out when cap allows, else into a temporary buffer (cleansed) whose result
 * is copied out when it fits.
 */
typedef int (*room_fn)(void *arg, uint8_t *out, size_t *outlen);

static int with_room(room_fn fn, void *arg, size_t max, uint8_t *out, size_t *outlen)
{
	if (*outlen >= max)
		return fn(arg, out, outlen);
	uint8_t *tmp = OPENSSL_malloc(max ? max : 1);
	size_t n = max;
	int ok = tmp != NULL && fn(arg, tmp, &n) && n <= *outlen;
	if (ok) {
		memcpy(out, tmp, n);
		*outlen = n;
	}
	if (tmp != NULL)
		OPENSSL_clear_free(tmp, max ? max : 1);
	return ok;
}

typedef struct {
	EVP_PKEY_CTX *ctx;
	EVP_MD_CTX *mctx;
	const uint8_t *in;
	size_t inlen;
	int decrypt;
} room_arg;

static int do_sign(void *p, uint8_t *out, size_t *outlen)
{
	room_arg *a = p;
	return EVP_PKEY_sign(a->ctx, out, outlen, a->in, a->inlen) > 0;
}

static int do_digest_sign(void *p, uint8_t *out, size_t *outlen)
{
	room_arg *a = p;
	return EVP_DigestSign(a->mctx, out, outlen, a->in, a->inlen) > 0;
}

static int pkey_sign(void *p, int md, int pad, int saltlen, const uint8_t *in, size_t inlen, uint8_t *sig,
	size_t *siglen, char **err)
{
	fc_pkey *k = p;
	if (!k->priv)
		return fail(err, FC_EFAIL, "signing needs a private key");
	if (k->kind == FC_PKEY_X25519)
		return fail(err, FC_EUNSUPPORTED, "X25519 does not sign");
	size_t max = (size_t)EVP_PKEY_get_size(k->pkey);
	room_arg a = {.in = in, .inlen = inlen};
	int ok;
	if (k->kind == FC_PKEY_ED25519) {
		if (pad != FC_PAD_NONE)
			return fail(err, FC_EFAIL, "Ed25519 takes no padding");
		ok = (a.mctx = EVP_MD_CTX_new()) != NULL &&
			EVP_DigestSignInit_ex(a.mctx, NULL, NULL, NULL, NULL, k->pkey, NULL) > 0 &&
			with_room(do_digest_sign, &a, max, sig, siglen);
		EVP_MD_CTX_free(a.mctx);
		return ok ? FC_OK : fail(err, FC_EFAIL, "Ed25519 signing");
	}
	if (is_ec(k->kind) ? pad != FC_PAD_NONE : pad != FC_PAD_PKCS1 && pad != FC_PAD_PSS)
		return fail(err, FC_EFAIL, "padding not valid for this key");
	/* ECDSA: no digest set, so the provider signs a digest of any length. */
	ok = (a.ctx = new_ctx(k)) != NULL && EVP_PKEY_sign_init(a.ctx) > 0 &&
		(is_ec(k->kind) || rsa_sig_setup(a.ctx, md, pad, saltlen, 0)) && with_room(do_sign, &a, max, sig, siglen);
	EVP_PKEY_CTX_free(a.ctx);
	return ok ? FC_OK : fail(err, FC_EFAIL, "signing");
}

static int pkey_verify(void *p, int md, int pad, int saltlen, const uint8_t *in, size_t inlen, const uint8_t *sig,
	size_t siglen, char **err)
{
	fc_pkey *k = p;
	int st = FC_EFAIL;
	if (k->kind == FC_PKEY_X25519)
		return fail(err, FC_EUNSUPPORTED, "X25519 does not verify");
	if (k->kind == FC_PKEY_ED25519) {
		if (pad != FC_PAD_NONE)
			return fail(err, FC_EFAIL, "Ed25519 takes no padding");
		EVP_MD_CTX *mctx = EVP_MD_CTX_new();
		if (mctx != NULL && EVP_DigestVerifyInit_ex(mctx, NULL, NULL, NULL, NULL, k->pkey, NULL) > 0)
			st = EVP_DigestVerify(mctx, sig, siglen, in, inlen) == 1 ? FC_OK : FC_EAUTH;
		EVP_MD_CTX_free(mctx);
	} else {
		if (is_ec(k->kind) ? pad != FC_PAD_NONE : pad != FC_PAD_PKCS1 && pad != FC_PAD_PSS)
			return fail(err, FC_EFAIL, "padding not valid for this key");
		EVP_PKEY_CTX *ctx = new_ctx(k);
		if (ctx != NULL && EVP_PKEY_verify_init(ctx) > 0 &&
			(is_ec(k->kind) || rsa_sig_setup(ctx, md, pad, saltlen, 1)))
			/* 0 is a bad signature, a negative value a malformed one: both are invalid. */
			st = EVP_PKEY_verify(ctx, sig, siglen, in, inlen) == 1 ? FC_OK : FC_EAUTH;
		EVP_PKEY_CTX_free(ctx);
	}
	if (st == FC_EAUTH)
		return fail(NULL, FC_EAUTH, NULL);
	return st == FC_OK ? FC_OK : fail(err, st, "verify setup");
}

static int do_derive(void *p, uint8_t *out, size_t *outlen)
{
	room_arg *a = p;
	return EVP_PKEY_derive(a->ctx, out, outlen) > 0;
}

static int pkey_derive(void *p, const uint8_t *peer, size_t peerlen, uint8_t *out, size_t *outlen, char **err)
{
	fc_pkey *k = p;
	if (!k->priv || !(is_ec(k->kind) || k->kind == FC_PKEY_X25519))
		return fail(err, FC_EFAIL, "key agreement needs an EC or X25519 private key");
	EVP_PKEY *pk = NULL;
	if (is_ec(k->kind)) {
		if (!ec_pub_ok(k->kind, peer, peerlen) || (pk = ec_public(k->kind, peer, peerlen)) == NULL)
			return fail(err, FC_EINVALIDKEY, "peer public key is not a point on the curve");
	} else if (peer == NULL || peerlen != 32 ||
		   (pk = EVP_PKEY_new_raw_public_key_ex(NULL, "X25519", NULL, peer, peerlen)) == NULL) {
		return fail(err, FC_EINVALIDKEY, "peer public key is not 32 bytes");
	}
	room_arg a = {0};
	size_t max = is_ec(k->kind) ? curves[k->kind].size : 32;
	/* The peer was checked above (on the curve, or any 32 bytes for X25519): no second validation. */
	int ok = (a.ctx = new_ctx(k)) != NULL && EVP_PKEY_derive_init(a.ctx) > 0 &&
		EVP_PKEY_derive_set_peer_ex(a.ctx, pk, 0) > 0;
	int st = FC_EFAIL;
	if (ok) {
		/* X25519: the provider fails the derivation when the result is all zeros (a low-order peer). */
		if (with_room(do_derive, &a, max, out, outlen)) {
			st = FC_OK;
			if (k->kind == FC_PKEY_X25519) {
				uint8_t acc = 0;
				for (size_t i = 0; i < *outlen; i++)
					acc |= out[i];
				st = acc != 0 ? FC_OK : FC_EINVALIDKEY;
			}
		} else if (k->kind == FC_PKEY_X25519) {
			st = FC_EINVALIDKEY;
		}
	}
	EVP_PKEY_CTX_free(a.ctx);
	EVP_PKEY_free(pk);
	return st == FC_OK ? FC_OK : fail(err, st, st == FC_EINVALIDKEY ? "X25519 result is all zeros" : "derive");
}

static int do_crypt(void *p, uint8_t *out, size_t *outlen)
{
	room_arg *a = p;
	if (a->decrypt)
		return EVP_PKEY_decrypt(a->ctx, out, outlen, a->in, a->inlen) > 0;
	return EVP_PKEY_encrypt(a->ctx, out, outlen, a->in, a->inlen) > 0;
}

static int pkey_crypt(void *p, int decrypt, int pad, int md, int mgf1md, const uint8_t *label, size_t labellen,
	const uint8_t *in, size_t inlen, uint8_t *out, size_t *outlen, char **err)
{
	fc_pkey *k = p;
	if (k->kind != FC_PKEY_RSA || (decrypt && !k->priv))
		return fail(err, FC_EFAIL, "RSA encryption needs an RSA key (private to decrypt)");
	if (pad != FC_PAD_PKCS1 && (pad != FC_PAD_OAEP || !valid_md(md) || !valid_md(mgf1md)))
		return fail(err, FC_EFAIL, "padding or digest not available");
	room_arg a = {.in = in, .inlen = inlen, .decrypt = decrypt};
	int ok = (a.ctx = new_ctx(k)) != NULL &&
		(decrypt ? EVP_PKEY_decrypt_init(a.ctx) : EVP_PKEY_encrypt_init(a.ctx)) > 0;
	if (ok && pad == FC_PAD_PKCS1) {
		ok = EVP_PKEY_CTX_set_rsa_padding(a.ctx, RSA_PKCS1_PADDING) > 0;
#ifdef OSSL_ASYM_CIPHER_PARAM_IMPLICIT_REJECTION
		/* 3.2+ would return a random message for a bad padding; the contract wants the failure. */
		if (ok && decrypt) {
			unsigned int off = 0;
			OSSL_PARAM params[] = {
				OSSL_PARAM_construct_uint(OSSL_ASYM_CIPHER_PARAM_IMPLICIT_REJECTION, &off),
				OSSL_PARAM_construct_end(),
			};
			ok = EVP_PKEY_CTX_set_params(a.ctx, params) > 0;
		}
#endif
	} else if (ok) {
		ok = EVP_PKEY_CTX_set_rsa_padding(a.ctx, RSA_PKCS1_OAEP_PADDING) > 0 &&
			EVP_PKEY_CTX_set_rsa_oaep_md(a.ctx, mds[md]) > 0 &&
			EVP_PKEY_CTX_set_rsa_mgf1_md(a.ctx, mds[mgf1md]) > 0;
		if (ok && labellen > 0) {
			/* set0 takes ownership of the label, so it gets its own copy. */
			void *l = labellen <= INT_MAX ? OPENSSL_memdup(label, labellen) : NULL;
			ok = l != NULL && EVP_PKEY_CTX_set0_rsa_oaep_label(a.ctx, l, (int)labellen) > 0;
			if (!ok)
				OPENSSL_free(l);
		}
	}
	int st = FC_OK;
	if (!ok)
		st = fail(err, FC_EFAIL, "RSA encryption setup");
	else if (!with_room(do_crypt, &a, (size_t)EVP_PKEY_get_size(k->pkey), out, outlen))
		st = decrypt ? fail(NULL, FC_EAUTH, NULL) : fail(err, FC_EFAIL, "EVP_PKEY_encrypt");
	EVP_PKEY_CTX_free(a.ctx);
	return st;
}

/* pkey_floor runs the slots themselves in a loop. */
static int pkey_floor(int op, long iters, void *k, int md, int pad, const uint8_t *in, size_t n, const uint8_t *aux,
	size_t auxlen)
{
	uint8_t *buf = NULL;
	size_t cap = 0, len;
	int ok = 1, saltlen = 0;
	if (op == FC_FLOOR_SIGN || op == FC_FLOOR_VERIFY || op == FC_FLOOR_DERIVE) {
		if (k == NULL)
			return FC_EFAIL;
		cap = (size_t)EVP_PKEY_get_size(((fc_pkey *)k)->pkey) + 64;
		if ((buf = malloc(cap)) == NULL)
			return FC_EFAIL;
		if (pad == FC_PAD_PSS)
			saltlen = valid_md(md) ? EVP_MD_get_size(mds[md]) : 0;
	}
	switch (op) {
	case FC_FLOOR_SIGN:
		for (long i = 0; ok && i < iters; i++)
			ok = (len = cap, pkey_sign(k, md, pad, saltlen, in, n, buf, &len, NULL)) == FC_OK;
		break;
	case FC_FLOOR_VERIFY:
		for (long i = 0; ok && i < iters; i++)
			ok = pkey_verify(k, md, pad, saltlen, in, n, aux, auxlen, NULL) == FC_OK;
		break;
	case FC_FLOOR_DERIVE:
		for (long i = 0; ok && i < iters; i++)
			ok = (len = cap, pkey_derive(k, aux, auxlen, buf, &len, NULL)) == FC_OK;
		break;
	case FC_FLOOR_IMPORT_PUBLIC: {
		const uint8_t *parts[FC_PART_COUNT] = {[FC_PART_PUB] = in, [FC_PART_E] = aux};
		size_t lens[FC_PART_COUNT] = {[FC_PART_PUB] = n, [FC_PART_E] = md == FC_PKEY_RSA ? auxlen : 0};
		for (long i = 0; ok && i < iters; i++) {
			void *key = NULL;
			ok = pkey_new(md, parts, lens, &key, NULL) == FC_OK;
			pkey_free(key);
		}
		break;
	}
	case FC_FLOOR_D2I_PUBKEY:
		for (long i = 0; ok && i < iters; i++) {
			const unsigned char *p = in;
			EVP_PKEY *pkey = n <= LONG_MAX ? d2i_PUBKEY(NULL, &p, (long)n) : NULL;
			ok = pkey != NULL;
			EVP_PKEY_free(pkey);
		}
		break;
	default: ok = 0;
	}
	free(buf);
	return ok ? FC_OK : fail(NULL, FC_EFAIL, NULL);
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
	.pkey_new = pkey_new,
	.pkey_generate = pkey_generate,
	.pkey_free = pkey_free,
	.pkey_get = pkey_get,
	.pkey_sign = pkey_sign,
	.pkey_verify = pkey_verify,
	.pkey_derive = pkey_derive,
	.pkey_crypt = pkey_crypt,
	.pkey_floor = pkey_floor,
	.floor = floor_run,
};
