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
 *  - Public keys use the native per-algorithm APIs, no EVP_PKEY: EC_KEY on the
 *    static EC_group_p*() groups with ECDSA_sign/ECDSA_verify/ECDH_compute_key;
 *    the curve25519.h one-shots on raw bytes; RSA through RSA_new_private_key /
 *    RSA_new_public_key, which validate (the private one runs RSA_check_key),
 *    and RSA_sign / RSA_sign_raw / RSA_*_pss_mgf1 / RSA_encrypt / RSA_decrypt.
 *  - RSA_verify_pss_mgf1 takes salt -2 as "recover from the signature", the
 *    contract's FC_SALT_AUTO; -1 is the digest length.
 *  - OAEP with its own MGF1 digest or a label is only reachable through an
 *    EVP_PKEY_CTX (set0_rsa_oaep_label takes an OPENSSL_malloc'd label); one
 *    is made per call so that keys stay immutable.
 *  - RSA_decrypt (and EVP_PKEY_decrypt) insist on a modulus-sized output
 *    buffer; RSA_sign, RSA_sign_raw and RSA_encrypt do too.
 *  - Private RSA operations still take the RSA's internal lock for its
 *    blinding cache; nothing of ours locks.
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
#include <openssl/evp.h>
#include <openssl/err.h>
#include <openssl/hmac.h>
#include <openssl/md5.h>
#include <openssl/mem.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/sha.h>

#include "forkcrypto.h"

static const EVP_MD *mds[FC_MD_COUNT];
static unsigned char hmac_ok[FC_MD_COUNT]; /* digests HMAC accepts */
static const EVP_AEAD *aead_gcm[3];
static const EVP_CIPHER *ecb[3], *cbc[3], *ctr[3];
static const EC_GROUP *groups[FC_PKEY_P521 + 1]; /* indexed by FC_PKEY_P224..P521 */

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
	groups[FC_PKEY_P224] = EC_group_p224();
	groups[FC_PKEY_P256] = EC_group_p256();
	groups[FC_PKEY_P384] = EC_group_p384();
	groups[FC_PKEY_P521] = EC_group_p521();
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
	case FC_FAMILY_PKEY:
		return alg > 0 && alg < FC_PKEY_COUNT ? FC_NATIVE : FC_ABSENT;
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

/* ---- public keys ---- */

/*
 * A key is a small struct of our own, immutable after pkey_new/pkey_generate.
 * EC keys are EC_KEYs on AWS-LC's static groups, RSA keys RSAs; Ed25519 and
 * X25519 keys are raw bytes for the curve25519.h one-shots.
 */
typedef struct {
	int kind;
	int priv; /* holds the private half */
	EC_KEY *ec;
	RSA *rsa;
	uint8_t pub[32]; /* Ed25519, X25519 */
	uint8_t sk[64]; /* Ed25519: seed || public key (AWS-LC's private key form); X25519: the scalar */
} fc_pkey;

enum { EC_MAX = 66, SIG_MAX = 2048 /* AWS-LC refuses RSA moduli over 16384 bits */ };

static const EC_GROUP *ec_group(int kind)
{
	return kind >= FC_PKEY_P224 && kind <= FC_PKEY_P521 ? groups[kind] : NULL;
}

static size_t ec_size(const EC_GROUP *g) { return (EC_GROUP_get_degree(g) + 7) / 8; }

static int pkey_is_rsa_md(int md) { return valid_md(md) && !is_xof(md); }

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

static int has(const size_t *lens, int part) { return lens[part] != 0; }

static int ec_new(fc_pkey *k, const EC_GROUP *g, const uint8_t *const *parts, const size_t *lens, char **err)
{
	size_t size = ec_size(g);
	const uint8_t *pub = parts[FC_PART_PUB];
	size_t publen = lens[FC_PART_PUB];
	if (publen != 0 && (publen != 1 + 2 * size || pub[0] != POINT_CONVERSION_UNCOMPRESSED))
		return fail(err, FC_EINVALIDKEY, "EC public key is not an uncompressed point of the curve's size");
	if (!has(lens, FC_PART_PRIV) && publen == 0)
		return fail(err, FC_EINVALIDKEY, "EC key has neither a public nor a private part");
	int st = FC_EFAIL;
	const char *what = "EC_KEY_new";
	BIGNUM *d = NULL;
	EC_POINT *pt = NULL;
	EC_KEY *ec = EC_KEY_new();
	if (ec == NULL || !EC_KEY_set_group(ec, g))
		goto out;
	if (!has(lens, FC_PART_PRIV)) {
		/* o2i_ECPublicKey decodes into the key's own point (EC_POINT_oct2point: on-curve check) without the
		 * copy EC_KEY_set_public_key makes: about 310 against 345 ns per P-256 import. */
		if (o2i_ECPublicKey(&ec, &pub, (long)publen) == NULL) {
			st = FC_EINVALIDKEY, what = "EC point is not on the curve";
			goto out;
		}
		k->ec = ec, ec = NULL;
		st = FC_OK;
		goto out;
	}
	if ((pt = EC_POINT_new(g)) == NULL)
		goto out;
	{
		uint8_t derived[1 + 2 * EC_MAX];
		st = FC_EINVALIDKEY;
		what = "EC private scalar is not in [1, n-1]";
		if (lens[FC_PART_PRIV] != size)
			goto out;
		if ((d = BN_bin2bn(parts[FC_PART_PRIV], size, NULL)) == NULL) {
			st = FC_EFAIL, what = "BN_bin2bn";
			goto out;
		}
		if (BN_is_zero(d) || BN_cmp(d, EC_GROUP_get0_order(g)) >= 0)
			goto out;
		st = FC_EFAIL, what = "deriving the EC public point";
		if (!EC_KEY_set_private_key(ec, d) || !EC_POINT_mul(g, pt, d, NULL, NULL, NULL))
			goto out;
		if (publen != 0) {
			size_t n = EC_POINT_point2oct(g, pt, POINT_CONVERSION_UNCOMPRESSED, derived, sizeof derived, NULL);
			if (n != publen || memcmp(derived, pub, n) != 0) {
				st = FC_EINVALIDKEY, what = "EC public point does not match the private scalar";
				goto out;
			}
		}
		k->priv = 1;
	}
	what = "EC_KEY_set_public_key";
	if (!EC_KEY_set_public_key(ec, pt))
		goto out;
	k->ec = ec, ec = NULL;
	st = FC_OK;
out:
	BN_clear_free(d);
	EC_POINT_free(pt);
	EC_KEY_free(ec);
	return st == FC_OK ? FC_OK : fail(err, st, what);
}

static BIGNUM *part_bn(const uint8_t *const *parts, const size_t *lens, int part)
{
	return lens[part] ? BN_bin2bn(parts[part], lens[part], NULL) : NULL;
}

/* The CRT values the caller left out, from d, p and q; qinv by Fermat, since p is prime. */
static int rsa_crt(BIGNUM **dp, BIGNUM **dq, BIGNUM **qinv, const BIGNUM *d, const BIGNUM *p, const BIGNUM *q)
{
	BN_CTX *ctx = BN_CTX_new();
	BIGNUM *t = BN_new(), *qmodp = BN_new();
	int ok = ctx != NULL && t != NULL && qmodp != NULL;
	if (ok && *dp == NULL)
		ok = (*dp = BN_new()) != NULL && BN_sub(t, p, BN_value_one()) && BN_mod(*dp, d, t, ctx);
	if (ok && *dq == NULL)
		ok = (*dq = BN_new()) != NULL && BN_sub(t, q, BN_value_one()) && BN_mod(*dq, d, t, ctx);
	if (ok && *qinv == NULL)
		ok = (*qinv = BN_new()) != NULL && BN_nnmod(qmodp, q, p, ctx) && BN_copy(t, p) &&
			BN_sub_word(t, 2) && BN_mod_exp_mont_consttime(*qinv, qmodp, t, p, ctx, NULL);
	BN_clear_free(t);
	BN_clear_free(qmodp);
	BN_CTX_free(ctx);
	return ok;
}

static int rsa_new(fc_pkey *k, const uint8_t *const *parts, const size_t *lens, char **err)
{
	if (!has(lens, FC_PART_PUB) || !has(lens, FC_PART_E))
		return fail(err, FC_EINVALIDKEY, "RSA key needs n and e");
	if (has(lens, FC_PART_PRIV) && (!has(lens, FC_PART_P) || !has(lens, FC_PART_Q)))
		return fail(err, FC_EINVALIDKEY, "RSA private key needs p and q");
	BIGNUM *n = part_bn(parts, lens, FC_PART_PUB), *e = part_bn(parts, lens, FC_PART_E);
	BIGNUM *d = NULL, *p = NULL, *q = NULL, *dp = NULL, *dq = NULL, *qinv = NULL;
	int st = FC_EFAIL;
	const char *what = "BN_bin2bn";
	if (n == NULL || e == NULL)
		goto out;
	if (!has(lens, FC_PART_PRIV)) {
		/* RSA_set0_key hands n and e over without the copies RSA_new_public_key makes; RSA_check_key then
		 * runs the same public-key checks (n odd, sizes, e's range): 202 against 283 ns per RSA-2048 import. */
		what = "RSA_new";
		if ((k->rsa = RSA_new()) == NULL || !RSA_set0_key(k->rsa, n, e, NULL))
			goto out;
		n = e = NULL;
		st = RSA_check_key(k->rsa) ? FC_OK : FC_EINVALIDKEY;
		what = "RSA_check_key";
		goto out;
	}
	d = part_bn(parts, lens, FC_PART_PRIV), p = part_bn(parts, lens, FC_PART_P), q = part_bn(parts, lens, FC_PART_Q);
	dp = part_bn(parts, lens, FC_PART_DP), dq = part_bn(parts, lens, FC_PART_DQ);
	qinv = part_bn(parts, lens, FC_PART_QINV);
	if (d == NULL || p == NULL || q == NULL)
		goto out;
	if (BN_is_zero(p) || BN_is_zero(q) || BN_is_odd(p) == 0 || BN_is_odd(q) == 0) {
		st = FC_EINVALIDKEY, what = "RSA primes must be odd";
		goto out;
	}
	what = "computing the RSA CRT values";
	if ((dp == NULL || dq == NULL || qinv == NULL) && !rsa_crt(&dp, &dq, &qinv, d, p, q))
		goto out;
	/* RSA_new_private_key runs RSA_check_key: n = pq, d and the CRT values consistent. */
	st = (k->rsa = RSA_new_private_key(n, e, d, p, q, dp, dq, qinv)) != NULL ? FC_OK : FC_EINVALIDKEY;
	what = "RSA_new_private_key";
	k->priv = 1;
out:
	BN_free(n), BN_free(e), BN_free(p), BN_free(q);
	BN_clear_free(d), BN_clear_free(dp), BN_clear_free(dq), BN_clear_free(qinv);
	return st == FC_OK ? FC_OK : fail(err, st, what);
}

static int pkey_new(int kind, const uint8_t *const *parts, const size_t *lens, void **out, char **err)
{
	fc_pkey *k = calloc(1, sizeof *k);
	if (k == NULL)
		return fail(err, FC_EFAIL, "out of memory");
	k->kind = kind;
	int st = FC_EINVALIDKEY;
	const uint8_t *pub = parts[FC_PART_PUB], *priv = parts[FC_PART_PRIV];
	size_t publen = lens[FC_PART_PUB], privlen = lens[FC_PART_PRIV];
	switch (kind) {
	case FC_PKEY_P224:
	case FC_PKEY_P256:
	case FC_PKEY_P384:
	case FC_PKEY_P521:
		st = ec_new(k, ec_group(kind), parts, lens, err);
		break;
	case FC_PKEY_ED25519:
	case FC_PKEY_X25519:
		if ((privlen != 0 && privlen != 32) || (publen != 0 && publen != 32) || (privlen == 0 && publen == 0)) {
			st = fail(err, FC_EINVALIDKEY, "curve25519 keys are 32 bytes");
			break;
		}
		if (privlen != 0) {
			k->priv = 1;
			if (kind == FC_PKEY_ED25519)
				ED25519_keypair_from_seed(k->pub, k->sk, priv);
			else
				memcpy(k->sk, priv, 32), X25519_public_from_private(k->pub, k->sk);
			if (publen != 0 && memcmp(k->pub, pub, 32) != 0) {
				st = fail(err, FC_EINVALIDKEY, "public key does not match the private key");
				break;
			}
		} else {
			memcpy(k->pub, pub, 32);
		}
		st = FC_OK;
		break;
	case FC_PKEY_RSA:
		st = rsa_new(k, parts, lens, err);
		break;
	default:
		st = fail(err, FC_EUNSUPPORTED, "unknown key kind");
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
	if (k == NULL)
		return fail(err, FC_EFAIL, "out of memory");
	k->kind = kind;
	k->priv = 1;
	int ok = 0;
	const char *what = "unknown key kind";
	switch (kind) {
	case FC_PKEY_P224:
	case FC_PKEY_P256:
	case FC_PKEY_P384:
	case FC_PKEY_P521:
		what = "EC_KEY_generate_key";
		ok = (k->ec = EC_KEY_new()) != NULL && EC_KEY_set_group(k->ec, ec_group(kind)) &&
			EC_KEY_generate_key(k->ec);
		break;
	case FC_PKEY_ED25519:
		ED25519_keypair(k->pub, k->sk);
		ok = 1;
		break;
	case FC_PKEY_X25519:
		X25519_keypair(k->pub, k->sk);
		ok = 1;
		break;
	case FC_PKEY_RSA: {
		BIGNUM *e = BN_new();
		what = "RSA_generate_key_ex";
		ok = e != NULL && BN_set_word(e, RSA_F4) && (k->rsa = RSA_new()) != NULL &&
			RSA_generate_key_ex(k->rsa, bits, e, NULL);
		BN_free(e);
		break;
	}
	}
	if (!ok) {
		pkey_free(k);
		return fail(err, kind > 0 && kind < FC_PKEY_COUNT ? FC_EFAIL : FC_EUNSUPPORTED, what);
	}
	*out = k;
	return FC_OK;
}

static int put(uint8_t *out, size_t cap, size_t *len, const uint8_t *src, size_t n)
{
	*len = n;
	if (out == NULL)
		return FC_OK;
	if (cap < n)
		return FC_EFAIL;
	memcpy(out, src, n);
	return FC_OK;
}

static int put_bn(uint8_t *out, size_t cap, size_t *len, const BIGNUM *bn, size_t padded)
{
	if (bn == NULL)
		return FC_EFAIL;
	size_t n = padded ? padded : BN_num_bytes(bn);
	*len = n;
	if (out == NULL)
		return FC_OK;
	if (cap < n)
		return FC_EFAIL;
	return (padded ? BN_bn2bin_padded(out, n, bn) : (BN_bn2bin(bn, out), 1)) ? FC_OK : fail(NULL, FC_EFAIL, NULL);
}

static int pkey_get(const void *p, int part, uint8_t *out, size_t cap, size_t *len)
{
	const fc_pkey *k = p;
	if (part == FC_PART_PRIV && !k->priv)
		return FC_EFAIL;
	switch (k->kind) {
	case FC_PKEY_ED25519:
	case FC_PKEY_X25519:
		if (part == FC_PART_PUB)
			return put(out, cap, len, k->pub, 32);
		if (part == FC_PART_PRIV)
			return put(out, cap, len, k->sk, 32);
		return FC_EFAIL;
	case FC_PKEY_RSA: {
		const BIGNUM *bn[FC_PART_COUNT] = {NULL};
		RSA_get0_key(k->rsa, &bn[FC_PART_PUB], &bn[FC_PART_E], &bn[FC_PART_PRIV]);
		RSA_get0_factors(k->rsa, &bn[FC_PART_P], &bn[FC_PART_Q]);
		RSA_get0_crt_params(k->rsa, &bn[FC_PART_DP], &bn[FC_PART_DQ], &bn[FC_PART_QINV]);
		return part >= 0 && part < FC_PART_COUNT ? put_bn(out, cap, len, bn[part], 0) : FC_EFAIL;
	}
	}
	if (k->ec == NULL)
		return FC_EFAIL;
	const EC_GROUP *g = EC_KEY_get0_group(k->ec);
	if (part == FC_PART_PRIV)
		return put_bn(out, cap, len, EC_KEY_get0_private_key(k->ec), ec_size(g));
	if (part != FC_PART_PUB)
		return FC_EFAIL;
	uint8_t buf[1 + 2 * EC_MAX];
	size_t n = EC_POINT_point2oct(g, EC_KEY_get0_public_key(k->ec), POINT_CONVERSION_UNCOMPRESSED, buf, sizeof buf,
		NULL);
	return n != 0 ? put(out, cap, len, buf, n) : fail(NULL, FC_EFAIL, NULL);
}

static int rsa_sign(fc_pkey *k, int md, int pad, int saltlen, const uint8_t *in, size_t inlen, uint8_t *sig,
	size_t *siglen, char **err)
{
	size_t cap = *siglen;
	if (cap < RSA_size(k->rsa))
		return fail(err, FC_EFAIL, "signature buffer smaller than the modulus");
	if (md != 0 && !pkey_is_rsa_md(md))
		return fail(err, FC_EUNSUPPORTED, "digest not available for RSA in AWS-LC");
	int ok;
	switch (pad) {
	case FC_PAD_PKCS1:
		if (md == 0) {
			ok = RSA_sign_raw(k->rsa, siglen, sig, cap, in, inlen, RSA_PKCS1_PADDING);
		} else {
			unsigned n = 0;
			ok = RSA_sign(EVP_MD_type(mds[md]), in, inlen, sig, &n, k->rsa);
			*siglen = n;
		}
		break;
	case FC_PAD_PSS:
		ok = md != 0 && RSA_sign_pss_mgf1(k->rsa, siglen, sig, cap, in, inlen, mds[md], NULL, saltlen);
		break;
	default: return fail(err, FC_EUNSUPPORTED, "RSA signatures take PKCS #1 v1.5 or PSS padding");
	}
	return ok ? FC_OK : fail(err, FC_EFAIL, "RSA signing");
}

static int pkey_sign(void *p, int md, int pad, int saltlen, const uint8_t *in, size_t inlen, uint8_t *sig,
	size_t *siglen, char **err)
{
	fc_pkey *k = p;
	if (!k->priv)
		return fail(err, FC_EFAIL, "signing needs a private key");
	switch (k->kind) {
	case FC_PKEY_ED25519:
		if (*siglen < 64)
			return fail(err, FC_EFAIL, "signature buffer too small");
		*siglen = 64;
		return ED25519_sign(sig, in, inlen, k->sk) ? FC_OK : fail(err, FC_EFAIL, "ED25519_sign");
	case FC_PKEY_RSA:
		return rsa_sign(k, md, pad, saltlen, in, inlen, sig, siglen, err);
	case FC_PKEY_X25519:
		return fail(err, FC_EUNSUPPORTED, "X25519 keys do not sign");
	}
	/* ECDSA: DER of at most ECDSA_size bytes; a short buffer gets the signature through a copy. */
	uint8_t tmp[160];
	unsigned n = 0;
	int direct = *siglen >= ECDSA_size(k->ec);
	if (!ECDSA_sign(0, in, inlen, direct ? sig : tmp, &n, k->ec))
		return fail(err, FC_EFAIL, "ECDSA_sign");
	if (!direct) {
		if (n > *siglen)
			return fail(err, FC_EFAIL, "signature buffer too small");
		memcpy(sig, tmp, n);
	}
	*siglen = n;
	return FC_OK;
}

static int rsa_verify(fc_pkey *k, int md, int pad, int saltlen, const uint8_t *in, size_t inlen, const uint8_t *sig,
	size_t siglen, char **err)
{
	if (md != 0 && !pkey_is_rsa_md(md))
		return fail(err, FC_EUNSUPPORTED, "digest not available for RSA in AWS-LC");
	switch (pad) {
	case FC_PAD_PKCS1:
		if (md == 0) {
			uint8_t buf[SIG_MAX];
			size_t n = 0;
			return RSA_verify_raw(k->rsa, &n, buf, sizeof buf, sig, siglen, RSA_PKCS1_PADDING) && n == inlen &&
				memcmp(buf, in, n) == 0;
		}
		return RSA_verify(EVP_MD_type(mds[md]), in, inlen, sig, siglen, k->rsa);
	case FC_PAD_PSS:
		/* AWS-LC takes -2 (FC_SALT_AUTO) as "recover the salt length from the signature". */
		return md != 0 && RSA_verify_pss_mgf1(k->rsa, in, inlen, mds[md], NULL, saltlen, sig, siglen);
	}
	return fail(err, FC_EUNSUPPORTED, "RSA signatures take PKCS #1 v1.5 or PSS padding");
}

static int pkey_verify(void *p, int md, int pad, int saltlen, const uint8_t *in, size_t inlen, const uint8_t *sig,
	size_t siglen, char **err)
{
	fc_pkey *k = p;
	int ok;
	switch (k->kind) {
	case FC_PKEY_ED25519:
		ok = siglen == 64 && ED25519_verify(in, inlen, sig, k->pub);
		break;
	case FC_PKEY_RSA:
		ok = rsa_verify(k, md, pad, saltlen, in, inlen, sig, siglen, err);
		if (ok < 0)
			return ok; /* a set-up error, reported */
		break;
	case FC_PKEY_X25519:
		return fail(err, FC_EUNSUPPORTED, "X25519 keys do not verify");
	default:
		ok = ECDSA_verify(0, in, inlen, sig, siglen, k->ec);
	}
	if (ok)
		return FC_OK;
	ERR_clear_error();
	return FC_EAUTH;
}

static int pkey_derive(void *p, const uint8_t *peer, size_t peerlen, uint8_t *out, size_t *outlen, char **err)
{
	fc_pkey *k = p;
	if (!k->priv)
		return fail(err, FC_EFAIL, "key agreement needs a private key");
	if (k->kind == FC_PKEY_X25519) {
		if (peerlen != 32)
			return fail(err, FC_EINVALIDKEY, "X25519 public keys are 32 bytes");
		if (*outlen < 32)
			return fail(err, FC_EFAIL, "output buffer too small");
		*outlen = 32;
		return X25519(out, k->sk, peer) ? FC_OK : fail(err, FC_EINVALIDKEY, "X25519 result is all zeros");
	}
	if (k->ec == NULL)
		return fail(err, FC_EUNSUPPORTED, "key kind does not agree keys");
	const EC_GROUP *g = EC_KEY_get0_group(k->ec);
	size_t size = ec_size(g);
	if (*outlen < size)
		return fail(err, FC_EFAIL, "output buffer too small");
	if (peerlen != 1 + 2 * size || peer[0] != POINT_CONVERSION_UNCOMPRESSED)
		return fail(err, FC_EINVALIDKEY, "EC peer is not an uncompressed point of the curve's size");
	EC_POINT *pt = EC_POINT_new(g);
	if (pt == NULL)
		return fail(err, FC_EFAIL, "EC_POINT_new");
	int st = FC_OK;
	if (!EC_POINT_oct2point(g, pt, peer, peerlen, NULL))
		st = fail(err, FC_EINVALIDKEY, "EC peer point is not on the curve");
	else if (ECDH_compute_key(out, size, pt, k->ec, NULL) != (int)size)
		st = fail(err, FC_EFAIL, "ECDH_compute_key");
	EC_POINT_free(pt);
	if (st == FC_OK)
		*outlen = size;
	return st;
}

/* OAEP with separate digests and a label needs an EVP_PKEY_CTX; one is made per call so the key stays immutable. */
static int rsa_oaep(fc_pkey *k, int decrypt, int md, int mgf1md, const uint8_t *label, size_t labellen,
	const uint8_t *in, size_t inlen, uint8_t *out, size_t *outlen, char **err)
{
	if (mgf1md == 0)
		mgf1md = md;
	if (!pkey_is_rsa_md(md) || !pkey_is_rsa_md(mgf1md))
		return fail(err, FC_EUNSUPPORTED, "digest not available for OAEP in AWS-LC");
	EVP_PKEY *pkey = EVP_PKEY_new();
	EVP_PKEY_CTX *ctx = NULL;
	uint8_t *l = NULL;
	int st = FC_EFAIL;
	int ok = pkey != NULL && EVP_PKEY_set1_RSA(pkey, k->rsa) && (ctx = EVP_PKEY_CTX_new(pkey, NULL)) != NULL &&
		(decrypt ? EVP_PKEY_decrypt_init(ctx) : EVP_PKEY_encrypt_init(ctx)) &&
		EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_OAEP_PADDING) && EVP_PKEY_CTX_set_rsa_oaep_md(ctx, mds[md]) &&
		EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, mds[mgf1md]);
	if (ok && labellen != 0) {
		/* set0 takes ownership of an OPENSSL_malloc'd label */
		ok = (l = OPENSSL_memdup(label, labellen)) != NULL && EVP_PKEY_CTX_set0_rsa_oaep_label(ctx, l, labellen);
		if (ok)
			l = NULL;
	}
	if (!ok) {
		st = fail(err, FC_EFAIL, "setting up RSA-OAEP");
	} else if (decrypt) {
		st = EVP_PKEY_decrypt(ctx, out, outlen, in, inlen) ? FC_OK : (ERR_clear_error(), FC_EAUTH);
	} else {
		st = EVP_PKEY_encrypt(ctx, out, outlen, in, inlen) ? FC_OK : fail(err, FC_EFAIL, "EVP_PKEY_encrypt");
	}
	OPENSSL_free(l);
	EVP_PKEY_CTX_free(ctx);
	EVP_PKEY_free(pkey);
	return st;
}

static int pkey_crypt(void *p, int decrypt, int pad, int md, int mgf1md, const uint8_t *label, size_t labellen,
	const uint8_t *in, size_t inlen, uint8_t *out, size_t *outlen, char **err)
{
	fc_pkey *k = p;
	if (k->kind != FC_PKEY_RSA)
		return fail(err, FC_EUNSUPPORTED, "only RSA keys encrypt");
	if (pad != FC_PAD_PKCS1 && pad != FC_PAD_OAEP)
		return fail(err, FC_EUNSUPPORTED, "RSA encryption takes PKCS #1 v1.5 or OAEP padding");
	if (decrypt && !k->priv)
		return fail(err, FC_EFAIL, "decryption needs a private key");
	size_t size = RSA_size(k->rsa), cap = *outlen;
	if (!decrypt && cap < size)
		return fail(err, FC_EFAIL, "output buffer smaller than the modulus");
	/* AWS-LC decrypts only into a modulus-sized buffer: a smaller one goes through a copy. */
	uint8_t *dst = out, tmp[SIG_MAX];
	if (decrypt && cap < size) {
		if (size > sizeof tmp)
			return fail(err, FC_EFAIL, "modulus too large");
		dst = tmp;
	}
	size_t n = size;
	int st;
	if (pad == FC_PAD_OAEP)
		st = rsa_oaep(k, decrypt, md, mgf1md, label, labellen, in, inlen, dst, &n, err);
	else if (decrypt)
		st = RSA_decrypt(k->rsa, &n, dst, size, in, inlen, RSA_PKCS1_PADDING) ? FC_OK : (ERR_clear_error(), FC_EAUTH);
	else
		st = RSA_encrypt(k->rsa, &n, dst, size, in, inlen, RSA_PKCS1_PADDING) ? FC_OK
			: fail(err, FC_EFAIL, "RSA_encrypt");
	if (st == FC_OK && dst == tmp) {
		if (n > cap)
			st = fail(err, FC_EFAIL, "output buffer too small");
		else
			memcpy(out, tmp, n);
	}
	if (dst == tmp)
		OPENSSL_cleanse(tmp, size);
	if (st == FC_OK)
		*outlen = n;
	return st;
}

static int pkey_floor(int op, long iters, void *k, int md, int pad, const uint8_t *in, size_t n, const uint8_t *aux,
	size_t auxlen)
{
	uint8_t buf[SIG_MAX];
	size_t len;
	int salt = pad == FC_PAD_PSS ? RSA_PSS_SALTLEN_DIGEST : 0;
	int ok = 1;
	switch (op) {
	case FC_FLOOR_SIGN:
		for (long i = 0; ok && i < iters; i++)
			len = sizeof buf, ok = pkey_sign(k, md, pad, salt, in, n, buf, &len, NULL) == FC_OK;
		break;
	case FC_FLOOR_VERIFY:
		for (long i = 0; ok && i < iters; i++)
			ok = pkey_verify(k, md, pad, salt, in, n, aux, auxlen, NULL) == FC_OK;
		break;
	case FC_FLOOR_DERIVE:
		for (long i = 0; ok && i < iters; i++)
			len = sizeof buf, ok = pkey_derive(k, aux, auxlen, buf, &len, NULL) == FC_OK;
		break;
	case FC_FLOOR_IMPORT_PUBLIC: {
		const uint8_t *parts[FC_PART_COUNT] = {NULL};
		size_t lens[FC_PART_COUNT] = {0};
		parts[FC_PART_PUB] = in, lens[FC_PART_PUB] = n;
		if (md == FC_PKEY_RSA)
			parts[FC_PART_E] = aux, lens[FC_PART_E] = auxlen;
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
