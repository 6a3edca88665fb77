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
 *
 * Public keys (no OSSL_PARAM/fromdata, no encoded-point setter):
 *  - EC keys are EC_KEY built with the legacy setters: the point is decoded
 *    with EC_POINT_oct2point, the public point of a private key derived with
 *    EC_POINT_mul. ECDSA_sign/ECDSA_verify and ECDH_compute_key take the
 *    EC_KEY directly; no EVP_PKEY, no EVP_PKEY_CTX. The four groups and
 *    their orders are built once in init (EC_GROUP_get0_order is absent).
 *  - Ed25519 and X25519 are raw bytes run through curve25519.h (ED25519_sign
 *    takes the seed and the public key, X25519 refuses an all-zero result).
 *    The only missing piece, an Ed25519 public key from its seed, goes
 *    through EVP_PKEY_new_raw_private_key at import.
 *  - RSA is an RSA built with RSA_set0_*; RSA_check_key also checks DP, DQ
 *    and QINV. PKCS #1 v1.5 signs with RSA_sign (RSA_private_encrypt for
 *    md 0), PSS with RSA_padding_add_PKCS1_PSS_mgf1 / RSA_verify_PKCS1_PSS_mgf1
 *    around RSA_NO_PADDING, whose sLen RSA_PSS_SALTLEN_AUTO recovers the salt.
 *    OAEP (separate MGF1 digest, label) runs on a fresh EVP_PKEY_CTX per
 *    operation, made from an EVP_PKEY kept in the key, so the padding check
 *    stays inside the fork's own decryption.
 *  - Length parameters are int (ECDSA_sign, RSA_*crypt, BN_bin2bn, the OAEP
 *    label): sizes are range-checked before the cast.
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
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/curve25519.h>
#include <openssl/ec.h>
#include <openssl/ecdh.h>
#include <openssl/ecdsa.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/md5.h>
#include <openssl/objects.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/sha.h>
#include <openssl/x509.h>

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

/* EC groups for the public keys. */
static const int ec_nids[FC_PKEY_COUNT] = {
	[FC_PKEY_P224] = NID_secp224r1,
	[FC_PKEY_P256] = NID_X9_62_prime256v1,
	[FC_PKEY_P384] = NID_secp384r1,
	[FC_PKEY_P521] = NID_secp521r1,
};

/* Built once in init; only read afterwards. */
static EC_GROUP *ec_groups[FC_PKEY_COUNT];
static BIGNUM *ec_orders[FC_PKEY_COUNT];
static size_t ec_sizes[FC_PKEY_COUNT]; /* field size in bytes */

static int is_ec(int kind) { return kind >= FC_PKEY_P224 && kind <= FC_PKEY_P521; }

static int ec_init(void)
{
	for (int kind = FC_PKEY_P224; kind <= FC_PKEY_P521; kind++) {
		EC_GROUP *g = EC_GROUP_new_by_curve_name(ec_nids[kind]);
		BIGNUM *order = BN_new();
		if (g == NULL || order == NULL || !EC_GROUP_get_order(g, order, NULL)) {
			EC_GROUP_free(g);
			BN_free(order);
			return 0;
		}
		ec_groups[kind] = g;
		ec_orders[kind] = order;
		ec_sizes[kind] = ((size_t)EC_GROUP_get_degree(g) + 7) / 8;
	}
	return 1;
}

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
	if (ec_groups[FC_PKEY_P224] == NULL && !ec_init())
		return fail(err, FC_EFAIL, "building the EC groups");
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
		return FC_ABSENT;
	case FC_FAMILY_PKEY:
		if (is_ec(alg))
			return ec_groups[alg] != NULL ? FC_NATIVE : FC_ABSENT;
		return alg >= FC_PKEY_ED25519 && alg <= FC_PKEY_RSA ? FC_NATIVE : FC_ABSENT;
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

/* ---- public keys ---- */

/* The key handle: immutable after creation, so any number of threads may use it. */
typedef struct {
	int kind;
	int priv; /* has the private half */
	EC_KEY *ec;
	RSA *rsa;
	EVP_PKEY *evp; /* the RSA key again, for the EVP_PKEY_CTX that OAEP needs */
	uint8_t pub[32], seed[32]; /* Ed25519 and X25519 (seed: the scalar for X25519) */
} fc_pkey;

static void pkey_free(void *p)
{
	fc_pkey *k = p;
	if (k == NULL)
		return;
	EC_KEY_free(k->ec); /* clears the private scalar */
	EVP_PKEY_free(k->evp);
	RSA_free(k->rsa); /* clears the private integers */
	OPENSSL_cleanse(k, sizeof *k);
	free(k);
}

/* bn_part returns a part as a BIGNUM, or NULL when it is absent or too long for BN_bin2bn's int. */
static BIGNUM *bn_part(const uint8_t *const *parts, const size_t *lens, int part)
{
	if (parts[part] == NULL || lens[part] == 0 || lens[part] > INT_MAX)
		return NULL;
	return BN_bin2bn(parts[part], (int)lens[part], NULL);
}

/* ec_point decodes an uncompressed point of kind's curve; NULL when it is malformed or off the curve. */
static EC_POINT *ec_point(const EC_GROUP *g, int kind, const uint8_t *p, size_t n)
{
	if (p == NULL || n != 1 + 2 * ec_sizes[kind] || p[0] != 0x04)
		return NULL;
	EC_POINT *pt = EC_POINT_new(g);
	if (pt == NULL || !EC_POINT_oct2point(g, pt, p, n, NULL) || EC_POINT_is_on_curve(g, pt, NULL) != 1) {
		EC_POINT_free(pt);
		return NULL;
	}
	return pt;
}

static int ec_import(fc_pkey *k, const uint8_t *const *parts, const size_t *lens, char **err)
{
	const EC_GROUP *g = ec_groups[k->kind];
	EC_POINT *given = NULL, *derived = NULL;
	BIGNUM *d = NULL;
	int st = FC_EINVALIDKEY;
	const char *what = "EC key";

	if (g == NULL)
		return FC_EUNSUPPORTED;
	if ((k->ec = EC_KEY_new()) == NULL || !EC_KEY_set_group(k->ec, g)) {
		st = FC_EFAIL, what = "EC_KEY_set_group";
		goto out;
	}
	if (lens[FC_PART_PRIV] == 0) {
		/*
		 * o2i_ECPublicKey decodes into the key's own point (EC_POINT_oct2point,
		 * which checks the curve equation), sparing ec_point's copy: about 20%
		 * of a P-256 import.
		 */
		const uint8_t *p = parts[FC_PART_PUB];
		size_t n = lens[FC_PART_PUB];
		if (n == 0) {
			what = "EC key without a public point";
			goto out;
		}
		if (p == NULL || n != 1 + 2 * ec_sizes[k->kind] || p[0] != 0x04 || !o2i_ECPublicKey(&k->ec, &p, (long)n)) {
			what = "EC point not on the curve";
			goto out;
		}
		st = FC_OK;
		goto out;
	}
	if (lens[FC_PART_PUB] > 0 &&
		(given = ec_point(g, k->kind, parts[FC_PART_PUB], lens[FC_PART_PUB])) == NULL) {
		what = "EC point not on the curve";
		goto out;
	}
	if ((d = bn_part(parts, lens, FC_PART_PRIV)) == NULL) {
		what = "EC private scalar";
		goto out;
	}
	BN_set_flags(d, BN_FLG_CONSTTIME);
	if (BN_is_zero(d) || BN_cmp(d, ec_orders[k->kind]) >= 0) {
		what = "EC private scalar out of range";
		goto out;
	}
	if ((derived = EC_POINT_new(g)) == NULL || !EC_POINT_mul(g, derived, d, NULL, NULL, NULL)) {
		st = FC_EFAIL, what = "EC_POINT_mul";
		goto out;
	}
	if (given != NULL && EC_POINT_cmp(g, derived, given, NULL) != 0) {
		what = "EC public point does not match the private scalar";
		goto out;
	}
	if (!EC_KEY_set_private_key(k->ec, d) || !EC_KEY_set_public_key(k->ec, derived)) {
		st = FC_EFAIL, what = "EC_KEY_set_private_key";
		goto out;
	}
	k->priv = 1;
	st = FC_OK;
out:
	BN_clear_free(d);
	EC_POINT_free(given);
	EC_POINT_free(derived);
	return st == FC_OK ? FC_OK : fail(err, st, what);
}

/* ed25519_public derives the public key from a seed; curve25519.h has no such function. */
static int ed25519_public(const uint8_t seed[32], uint8_t pub[32])
{
	EVP_PKEY *pk = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, seed, 32);
	size_t n = 32;
	int ok = pk != NULL && EVP_PKEY_get_raw_public_key(pk, pub, &n) && n == 32;
	EVP_PKEY_free(pk);
	return ok;
}

static const uint8_t x25519_base[32] = {9};

static int raw_import(fc_pkey *k, const uint8_t *const *parts, const size_t *lens, char **err)
{
	const uint8_t *pub = parts[FC_PART_PUB], *priv = parts[FC_PART_PRIV];
	size_t publen = lens[FC_PART_PUB], privlen = lens[FC_PART_PRIV];
	uint8_t derived[32];
	if ((publen > 0 && (pub == NULL || publen != 32)) || (privlen > 0 && (priv == NULL || privlen != 32)) ||
		(publen == 0 && privlen == 0))
		return fail(err, FC_EINVALIDKEY, "key parts must be 32 bytes");
	if (privlen == 0) {
		memcpy(k->pub, pub, 32);
		return FC_OK;
	}
	int ok = k->kind == FC_PKEY_ED25519 ? ed25519_public(priv, derived) : X25519(derived, priv, x25519_base);
	if (!ok)
		return fail(err, FC_EFAIL, "deriving the public key");
	if (publen > 0 && CRYPTO_memcmp(derived, pub, 32) != 0)
		return fail(err, FC_EINVALIDKEY, "public key does not match the private key");
	memcpy(k->pub, derived, 32);
	memcpy(k->seed, priv, 32);
	k->priv = 1;
	return FC_OK;
}

/* rsa_finish wraps k->rsa in the EVP_PKEY that the OAEP contexts are made from. */
static int rsa_finish(fc_pkey *k, char **err)
{
	if ((k->evp = EVP_PKEY_new()) == NULL || !EVP_PKEY_set1_RSA(k->evp, k->rsa))
		return fail(err, FC_EFAIL, "EVP_PKEY_set1_RSA");
	return FC_OK;
}

static int rsa_import(fc_pkey *k, const uint8_t *const *parts, const size_t *lens, char **err)
{
	BIGNUM *n = bn_part(parts, lens, FC_PART_PUB), *e = bn_part(parts, lens, FC_PART_E);
	BIGNUM *d = NULL, *p = NULL, *q = NULL, *dp = NULL, *dq = NULL, *qinv = NULL, *t = NULL;
	BN_CTX *ctx = NULL;
	int st = FC_EINVALIDKEY, priv = lens[FC_PART_PRIV] > 0;
	const char *what = "RSA key parts";

	if ((k->rsa = RSA_new()) == NULL) {
		st = FC_EFAIL, what = "RSA_new";
		goto out;
	}
	if (n == NULL || e == NULL)
		goto out;
	if (priv) {
		d = bn_part(parts, lens, FC_PART_PRIV);
		p = bn_part(parts, lens, FC_PART_P);
		q = bn_part(parts, lens, FC_PART_Q);
		if (d == NULL || p == NULL || q == NULL) {
			what = "RSA private key without P and Q";
			goto out;
		}
		BN_set_flags(d, BN_FLG_CONSTTIME);
		BN_set_flags(p, BN_FLG_CONSTTIME);
		BN_set_flags(q, BN_FLG_CONSTTIME);
		dp = bn_part(parts, lens, FC_PART_DP);
		dq = bn_part(parts, lens, FC_PART_DQ);
		qinv = bn_part(parts, lens, FC_PART_QINV);
		if (dp == NULL || dq == NULL || qinv == NULL) {
			/* DP = d mod (p-1), DQ = d mod (q-1), QINV = q^-1 mod p. */
			BN_clear_free(dp), BN_clear_free(dq), BN_clear_free(qinv);
			qinv = NULL;
			if ((ctx = BN_CTX_new()) == NULL || (t = BN_new()) == NULL || (dp = BN_new()) == NULL ||
				(dq = BN_new()) == NULL) {
				st = FC_EFAIL, what = "BN_new";
				goto out;
			}
			BN_set_flags(t, BN_FLG_CONSTTIME);
			if (!BN_sub(t, p, BN_value_one()) || !BN_mod(dp, d, t, ctx) || !BN_sub(t, q, BN_value_one()) ||
				!BN_mod(dq, d, t, ctx) || (qinv = BN_mod_inverse(NULL, q, p, ctx)) == NULL) {
				what = "computing the CRT values";
				goto out;
			}
		}
	}
	if (!RSA_set0_key(k->rsa, n, e, d)) {
		st = FC_EFAIL, what = "RSA_set0_key";
		goto out;
	}
	n = e = d = NULL;
	if (priv) {
		if (!RSA_set0_factors(k->rsa, p, q)) {
			st = FC_EFAIL, what = "RSA_set0_factors";
			goto out;
		}
		p = q = NULL;
		if (!RSA_set0_crt_params(k->rsa, dp, dq, qinv)) {
			st = FC_EFAIL, what = "RSA_set0_crt_params";
			goto out;
		}
		dp = dq = qinv = NULL;
		/* RSA_check_key checks p and q prime, n = pq, d e = 1 mod lcm and DP, DQ, QINV. */
		if (RSA_check_key(k->rsa) != 1) {
			what = "RSA_check_key";
			goto out;
		}
		k->priv = 1;
	}
	BN_clear_free(t);
	BN_CTX_free(ctx);
	return rsa_finish(k, err);
out:
	BN_free(n), BN_free(e);
	BN_clear_free(d), BN_clear_free(p), BN_clear_free(q);
	BN_clear_free(dp), BN_clear_free(dq), BN_clear_free(qinv), BN_clear_free(t);
	BN_CTX_free(ctx);
	return fail(err, st, what);
}

static int pkey_new(int kind, const uint8_t *const *parts, const size_t *lens, void **out, char **err)
{
	if (kind < FC_PKEY_P224 || kind >= FC_PKEY_COUNT)
		return fail(err, FC_EUNSUPPORTED, "unknown key kind");
	fc_pkey *k = calloc(1, sizeof *k);
	if (k == NULL)
		return fail(err, FC_EFAIL, "out of memory");
	k->kind = kind;
	int st;
	if (is_ec(kind))
		st = ec_import(k, parts, lens, err);
	else if (kind == FC_PKEY_RSA)
		st = rsa_import(k, parts, lens, err);
	else
		st = raw_import(k, parts, lens, err);
	if (st != FC_OK) {
		pkey_free(k);
		return st;
	}
	*out = k;
	return FC_OK;
}

static int pkey_generate(int kind, int bits, void **out, char **err)
{
	if (kind < FC_PKEY_P224 || kind >= FC_PKEY_COUNT)
		return fail(err, FC_EUNSUPPORTED, "unknown key kind");
	fc_pkey *k = calloc(1, sizeof *k);
	if (k == NULL)
		return fail(err, FC_EFAIL, "out of memory");
	k->kind = kind;
	k->priv = 1;
	int st = FC_OK;
	if (is_ec(kind)) {
		if (ec_groups[kind] == NULL || (k->ec = EC_KEY_new()) == NULL || !EC_KEY_set_group(k->ec, ec_groups[kind]) ||
			!EC_KEY_generate_key(k->ec))
			st = fail(err, FC_EFAIL, "EC_KEY_generate_key");
	} else if (kind == FC_PKEY_ED25519) {
		ED25519_keypair(k->pub, k->seed);
	} else if (kind == FC_PKEY_X25519) {
		X25519_keypair(k->pub, k->seed);
	} else {
		BIGNUM *e = BN_new();
		if (bits <= 0 || e == NULL || !BN_set_word(e, RSA_F4) || (k->rsa = RSA_new()) == NULL ||
			!RSA_generate_key_ex(k->rsa, bits, e, NULL))
			st = fail(err, FC_EFAIL, "RSA_generate_key_ex");
		else
			st = rsa_finish(k, err);
		BN_free(e);
	}
	if (st != FC_OK) {
		pkey_free(k);
		return st;
	}
	*out = k;
	return FC_OK;
}

/* put copies n bytes of src out, or only reports n when out is NULL. */
static int put_bytes(const uint8_t *src, size_t n, uint8_t *out, size_t cap, size_t *len)
{
	*len = n;
	if (out == NULL)
		return FC_OK;
	if (cap < n)
		return FC_EFAIL;
	memcpy(out, src, n);
	return FC_OK;
}

static int put_bn(const BIGNUM *b, uint8_t *out, size_t cap, size_t *len)
{
	if (b == NULL)
		return FC_EFAIL;
	size_t n = (size_t)BN_num_bytes(b);
	*len = n;
	if (out == NULL)
		return FC_OK;
	if (cap < n)
		return FC_EFAIL;
	BN_bn2bin(b, out);
	return FC_OK;
}

static int pkey_get(const void *p, int part, uint8_t *out, size_t cap, size_t *len)
{
	const fc_pkey *k = p;
	if (is_ec(k->kind)) {
		const EC_GROUP *g = EC_KEY_get0_group(k->ec);
		size_t size = ec_sizes[k->kind];
		if (part == FC_PART_PUB) {
			const EC_POINT *pt = EC_KEY_get0_public_key(k->ec);
			size_t n = 1 + 2 * size;
			*len = n;
			if (out == NULL)
				return pt != NULL ? FC_OK : FC_EFAIL;
			if (pt == NULL || cap < n ||
				EC_POINT_point2oct(g, pt, POINT_CONVERSION_UNCOMPRESSED, out, n, NULL) != n)
				return fail(NULL, FC_EFAIL, NULL);
			return FC_OK;
		}
		if (part == FC_PART_PRIV && k->priv) {
			const BIGNUM *d = EC_KEY_get0_private_key(k->ec);
			*len = size;
			if (out == NULL)
				return d != NULL ? FC_OK : FC_EFAIL;
			if (d == NULL || cap < size || BN_bn2binpad(d, out, (int)size) != (int)size)
				return fail(NULL, FC_EFAIL, NULL);
			return FC_OK;
		}
		return FC_EFAIL;
	}
	if (k->kind == FC_PKEY_ED25519 || k->kind == FC_PKEY_X25519) {
		if (part == FC_PART_PUB)
			return put_bytes(k->pub, 32, out, cap, len);
		if (part == FC_PART_PRIV && k->priv)
			return put_bytes(k->seed, 32, out, cap, len);
		return FC_EFAIL;
	}
	if (part != FC_PART_PUB && part != FC_PART_E && !k->priv)
		return FC_EFAIL;
	switch (part) {
	case FC_PART_PUB: return put_bn(RSA_get0_n(k->rsa), out, cap, len);
	case FC_PART_E: return put_bn(RSA_get0_e(k->rsa), out, cap, len);
	case FC_PART_PRIV: return put_bn(RSA_get0_d(k->rsa), out, cap, len);
	case FC_PART_P: return put_bn(RSA_get0_p(k->rsa), out, cap, len);
	case FC_PART_Q: return put_bn(RSA_get0_q(k->rsa), out, cap, len);
	case FC_PART_DP: return put_bn(RSA_get0_dmp1(k->rsa), out, cap, len);
	case FC_PART_DQ: return put_bn(RSA_get0_dmq1(k->rsa), out, cap, len);
	case FC_PART_QINV: return put_bn(RSA_get0_iqmp(k->rsa), out, cap, len);
	}
	return FC_EFAIL;
}

/* RSA signatures: in is a digest of md (md 0 with PKCS #1 v1.5: raw bytes), MGF1 over md for PSS. */
static int rsa_sign(fc_pkey *k, int md, int pad, int saltlen, const uint8_t *in, size_t inlen, uint8_t *sig,
	size_t *siglen, char **err)
{
	int size = RSA_size(k->rsa), n = -1;
	unsigned int l;
	if (!k->priv)
		return fail(err, FC_EFAIL, "signing needs a private key");
	if (*siglen < (size_t)size || inlen > INT_MAX)
		return fail(err, FC_EFAIL, "signature buffer too small");
	if (pad == FC_PAD_PKCS1 && md == 0) {
		n = RSA_private_encrypt((int)inlen, nonnull(in), sig, k->rsa, RSA_PKCS1_PADDING);
	} else if (!valid_md(md)) {
		return fail(err, FC_EUNSUPPORTED, "digest not available");
	} else if (inlen != (size_t)EVP_MD_size(mds[md])) {
		return fail(err, FC_EFAIL, "digest length does not match the digest");
	} else if (pad == FC_PAD_PKCS1) {
		if (RSA_sign(EVP_MD_type(mds[md]), in, (unsigned int)inlen, sig, &l, k->rsa) == 1)
			n = (int)l;
	} else if (pad == FC_PAD_PSS) {
		uint8_t *em = malloc((size_t)size);
		if (saltlen >= 0 && em != NULL &&
			RSA_padding_add_PKCS1_PSS_mgf1(k->rsa, em, in, mds[md], mds[md], saltlen))
			n = RSA_private_encrypt(size, em, sig, k->rsa, RSA_NO_PADDING);
		free(em);
	} else {
		return fail(err, FC_EUNSUPPORTED, "RSA padding not supported");
	}
	if (n <= 0)
		return fail(err, FC_EFAIL, "RSA signing");
	*siglen = (size_t)n;
	return FC_OK;
}

static int rsa_verify(fc_pkey *k, int md, int pad, int saltlen, const uint8_t *in, size_t inlen, const uint8_t *sig,
	size_t siglen, char **err)
{
	int size = RSA_size(k->rsa), ok = 0;
	if (pad != FC_PAD_PKCS1 && pad != FC_PAD_PSS)
		return fail(err, FC_EUNSUPPORTED, "RSA padding not supported");
	if (md != 0 && !valid_md(md))
		return fail(err, FC_EUNSUPPORTED, "digest not available");
	if (pad == FC_PAD_PSS && (md == 0 || (saltlen < 0 && saltlen != FC_SALT_AUTO)))
		return fail(err, FC_EFAIL, "PSS needs a digest and a salt length");
	if (siglen != (size_t)size || inlen > INT_MAX || (md != 0 && inlen != (size_t)EVP_MD_size(mds[md])))
		return fail(NULL, FC_EAUTH, NULL);
	if (pad == FC_PAD_PKCS1 && md != 0) {
		ok = RSA_verify(EVP_MD_type(mds[md]), in, (unsigned int)inlen, sig, (unsigned int)siglen, k->rsa) == 1;
	} else {
		uint8_t *buf = malloc((size_t)size);
		if (buf == NULL)
			return fail(err, FC_EFAIL, "out of memory");
		if (pad == FC_PAD_PKCS1) {
			int n = RSA_public_decrypt((int)siglen, sig, buf, k->rsa, RSA_PKCS1_PADDING);
			ok = n >= 0 && (size_t)n == inlen && CRYPTO_memcmp(buf, nonnull(in), inlen) == 0;
		} else {
			int sl = saltlen == FC_SALT_AUTO ? RSA_PSS_SALTLEN_AUTO : saltlen;
			ok = RSA_public_decrypt((int)siglen, sig, buf, k->rsa, RSA_NO_PADDING) == size &&
				RSA_verify_PKCS1_PSS_mgf1(k->rsa, in, mds[md], mds[md], buf, sl) == 1;
		}
		free(buf);
	}
	return ok ? FC_OK : fail(NULL, FC_EAUTH, NULL);
}

static int pkey_sign(void *p, int md, int pad, int saltlen, const uint8_t *in, size_t inlen, uint8_t *sig,
	size_t *siglen, char **err)
{
	fc_pkey *k = p;
	if (k->kind == FC_PKEY_RSA)
		return rsa_sign(k, md, pad, saltlen, in, inlen, sig, siglen, err);
	if (pad != FC_PAD_NONE)
		return fail(err, FC_EUNSUPPORTED, "padding only applies to RSA");
	if (k->kind == FC_PKEY_ED25519) {
		if (!k->priv || *siglen < ED25519_SIGNATURE_LENGTH)
			return fail(err, FC_EFAIL, "Ed25519 signing needs a private key and 64 bytes");
		if (!ED25519_sign(sig, nonnull(in), inlen, k->pub, k->seed))
			return fail(err, FC_EFAIL, "ED25519_sign");
		*siglen = ED25519_SIGNATURE_LENGTH;
		return FC_OK;
	}
	if (!is_ec(k->kind))
		return fail(err, FC_EUNSUPPORTED, "the key cannot sign");
	/* ECDSA_sign writes up to ECDSA_size bytes: a smaller buffer gets the signature through tmp. */
	uint8_t tmp[160];
	size_t max = (size_t)ECDSA_size(k->ec);
	uint8_t *dst = *siglen >= max ? sig : tmp;
	unsigned int l;
	if (!k->priv || inlen > INT_MAX || max > sizeof tmp)
		return fail(err, FC_EFAIL, "ECDSA signing needs a private key");
	if (!ECDSA_sign(0, nonnull(in), (int)inlen, dst, &l, k->ec))
		return fail(err, FC_EFAIL, "ECDSA_sign");
	if (dst == tmp) {
		if (l > *siglen)
			return fail(err, FC_EFAIL, "signature buffer too small");
		memcpy(sig, tmp, l);
	}
	*siglen = l;
	return FC_OK;
}

static int pkey_verify(void *p, int md, int pad, int saltlen, const uint8_t *in, size_t inlen, const uint8_t *sig,
	size_t siglen, char **err)
{
	fc_pkey *k = p;
	int ok;
	if (k->kind == FC_PKEY_RSA)
		return rsa_verify(k, md, pad, saltlen, in, inlen, sig, siglen, err);
	if (pad != FC_PAD_NONE)
		return fail(err, FC_EUNSUPPORTED, "padding only applies to RSA");
	if (k->kind == FC_PKEY_ED25519)
		ok = siglen == ED25519_SIGNATURE_LENGTH && ED25519_verify(nonnull(in), inlen, sig, k->pub) == 1;
	else if (is_ec(k->kind))
		/* 0 for a wrong signature, -1 for one that does not parse: both invalid. */
		ok = inlen <= INT_MAX && siglen <= INT_MAX &&
			ECDSA_verify(0, nonnull(in), (int)inlen, nonnull(sig), (int)siglen, k->ec) == 1;
	else
		return fail(err, FC_EUNSUPPORTED, "the key cannot verify");
	return ok ? FC_OK : fail(NULL, FC_EAUTH, NULL);
}

static int pkey_derive(void *p, const uint8_t *peer, size_t peerlen, uint8_t *out, size_t *outlen, char **err)
{
	fc_pkey *k = p;
	if (!k->priv || (k->kind != FC_PKEY_X25519 && !is_ec(k->kind)))
		return fail(err, FC_EUNSUPPORTED, "key agreement needs an EC or X25519 private key");
	if (k->kind == FC_PKEY_X25519) {
		if (*outlen < X25519_KEY_LENGTH)
			return fail(err, FC_EFAIL, "output buffer too small");
		if (peer == NULL || peerlen != X25519_KEY_LENGTH)
			return fail(err, FC_EINVALIDKEY, "X25519 peer key must be 32 bytes");
		if (!X25519(out, k->seed, peer)) /* all zeros: a low-order peer point */
			return fail(err, FC_EINVALIDKEY, "X25519 result is all zeros");
		*outlen = X25519_KEY_LENGTH;
		return FC_OK;
	}
	const EC_GROUP *g = EC_KEY_get0_group(k->ec);
	size_t size = ec_sizes[k->kind];
	if (*outlen < size)
		return fail(err, FC_EFAIL, "output buffer too small");
	EC_POINT *pt = ec_point(g, k->kind, peer, peerlen);
	if (pt == NULL)
		return fail(err, FC_EINVALIDKEY, "EC peer point not on the curve");
	int n = ECDH_compute_key(out, size, pt, k->ec, NULL);
	EC_POINT_free(pt);
	if (n <= 0 || (size_t)n != size)
		return fail(err, FC_EFAIL, "ECDH_compute_key");
	*outlen = size;
	return FC_OK;
}

/* oaep_ctx makes a fresh context for one OAEP operation: keys are shared, contexts are not. */
static EVP_PKEY_CTX *oaep_ctx(fc_pkey *k, int decrypt, int md, int mgf1md, const uint8_t *label, size_t labellen)
{
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new(k->evp, NULL);
	if (c == NULL || (decrypt ? EVP_PKEY_decrypt_init(c) : EVP_PKEY_encrypt_init(c)) <= 0 ||
		EVP_PKEY_CTX_set_rsa_padding(c, RSA_PKCS1_OAEP_PADDING) <= 0 ||
		EVP_PKEY_CTX_set_rsa_oaep_md(c, mds[md]) <= 0 || EVP_PKEY_CTX_set_rsa_mgf1_md(c, mds[mgf1md]) <= 0)
		goto bad;
	if (labellen > 0) {
		/* The context takes ownership of the label. */
		uint8_t *l = malloc(labellen);
		if (l == NULL)
			goto bad;
		memcpy(l, label, labellen);
		if (EVP_PKEY_CTX_set0_rsa_oaep_label(c, l, (int)labellen) <= 0) {
			free(l);
			goto bad;
		}
	}
	return c;
bad:
	EVP_PKEY_CTX_free(c);
	return NULL;
}

static int pkey_crypt(void *p, int decrypt, int pad, int md, int mgf1md, const uint8_t *label, size_t labellen,
	const uint8_t *in, size_t inlen, uint8_t *out, size_t *outlen, char **err)
{
	fc_pkey *k = p;
	if (k->kind != FC_PKEY_RSA)
		return fail(err, FC_EUNSUPPORTED, "encryption needs an RSA key");
	if (pad != FC_PAD_PKCS1 && pad != FC_PAD_OAEP)
		return fail(err, FC_EUNSUPPORTED, "RSA padding not supported");
	if (pad == FC_PAD_OAEP && (!valid_md(md) || !valid_md(mgf1md)))
		return fail(err, FC_EUNSUPPORTED, "OAEP digest not available");
	if (decrypt && !k->priv)
		return fail(err, FC_EFAIL, "decryption needs a private key");
	size_t size = (size_t)RSA_size(k->rsa);
	if (inlen > INT_MAX || labellen > INT_MAX)
		return fail(err, FC_EFAIL, "input too long");
	if (!decrypt && *outlen < size)
		return fail(err, FC_EFAIL, "output buffer too small");

	EVP_PKEY_CTX *c = NULL;
	if (pad == FC_PAD_OAEP && (c = oaep_ctx(k, decrypt, md, mgf1md, label, labellen)) == NULL)
		return fail(err, FC_EFAIL, "setting up OAEP");
	if (!decrypt) {
		size_t n = *outlen;
		int ok = pad == FC_PAD_OAEP ? EVP_PKEY_encrypt(c, out, &n, nonnull(in), inlen) > 0 :
			(int)(n = (size_t)RSA_public_encrypt((int)inlen, nonnull(in), out, k->rsa, RSA_PKCS1_PADDING)) > 0;
		EVP_PKEY_CTX_free(c);
		if (!ok)
			return fail(err, FC_EFAIL, "RSA encryption");
		*outlen = n;
		return FC_OK;
	}
	/* Both paths write up to RSA_size bytes: a smaller buffer gets the plaintext through tmp. */
	uint8_t *tmp = *outlen < size ? malloc(size) : NULL, *dst = *outlen < size ? tmp : out;
	size_t n = size;
	int st = FC_OK;
	if (dst == NULL) {
		EVP_PKEY_CTX_free(c);
		return fail(err, FC_EFAIL, "out of memory");
	}
	if (pad == FC_PAD_OAEP) {
		if (EVP_PKEY_decrypt(c, dst, &n, nonnull(in), inlen) <= 0)
			st = FC_EAUTH;
	} else {
		int r = RSA_private_decrypt((int)inlen, nonnull(in), dst, k->rsa, RSA_PKCS1_PADDING);
		if (r < 0)
			st = FC_EAUTH;
		n = (size_t)r;
	}
	EVP_PKEY_CTX_free(c);
	if (st == FC_OK && tmp != NULL) {
		if (n <= *outlen)
			memcpy(out, tmp, n);
		else
			st = FC_EFAIL;
	}
	if (tmp != NULL) {
		OPENSSL_cleanse(tmp, size);
		free(tmp);
	}
	if (st == FC_EFAIL) /* the plaintext does not fit: the queue is empty, so nothing leaks */
		return fail(err, st, "output buffer too small");
	if (st != FC_OK) /* no detail for a failed decryption */
		return fail(NULL, st, NULL);
	*outlen = n;
	return FC_OK;
}

/* pkey_floor runs the slots' own code in a loop. */
static int pkey_floor(int op, long iters, void *p, int md, int pad, const uint8_t *in, size_t n, const uint8_t *aux,
	size_t auxlen)
{
	fc_pkey *k = p;
	int ok = 1;
	int salt = pad == FC_PAD_PSS && valid_md(md) ? EVP_MD_size(mds[md]) : 0;
	switch (op) {
	case FC_FLOOR_SIGN: {
		size_t cap = k == NULL ? 0 : k->kind == FC_PKEY_RSA ? (size_t)RSA_size(k->rsa) : 160;
		uint8_t *sig = k == NULL ? NULL : malloc(cap);
		ok = sig != NULL;
		for (long i = 0; ok && i < iters; i++) {
			size_t l = cap;
			ok = pkey_sign(k, md, pad, salt, in, n, sig, &l, NULL) == FC_OK;
		}
		free(sig);
		break;
	}
	case FC_FLOOR_VERIFY:
		ok = k != NULL;
		for (long i = 0; ok && i < iters; i++)
			ok = pkey_verify(k, md, pad, salt, in, n, aux, auxlen, NULL) == FC_OK;
		break;
	case FC_FLOOR_DERIVE: {
		uint8_t out[133];
		ok = k != NULL;
		for (long i = 0; ok && i < iters; i++) {
			size_t l = sizeof out;
			ok = pkey_derive(k, aux, auxlen, out, &l, NULL) == FC_OK;
		}
		OPENSSL_cleanse(out, sizeof out);
		break;
	}
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
		ok = n <= LONG_MAX;
		for (long i = 0; ok && i < iters; i++) {
			const unsigned char *q = nonnull(in);
			EVP_PKEY *pk = d2i_PUBKEY(NULL, &q, (long)n);
			ok = pk != NULL;
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
