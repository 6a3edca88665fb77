//go:build boringssl

/*
 * forkcrypto's contract (shim/forkcrypto.h) on BoringSSL.
 *
 * What sets BoringSSL apart from the other forks, as this file meets it:
 *  - No SHA-3, SHAKE or SHA-512/224: support() says so and md_new fails.
 *  - AEADs are EVP_AEADs, whose keyed contexts are immutable and safe to
 *    share between threads, so there are no per-goroutine workers.
 *  - EVP_DigestInit_ex(ctx, NULL, NULL) crashes: every re-init names the md.
 *  - EVP_MD_CTX and the SHA state structs are public, so digest state can
 *    be read and written (md_state), and Go's state encoding round-trips.
 *  - OpenSSL_version() says only "BoringSSL": the run-time check can tell the
 *    fork, not its version.
 *  - Public keys use the native low-level objects, not EVP_PKEY: EC_KEY with
 *    ECDSA_sign/ECDSA_verify and ECDH_compute_key, RSA with RSA_sign*,
 *    RSA_verify* and RSA_encrypt/RSA_decrypt, and the raw curve25519
 *    functions over 32/64-byte arrays. BoringSSL has no EVP_PKEY_fromdata and
 *    no RSA_new_private_key, and 13 cannot set an EC point on an EVP_PKEY, so
 *    keys are built with RSA_set0_* and EC_KEY_set_*; the EC public point is
 *    derived with EC_POINT_mul (no setter derives it). Every object is only
 *    read after import: RSA's lazily built Montgomery/blinding state is under
 *    BoringSSL's own lock.
 *  - OAEP with an MGF1 digest other than the OAEP digest: encryption pads
 *    with RSA_padding_add_PKCS1_OAEP_mgf1 then RSA_NO_PADDING (no EVP_PKEY);
 *    decryption needs an EVP_PKEY_CTX, made per call from the RSA, because
 *    the OAEP unpadding function is not exported.
 *  - RSA PKCS #1 v1.5 without a hash (md 0) is RSA_sign_raw/RSA_verify_raw
 *    with RSA_PKCS1_PADDING; PSS salt -2 means "recover" in
 *    RSA_verify_pss_mgf1, which is FC_SALT_AUTO as it stands.
 *  - PKCS #1 v1.5 decryption is RSA_decrypt with RSA_PKCS1_PADDING, which
 *    BoringSSL documents as deprecated (no implicit rejection); any failure
 *    is FC_EAUTH with the queue cleared.
 */
#include <openssl/opensslv.h> /* present in every fork, unlike base.h: the guard below can then speak */

#include <openssl/crypto.h>

#if !defined(OPENSSL_IS_BORINGSSL) || defined(OPENSSL_IS_AWSLC)
#error "forkcrypto: the boringssl build tag needs BoringSSL headers, but these belong to another fork. Point PKG_CONFIG_PATH at the directory holding BoringSSL's libcrypto.pc, or build with the tag of the fork these headers belong to (no tag for OpenSSL 3, -tags libressl or awslc)."
#endif

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/aead.h>
#include <openssl/bn.h>
#include <openssl/bytestring.h>
#include <openssl/cipher.h>
#include <openssl/crypto.h>
#include <openssl/curve25519.h>
#include <openssl/digest.h>
#include <openssl/ec.h>
#include <openssl/ec_key.h>
#include <openssl/ecdh.h>
#include <openssl/ecdsa.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/md5.h>
#include <openssl/mem.h>
#include <openssl/nid.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/sha.h>

#include "forkcrypto.h"

#define STR2(x) #x
#define STR(x) STR2(x)

static const EVP_MD *mds[FC_MD_COUNT];
static const EVP_AEAD *aead_gcm[3];
static const EVP_CIPHER *ecb[3], *cbc[3], *ctr[3];
static EC_GROUP *groups[FC_PKEY_P521 + 1];

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

/* ---- start-up ---- */

static int init(char **err)
{
	CRYPTO_library_init();
	const char *v = OpenSSL_version(OPENSSL_VERSION);
	if (strncmp(v, "BoringSSL", 9) != 0) {
		char buf[256];
		snprintf(buf, sizeof buf,
			"built against BoringSSL headers, but the libcrypto loaded at run time is \"%s\"; "
			"run with the library the program was built against or rebuild against this one",
			v);
		*err = strdup(buf);
		return FC_EFAIL;
	}
	mds[FC_MD5] = EVP_md5();
	mds[FC_SHA1] = EVP_sha1();
	mds[FC_SHA224] = EVP_sha224();
	mds[FC_SHA256] = EVP_sha256();
	mds[FC_SHA384] = EVP_sha384();
	mds[FC_SHA512] = EVP_sha512();
	mds[FC_SHA512_256] = EVP_sha512_256();
	aead_gcm[0] = EVP_aead_aes_128_gcm();
	aead_gcm[1] = EVP_aead_aes_192_gcm();
	aead_gcm[2] = EVP_aead_aes_256_gcm();
	const EVP_CIPHER *(*const e[3])(void) = {EVP_aes_128_ecb, EVP_aes_192_ecb, EVP_aes_256_ecb};
	const EVP_CIPHER *(*const b[3])(void) = {EVP_aes_128_cbc, EVP_aes_192_cbc, EVP_aes_256_cbc};
	const EVP_CIPHER *(*const c[3])(void) = {EVP_aes_128_ctr, EVP_aes_192_ctr, EVP_aes_256_ctr};
	for (int i = 0; i < 3; i++)
		ecb[i] = e[i](), cbc[i] = b[i](), ctr[i] = c[i]();
	static const int curve_nids[] = {[FC_PKEY_P224] = NID_secp224r1, [FC_PKEY_P256] = NID_X9_62_prime256v1,
		[FC_PKEY_P384] = NID_secp384r1, [FC_PKEY_P521] = NID_secp521r1};
	for (int k = FC_PKEY_P224; k <= FC_PKEY_P521; k++)
		if (groups[k] == NULL && (groups[k] = EC_GROUP_new_by_curve_name(curve_nids[k])) == NULL)
			return fail(err, FC_EFAIL, "EC_GROUP_new_by_curve_name");
	return FC_OK;
}

static const char *version(void) { return OpenSSL_version(OPENSSL_VERSION); }

/* A BoringCrypto (FIPS) build is always in FIPS mode; any other never is. */
static void fips(int *capable, int *enabled) { *capable = *enabled = FIPS_mode(); }

static int support(int family, int alg)
{
	switch (family) {
	case FC_FAMILY_MD:
	case FC_FAMILY_HMAC:
		return valid_md(alg) ? FC_NATIVE : FC_ABSENT;
	case FC_FAMILY_AEAD:
		return alg > 0 && alg < FC_AEAD_COUNT ? FC_NATIVE : FC_ABSENT;
	case FC_FAMILY_CIPHER:
		return alg > 0 && alg < FC_CIPHER_COUNT ? FC_NATIVE : FC_ABSENT;
	case FC_FAMILY_PKEY:
		return alg > 0 && alg < FC_PKEY_COUNT ? FC_NATIVE : FC_ABSENT;
	}
	return FC_ABSENT;
}

static int fips_allowed(int family, int alg)
{
	(void)family, (void)alg;
	return 1; /* BoringCrypto refuses nothing at run time; approval is the service indicator's business */
}

static int rand_bytes(uint8_t *out, size_t n, char **err)
{
	return RAND_bytes(out, n) == 1 ? FC_OK : fail(err, FC_EFAIL, "RAND_bytes");
}

/* ---- digests ---- */

static void *md_new(int md, char **err)
{
	if (!valid_md(md))
		return fail_null(err, "digest not available in BoringSSL");
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
	if (!valid_md(md))
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
	if (!valid_md(md))
		return fail_null(err, "HMAC digest not available in BoringSSL");
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
	/* Padding is reset by every init in BoringSSL: disable it after. */
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

/* A key: immutable once built, so many threads may use it at once. */
typedef struct {
	int kind, priv;
	EC_KEY *ec;
	RSA *rsa;
	uint8_t pub[32]; /* Ed25519, X25519 */
	uint8_t sk[64]; /* Ed25519: seed || public key; X25519: the scalar as given */
} fc_pkey;

static int is_ec(int kind) { return kind >= FC_PKEY_P224 && kind <= FC_PKEY_P521; }

static void pkey_free(void *p)
{
	fc_pkey *k = p;
	if (k == NULL)
		return;
	EC_KEY_free(k->ec);
	RSA_free(k->rsa);
	OPENSSL_cleanse(k, sizeof *k);
	free(k);
}

static BIGNUM *bn_part(const uint8_t *const *parts, const size_t *lens, int part)
{
	return lens[part] && parts[part] != NULL ? BN_bin2bn(parts[part], lens[part], NULL) : NULL;
}

/* The EC point in bytes, or NULL (queue cleared) when it is not a point of the group. */
static EC_POINT *ec_point(const EC_GROUP *g, const uint8_t *in, size_t n)
{
	EC_POINT *pt = EC_POINT_new(g);
	/* EC_POINT_oct2point rejects points off the curve. */
	if (pt == NULL || n == 0 || in == NULL || !EC_POINT_oct2point(g, pt, in, n, NULL) ||
		EC_POINT_is_at_infinity(g, pt)) {
		EC_POINT_free(pt);
		ERR_clear_error();
		return NULL;
	}
	return pt;
}

static int ec_new(fc_pkey *k, const uint8_t *const *parts, const size_t *lens, char **err)
{
	const EC_GROUP *g = groups[k->kind];
	EC_POINT *pub = NULL, *given = NULL;
	BIGNUM *d = NULL;
	int st = FC_EFAIL;
	if ((k->ec = EC_KEY_new()) == NULL || !EC_KEY_set_group(k->ec, g))
		goto out;
	if (k->priv) {
		if ((d = bn_part(parts, lens, FC_PART_PRIV)) == NULL)
			goto out;
		if (BN_is_zero(d) || BN_cmp(d, EC_GROUP_get0_order(g)) >= 0) {
			st = FC_EINVALIDKEY;
			goto out;
		}
		if ((pub = EC_POINT_new(g)) == NULL || !EC_POINT_mul(g, pub, d, NULL, NULL, NULL) ||
			!EC_KEY_set_private_key(k->ec, d))
			goto out;
		if (lens[FC_PART_PUB]) {
			if ((given = ec_point(g, parts[FC_PART_PUB], lens[FC_PART_PUB])) == NULL ||
				EC_POINT_cmp(g, pub, given, NULL) != 0) {
				st = FC_EINVALIDKEY;
				goto out;
			}
		}
	} else if ((pub = ec_point(g, parts[FC_PART_PUB], lens[FC_PART_PUB])) == NULL) {
		st = FC_EINVALIDKEY;
		goto out;
	}
	if (EC_KEY_set_public_key(k->ec, pub))
		st = FC_OK;
out:
	BN_clear_free(d);
	EC_POINT_free(pub);
	EC_POINT_free(given);
	return st == FC_OK ? FC_OK : fail(err, st, st == FC_EINVALIDKEY ? "invalid EC key" : "EC key import");
}

static int rsa_new(fc_pkey *k, const uint8_t *const *parts, const size_t *lens, char **err)
{
	BIGNUM *n = bn_part(parts, lens, FC_PART_PUB), *e = bn_part(parts, lens, FC_PART_E), *d = NULL, *p = NULL,
	       *q = NULL, *dp = NULL, *dq = NULL, *qinv = NULL, *t = NULL;
	BN_CTX *ctx = NULL;
	int st = FC_EFAIL;
	if (n == NULL || e == NULL) {
		st = FC_EINVALIDKEY;
		goto out;
	}
	if ((k->rsa = RSA_new()) == NULL || !RSA_set0_key(k->rsa, n, e, NULL))
		goto out;
	n = e = NULL;
	if (!k->priv) {
		st = FC_OK;
		goto out;
	}
	d = bn_part(parts, lens, FC_PART_PRIV), p = bn_part(parts, lens, FC_PART_P), q = bn_part(parts, lens, FC_PART_Q);
	if (d == NULL || p == NULL || q == NULL || BN_is_zero(p) || BN_is_zero(q)) {
		st = FC_EINVALIDKEY;
		goto out;
	}
	if (lens[FC_PART_DP] && lens[FC_PART_DQ] && lens[FC_PART_QINV]) {
		dp = bn_part(parts, lens, FC_PART_DP), dq = bn_part(parts, lens, FC_PART_DQ);
		qinv = bn_part(parts, lens, FC_PART_QINV);
		if (dp == NULL || dq == NULL || qinv == NULL)
			goto out;
	} else {
		/* dp = d mod (p-1), dq = d mod (q-1), qinv = q^-1 mod p */
		if ((ctx = BN_CTX_new()) == NULL || (t = BN_new()) == NULL || (dp = BN_new()) == NULL ||
			(dq = BN_new()) == NULL)
			goto out;
		if (!BN_copy(t, p) || !BN_sub_word(t, 1) || !BN_mod(dp, d, t, ctx) || !BN_copy(t, q) ||
			!BN_sub_word(t, 1) || !BN_mod(dq, d, t, ctx))
			goto out;
		if ((qinv = BN_mod_inverse(NULL, q, p, ctx)) == NULL) {
			st = FC_EINVALIDKEY;
			goto out;
		}
	}
	if (!RSA_set0_key(k->rsa, NULL, NULL, d))
		goto out;
	d = NULL;
	if (!RSA_set0_factors(k->rsa, p, q))
		goto out;
	p = q = NULL;
	if (!RSA_set0_crt_params(k->rsa, dp, dq, qinv))
		goto out;
	dp = dq = qinv = NULL;
	st = RSA_check_key(k->rsa) ? FC_OK : FC_EINVALIDKEY;
out:
	BN_free(n);
	BN_free(e);
	BN_clear_free(d);
	BN_clear_free(p);
	BN_clear_free(q);
	BN_clear_free(dp);
	BN_clear_free(dq);
	BN_clear_free(qinv);
	BN_clear_free(t);
	BN_CTX_free(ctx);
	return st == FC_OK ? FC_OK : fail(err, st, st == FC_EINVALIDKEY ? "invalid RSA key" : "RSA key import");
}

static int pkey_new(int kind, const uint8_t *const *parts, const size_t *lens, void **out, char **err)
{
	if (kind <= 0 || kind >= FC_PKEY_COUNT)
		return fail(err, FC_EUNSUPPORTED, "unknown key kind");
	fc_pkey *k = calloc(1, sizeof *k);
	if (k == NULL)
		return fail(err, FC_EFAIL, "out of memory");
	k->kind = kind;
	k->priv = lens[FC_PART_PRIV] != 0 && parts[FC_PART_PRIV] != NULL;
	int st = FC_OK;
	if (is_ec(kind)) {
		st = ec_new(k, parts, lens, err);
	} else if (kind == FC_PKEY_RSA) {
		st = rsa_new(k, parts, lens, err);
	} else { /* Ed25519, X25519: 32-byte PUB and PRIV */
		if (k->priv && lens[FC_PART_PRIV] == 32) {
			uint8_t derived[32];
			if (kind == FC_PKEY_ED25519) {
				ED25519_keypair_from_seed(derived, k->sk, parts[FC_PART_PRIV]);
			} else {
				memcpy(k->sk, parts[FC_PART_PRIV], 32);
				X25519_public_from_private(derived, k->sk);
			}
			memcpy(k->pub, derived, 32);
			if (lens[FC_PART_PUB] && (lens[FC_PART_PUB] != 32 || CRYPTO_memcmp(derived, parts[FC_PART_PUB], 32) != 0))
				st = fail(err, FC_EINVALIDKEY, "the public key does not match the private key");
		} else if (!k->priv && lens[FC_PART_PUB] == 32 && parts[FC_PART_PUB] != NULL) {
			memcpy(k->pub, parts[FC_PART_PUB], 32);
		} else {
			st = fail(err, FC_EINVALIDKEY, "a 32-byte key is needed");
		}
	}
	if (st != FC_OK) {
		pkey_free(k);
		return st;
	}
	*out = k;
	return FC_OK;
}

static int pkey_generate(int kind, int bits, void **out, char **err)
{
	fc_pkey *k = calloc(1, sizeof *k);
	int ok = 0;
	if (k == NULL)
		return fail(err, FC_EFAIL, "out of memory");
	k->kind = kind, k->priv = 1;
	if (is_ec(kind)) {
		ok = (k->ec = EC_KEY_new()) != NULL && EC_KEY_set_group(k->ec, groups[kind]) && EC_KEY_generate_key(k->ec);
	} else if (kind == FC_PKEY_RSA) {
		BIGNUM *e = BN_new();
		ok = e != NULL && BN_set_word(e, RSA_F4) && (k->rsa = RSA_new()) != NULL &&
			RSA_generate_key_ex(k->rsa, bits, e, NULL);
		BN_free(e);
	} else if (kind == FC_PKEY_ED25519) {
		ED25519_keypair(k->pub, k->sk);
		ok = 1;
	} else if (kind == FC_PKEY_X25519) {
		X25519_keypair(k->pub, k->sk);
		ok = 1;
	} else {
		free(k);
		return fail(err, FC_EUNSUPPORTED, "unknown key kind");
	}
	if (!ok) {
		pkey_free(k);
		return fail(err, FC_EFAIL, "key generation");
	}
	*out = k;
	return FC_OK;
}

static int put_bytes(const uint8_t *b, size_t n, uint8_t *out, size_t cap, size_t *len)
{
	*len = n;
	if (out == NULL)
		return FC_OK;
	if (cap < n)
		return FC_EFAIL;
	memcpy(out, b, n);
	return FC_OK;
}

static int put_bn(const BIGNUM *bn, size_t padded, uint8_t *out, size_t cap, size_t *len)
{
	if (bn == NULL)
		return FC_EFAIL;
	size_t n = padded ? padded : BN_num_bytes(bn);
	*len = n;
	if (out == NULL)
		return FC_OK;
	if (cap < n || !BN_bn2bin_padded(out, n, bn))
		return FC_EFAIL;
	return FC_OK;
}

static int pkey_get(const void *p, int part, uint8_t *out, size_t cap, size_t *len)
{
	const fc_pkey *k = p;
	if (is_ec(k->kind)) {
		const EC_GROUP *g = EC_KEY_get0_group(k->ec);
		if (part == FC_PART_PRIV)
			return put_bn(EC_KEY_get0_private_key(k->ec), (EC_GROUP_order_bits(g) + 7) / 8, out, cap, len);
		if (part != FC_PART_PUB)
			return FC_EFAIL;
		size_t n = EC_POINT_point2oct(g, EC_KEY_get0_public_key(k->ec), POINT_CONVERSION_UNCOMPRESSED,
			out, out == NULL ? 0 : cap, NULL);
		if (n == 0)
			return fail(NULL, FC_EFAIL, NULL);
		*len = n;
		return FC_OK;
	}
	if (k->kind == FC_PKEY_RSA) {
		const RSA *r = k->rsa;
		const BIGNUM *b = NULL;
		switch (part) {
		case FC_PART_PUB: b = RSA_get0_n(r); break;
		case FC_PART_E: b = RSA_get0_e(r); break;
		case FC_PART_PRIV: b = RSA_get0_d(r); break;
		case FC_PART_P: b = RSA_get0_p(r); break;
		case FC_PART_Q: b = RSA_get0_q(r); break;
		case FC_PART_DP: b = RSA_get0_dmp1(r); break;
		case FC_PART_DQ: b = RSA_get0_dmq1(r); break;
		case FC_PART_QINV: b = RSA_get0_iqmp(r); break;
		}
		return put_bn(b, 0, out, cap, len);
	}
	if (part == FC_PART_PUB)
		return put_bytes(k->pub, 32, out, cap, len);
	if (part == FC_PART_PRIV && k->priv)
		return put_bytes(k->sk, 32, out, cap, len);
	return FC_EFAIL;
}

/* The EVP_MD of a contract digest, or NULL. */
static const EVP_MD *md_of(int md) { return valid_md(md) ? mds[md] : NULL; }

/*
 * BoringSSL's PKCS #1 v1.5 table has no DigestInfo for SHA-512/256, so
 * RSA_sign and RSA_verify refuse it. with_digest_info builds the DigestInfo
 * (RFC 8017, 9.2 note 1) into di and points in at it, so that the raw
 * PKCS #1 path signs exactly what RSA_sign would.
 */
static const uint8_t sha512_256_digest_info[19] = {0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
	0x65, 0x03, 0x04, 0x02, 0x06, 0x05, 0x00, 0x04, 0x20};

static int with_digest_info(int *md, const uint8_t **in, size_t *inlen, uint8_t di[51])
{
	if (*md != FC_SHA512_256)
		return 1;
	if (*inlen != 32)
		return 0;
	memcpy(di, sha512_256_digest_info, sizeof sha512_256_digest_info);
	memcpy(di + sizeof sha512_256_digest_info, *in, 32);
	*md = 0;
	*in = di;
	*inlen = 51;
	return 1;
}

static int pkey_sign(void *p, int md, int pad, int saltlen, const uint8_t *in, size_t inlen, uint8_t *sig,
	size_t *siglen, char **err)
{
	fc_pkey *k = p;
	if (!k->priv)
		return fail(err, FC_EFAIL, "signing needs a private key");
	if (is_ec(k->kind)) {
		uint8_t tmp[160]; /* ECDSA_size is 139 for P-521 */
		unsigned n = 0;
		size_t max = ECDSA_size(k->ec);
		uint8_t *o = *siglen >= max ? sig : tmp;
		if (max > sizeof tmp || !ECDSA_sign(0, in, inlen, o, &n, k->ec))
			return fail(err, FC_EFAIL, "ECDSA_sign");
		if (o == tmp) {
			if (*siglen < n)
				return fail(err, FC_EFAIL, "signature buffer too small");
			memcpy(sig, tmp, n);
		}
		*siglen = n;
		return FC_OK;
	}
	if (k->kind == FC_PKEY_ED25519) {
		if (*siglen < 64)
			return fail(err, FC_EFAIL, "signature buffer too small");
		if (!ED25519_sign(sig, in, inlen, k->sk))
			return fail(err, FC_EFAIL, "ED25519_sign");
		*siglen = 64;
		return FC_OK;
	}
	if (k->kind != FC_PKEY_RSA)
		return fail(err, FC_EUNSUPPORTED, "this key does not sign");
	if (*siglen < RSA_size(k->rsa))
		return fail(err, FC_EFAIL, "signature buffer too small");
	const EVP_MD *m = md_of(md);
	size_t n = 0;
	int ok;
	uint8_t di[51];
	if (pad == FC_PAD_PKCS1 && !with_digest_info(&md, &in, &inlen, di))
		return fail(err, FC_EFAIL, "the digest's length does not match its algorithm");
	if (pad == FC_PAD_PKCS1 && md == 0) {
		ok = RSA_sign_raw(k->rsa, &n, sig, *siglen, in, inlen, RSA_PKCS1_PADDING);
	} else if (pad == FC_PAD_PKCS1 && m != NULL) {
		unsigned u = 0;
		ok = inlen <= UINT_MAX && RSA_sign(EVP_MD_type(m), in, (unsigned)inlen, sig, &u, k->rsa);
		n = u;
	} else if (pad == FC_PAD_PSS && m != NULL) {
		if (inlen != EVP_MD_size(m))
			return fail(err, FC_EFAIL, "the digest's length does not match its algorithm");
		ok = RSA_sign_pss_mgf1(k->rsa, &n, sig, *siglen, in, inlen, m, NULL, saltlen);
	} else {
		return fail(err, FC_EUNSUPPORTED, "RSA signature padding or digest not available");
	}
	if (!ok)
		return fail(err, FC_EFAIL, "RSA signing");
	*siglen = n;
	return FC_OK;
}

/* An invalid signature: FC_EAUTH, nothing queued, *err untouched. */
static int bad_sig(void)
{
	ERR_clear_error();
	return FC_EAUTH;
}

static int pkey_verify(void *p, int md, int pad, int saltlen, const uint8_t *in, size_t inlen, const uint8_t *sig,
	size_t siglen, char **err)
{
	fc_pkey *k = p;
	if (is_ec(k->kind))
		return ECDSA_verify(0, in, inlen, sig, siglen, k->ec) ? FC_OK : bad_sig();
	if (k->kind == FC_PKEY_ED25519)
		return siglen == 64 && ED25519_verify(in, inlen, sig, k->pub) ? FC_OK : bad_sig();
	if (k->kind != FC_PKEY_RSA)
		return fail(err, FC_EUNSUPPORTED, "this key does not verify");
	const EVP_MD *m = md_of(md);
	uint8_t di[51];
	if (pad == FC_PAD_PKCS1 && !with_digest_info(&md, &in, &inlen, di))
		return bad_sig();
	if (pad == FC_PAD_PKCS1 && md == 0) {
		size_t max = RSA_size(k->rsa), n = 0;
		uint8_t *buf = malloc(max);
		if (buf == NULL)
			return fail(err, FC_EFAIL, "out of memory");
		int ok = RSA_verify_raw(k->rsa, &n, buf, max, sig, siglen, RSA_PKCS1_PADDING) && n == inlen &&
			CRYPTO_memcmp(buf, in, n) == 0;
		free(buf);
		return ok ? FC_OK : bad_sig();
	}
	if (pad == FC_PAD_PKCS1 && m != NULL)
		return RSA_verify(EVP_MD_type(m), in, inlen, sig, siglen, k->rsa) ? FC_OK : bad_sig();
	if (pad == FC_PAD_PSS && m != NULL) {
		if (inlen != EVP_MD_size(m))
			return bad_sig();
		return RSA_verify_pss_mgf1(k->rsa, in, inlen, m, NULL, saltlen, sig, siglen) ? FC_OK : bad_sig();
	}
	return fail(err, FC_EUNSUPPORTED, "RSA signature padding or digest not available");
}

static int pkey_derive(void *p, const uint8_t *peer, size_t peerlen, uint8_t *out, size_t *outlen, char **err)
{
	fc_pkey *k = p;
	if (!k->priv)
		return fail(err, FC_EFAIL, "key agreement needs a private key");
	if (k->kind == FC_PKEY_X25519) {
		if (peerlen != 32 || peer == NULL)
			return fail(err, FC_EINVALIDKEY, "the X25519 peer key must be 32 bytes");
		if (*outlen < 32)
			return fail(err, FC_EFAIL, "output buffer too small");
		if (!X25519(out, k->sk, peer)) /* an all-zero result: a low-order point */
			return fail(err, FC_EINVALIDKEY, "X25519: the shared secret is zero");
		*outlen = 32;
		return FC_OK;
	}
	if (!is_ec(k->kind))
		return fail(err, FC_EUNSUPPORTED, "this key does not agree secrets");
	const EC_GROUP *g = EC_KEY_get0_group(k->ec);
	size_t n = (EC_GROUP_get_degree(g) + 7) / 8;
	if (*outlen < n)
		return fail(err, FC_EFAIL, "output buffer too small");
	EC_POINT *pt = ec_point(g, peer, peerlen);
	if (pt == NULL)
		return fail(err, FC_EINVALIDKEY, "the peer's point is not on the curve");
	int got = ECDH_compute_key(out, n, pt, k->ec, NULL);
	EC_POINT_free(pt);
	if (got < 0 || (size_t)got != n)
		return fail(err, FC_EFAIL, "ECDH_compute_key");
	*outlen = n;
	return FC_OK;
}

/* A failed decryption says nothing about why. */
static int bad_decrypt(void)
{
	ERR_clear_error();
	return FC_EAUTH;
}

static int oaep_decrypt(RSA *rsa, const EVP_MD *m, const EVP_MD *mgf1, const uint8_t *label, size_t labellen,
	const uint8_t *in, size_t inlen, uint8_t *out, size_t *outlen, char **err)
{
	EVP_PKEY *pk = EVP_PKEY_new();
	EVP_PKEY_CTX *c = NULL;
	uint8_t *l = NULL;
	int st = FC_EFAIL;
	if (pk == NULL || !EVP_PKEY_set1_RSA(pk, rsa) || (c = EVP_PKEY_CTX_new(pk, NULL)) == NULL ||
		!EVP_PKEY_decrypt_init(c) || !EVP_PKEY_CTX_set_rsa_padding(c, RSA_PKCS1_OAEP_PADDING) ||
		!EVP_PKEY_CTX_set_rsa_oaep_md(c, m) || !EVP_PKEY_CTX_set_rsa_mgf1_md(c, mgf1))
		goto out;
	if (labellen > 0) {
		/* set0 takes ownership and OPENSSL_free's it with the context. */
		if ((l = OPENSSL_malloc(labellen)) == NULL)
			goto out;
		memcpy(l, label, labellen);
		if (!EVP_PKEY_CTX_set0_rsa_oaep_label(c, l, labellen)) {
			OPENSSL_free(l);
			goto out;
		}
	}
	st = EVP_PKEY_decrypt(c, out, outlen, in, inlen) ? FC_OK : FC_EAUTH;
out:
	EVP_PKEY_CTX_free(c);
	EVP_PKEY_free(pk);
	if (st == FC_EAUTH)
		return bad_decrypt();
	return st == FC_OK ? FC_OK : fail(err, st, "OAEP decryption set-up");
}

static int pkey_crypt(void *p, int decrypt, int pad, int md, int mgf1md, const uint8_t *label, size_t labellen,
	const uint8_t *in, size_t inlen, uint8_t *out, size_t *outlen, char **err)
{
	fc_pkey *k = p;
	if (k->kind != FC_PKEY_RSA)
		return fail(err, FC_EUNSUPPORTED, "only RSA encrypts");
	if (decrypt && !k->priv)
		return fail(err, FC_EFAIL, "decryption needs a private key");
	size_t size = RSA_size(k->rsa), n = 0;
	/* Both directions need RSA_size bytes of room; a public size, so no oracle. */
	if (*outlen < size)
		return fail(err, FC_EFAIL, "output buffer too small");
	if (pad == FC_PAD_PKCS1) {
		if (decrypt)
			return RSA_decrypt(k->rsa, outlen, out, *outlen, in, inlen, RSA_PKCS1_PADDING) ? FC_OK
												   : bad_decrypt();
		if (!RSA_encrypt(k->rsa, &n, out, *outlen, in, inlen, RSA_PKCS1_PADDING))
			return fail(err, FC_EFAIL, "RSA_encrypt");
		*outlen = n;
		return FC_OK;
	}
	if (pad != FC_PAD_OAEP || md_of(md) == NULL || md_of(mgf1md) == NULL)
		return fail(err, FC_EUNSUPPORTED, "RSA encryption padding or digest not available");
	if (decrypt)
		return oaep_decrypt(k->rsa, mds[md], mds[mgf1md], label, labellen, in, inlen, out, outlen, err);
	uint8_t *em = malloc(size);
	if (em == NULL)
		return fail(err, FC_EFAIL, "out of memory");
	int ok = RSA_padding_add_PKCS1_OAEP_mgf1(em, size, in, inlen, label, labellen, mds[md], mds[mgf1md]) &&
		RSA_encrypt(k->rsa, &n, out, *outlen, em, size, RSA_NO_PADDING);
	OPENSSL_cleanse(em, size);
	free(em);
	if (!ok)
		return fail(err, FC_EFAIL, "OAEP encryption");
	*outlen = n;
	return FC_OK;
}

/* The PSS salt length of FC_FLOOR_SIGN and FC_FLOOR_VERIFY: the digest's size. */
static int floor_salt(int md, int pad)
{
	return pad == FC_PAD_PSS && md_of(md) != NULL ? (int)EVP_MD_size(mds[md]) : 0;
}

static int pkey_floor(int op, long iters, void *k, int md, int pad, const uint8_t *in, size_t n, const uint8_t *aux,
	size_t auxlen)
{
	int ok = 1;
	switch (op) {
	case FC_FLOOR_SIGN: {
		uint8_t sig[2048]; /* RSA-16384 at most */
		int salt = floor_salt(md, pad);
		for (long i = 0; ok && i < iters; i++) {
			size_t siglen = sizeof sig;
			ok = pkey_sign(k, md, pad, salt, in, n, sig, &siglen, NULL) == FC_OK;
		}
		break;
	}
	case FC_FLOOR_VERIFY: {
		int salt = floor_salt(md, pad);
		for (long i = 0; ok && i < iters; i++)
			ok = pkey_verify(k, md, pad, salt, in, n, aux, auxlen, NULL) == FC_OK;
		break;
	}
	case FC_FLOOR_DERIVE: {
		uint8_t out[66];
		for (long i = 0; ok && i < iters; i++) {
			size_t outlen = sizeof out;
			ok = pkey_derive(k, aux, auxlen, out, &outlen, NULL) == FC_OK;
		}
		break;
	}
	case FC_FLOOR_IMPORT_PUBLIC: {
		const uint8_t *parts[FC_PART_COUNT] = {[FC_PART_PUB] = in, [FC_PART_E] = aux};
		size_t lens[FC_PART_COUNT] = {[FC_PART_PUB] = n, [FC_PART_E] = auxlen};
		for (long i = 0; ok && i < iters; i++) {
			void *key = NULL;
			ok = pkey_new(md, parts, lens, &key, NULL) == FC_OK;
			pkey_free(key);
		}
		break;
	}
	case FC_FLOOR_D2I_PUBKEY:
		for (long i = 0; ok && i < iters; i++) {
			CBS cbs;
			CBS_init(&cbs, in, n);
			EVP_PKEY *pk = EVP_parse_public_key(&cbs);
			ok = pk != NULL && CBS_len(&cbs) == 0;
			EVP_PKEY_free(pk);
		}
		break;
	default: ok = 0;
	}
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

const fc_ops fc_boringssl_ops = {
	.abi = FC_ABI,
	.size = sizeof(fc_ops),
	.fork = "boringssl",
	.built_version = "BoringSSL (API version " STR(BORINGSSL_API_VERSION) ")",
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
