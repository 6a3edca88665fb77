//go:build !libressl && !boringssl && !awslc

/*
 * forkcrypto's key derivation (the kdf_* slots) on OpenSSL 3. As this file
 * meets it:
 *  - Every KDF is an EVP_KDF: "HKDF", "PBKDF2", "TLS1-PRF", "TLS13-KDF" and
 *    "KBKDF", fetched once in init. A call makes a context, passes its
 *    inputs as OSSL_PARAMs built on the stack and derives. The digest goes
 *    by name per call: EVP_KDF_CTX_dup answers NULL for all five on 3.0,
 *    saves only ~15% for an HKDF template on 3.5/3.6, and crashes there on
 *    a KBKDF context that has no MAC set yet.
 *  - HKDF, the hot one, is composed here from the already-fetched HMAC
 *    EVP_MAC (RFC 5869's two steps over a copy of the unkeyed context)
 *    unless FIPS is in force. HKDF-SHA256, 32-byte secret -> 32 bytes, per
 *    call: provider HKDF with a new context 2.2 us on 3.0 (2.1 on 3.5, 1.8
 *    on 3.6), a copied template 1.8 (3.5) / 1.65 (3.6), a cached context
 *    with only the inputs set 2.1 (3.0); the composition 1.05 / 1.1 / 1.03.
 *    (A per-thread MAC context would save ~0.3 us more but keep PRK-keyed
 *    state after the call.) Under FIPS the module's own HKDF is used, its
 *    approved service.
 *  - PBKDF2 is told "pkcs5" = 1, as PKCS5_PBKDF2_HMAC does, so the provider
 *    applies none of SP 800-132's lower bounds: those are Go's policy. A
 *    FIPS provider that still refuses (key, salt or iteration policy, a
 *    digest it disallows) gives FC_EFIPS.
 *  - SP 800-108 counter mode is KBKDF with the whole fixed input as "salt"
 *    (its label), no separator, no [L] and a 32-bit counter.
 *  - 3.0's TLS1-PRF takes label || seed up to 1024 bytes (its HKDF info,
 *    too, but HKDF is composed there). 3.0 to 3.6 also refuse two valid
 *    edge inputs: a TLS 1.2 PRF with an empty label and seed ("missing
 *    seed"), and KBKDF with an empty key ("message digest is null").
 *    Outside FIPS all three are composed from HMAC, so every fork gives the
 *    same bytes and support() still says native; under FIPS the module's
 *    error stands (FC_EFAIL).
 */
#include "fork.h"

#include <stdio.h>

#include <openssl/kdf.h>
#include <openssl/proverr.h>

static const char *const kdf_names[FC_KDF_COUNT] = {
	[FC_KDF_HKDF] = "HKDF",
	[FC_KDF_PBKDF2] = "PBKDF2",
	[FC_KDF_TLS12_PRF] = "TLS1-PRF",
	[FC_KDF_TLS13] = "TLS13-KDF",
	[FC_KDF_SP800_108] = "KBKDF",
};

/* Fetched once in fc_init; read-only afterwards. */
static EVP_KDF *kdfs[FC_KDF_COUNT];
/* Set when a fetch failed while FIPS was in force: the module refuses the KDF. */
static unsigned char kdf_fips_refused[FC_KDF_COUNT];

/* A non-NULL pointer for empty inputs: the provider refuses a NULL octet string. */
static const uint8_t empty[1];

/* OpenSSL 3.0's TLS1-PRF keeps label || seed in a buffer of this size. */
#define TLS1_PRF_MAXBUF 1024
#define NONNULL(p) ((void *)((p) != NULL ? (p) : empty))

void fcx_init_kdf(void)
{
	for (int kdf = 1; kdf < FC_KDF_COUNT; kdf++) {
		kdfs[kdf] = EVP_KDF_fetch(NULL, kdf_names[kdf], NULL);
		kdf_fips_refused[kdf] = kdfs[kdf] == NULL && fcx_fips_enabled;
	}
	ERR_clear_error();
}

int fcx_kdf_support(int kdf)
{
	if (kdf <= 0 || kdf >= FC_KDF_COUNT || (kdfs[kdf] == NULL && !kdf_fips_refused[kdf]))
		return FC_ABSENT;
	if (kdf == FC_KDF_HKDF && !fcx_fips_enabled)
		return fcx_hmac_mac != NULL ? FC_COMPOSED : FC_ABSENT;
	return FC_NATIVE;
}

int fcx_kdf_fips_allowed(int kdf) { return kdf > 0 && kdf < FC_KDF_COUNT && !kdf_fips_refused[kdf]; }

/* kdf_unavailable is the status for a KDF or HMAC digest this fork, or its FIPS module, lacks. */
static int kdf_unavailable(int kdf, int md, char **err)
{
	if (kdf > 0 && kdf < FC_KDF_COUNT && kdf_fips_refused[kdf])
		return fcx_fail(err, FC_EFIPS, "KDF refused by the FIPS provider");
	if (kdf > 0 && kdf < FC_KDF_COUNT && kdfs[kdf] != NULL && md > 0 && md < FC_MD_COUNT && !fcx_is_xof(md) &&
		fcx_md_fips_refused[md])
		return fcx_fail(err, FC_EFIPS, "digest refused by the FIPS provider");
	return fcx_fail(err, FC_EUNSUPPORTED, "KDF or its digest not available");
}

static int kdf_md_ok(int kdf, int md) { return kdfs[kdf] != NULL && fcx_valid_md(md) && !fcx_is_xof(md); }

/*
 * policy_refusal tells whether the error at the head of the queue is a FIPS
 * provider refusing an input by policy (sizes, iterations, digest), as
 * opposed to a failure.
 */
static int policy_refusal(void)
{
	if (!fcx_fips_enabled)
		return 0;
	unsigned long e = ERR_peek_error();
	if (ERR_GET_LIB(e) != ERR_LIB_PROV)
		return 0;
	switch (ERR_GET_REASON(e)) {
	case PROV_R_KEY_SIZE_TOO_SMALL:
	case PROV_R_INVALID_KEY_LENGTH:
	case PROV_R_INVALID_SALT_LENGTH:
	case PROV_R_INVALID_ITERATION_COUNT:
	case PROV_R_DIGEST_NOT_ALLOWED:
#ifdef PROV_R_EMS_NOT_ENABLED
	case PROV_R_EMS_NOT_ENABLED:
#endif
		return 1;
	}
	return 0;
}

/*
 * derive runs kdf with params (which name the digest) into out. The context
 * is freed on every path; the provider cleanses the secrets it copied.
 */
static int derive(int kdf, OSSL_PARAM *params, uint8_t *out, size_t outlen, char **err)
{
	EVP_KDF_CTX *c = EVP_KDF_CTX_new(kdfs[kdf]);
	int ok = c != NULL && EVP_KDF_derive(c, out, outlen, params) > 0;
	EVP_KDF_CTX_free(c);
	if (ok) {
		ERR_clear_error();
		return FC_OK;
	}
	OPENSSL_cleanse(out, outlen);
	char what[64];
	snprintf(what, sizeof what, "EVP_KDF_derive(%s)", kdf_names[kdf]);
	return fcx_fail(err, policy_refusal() ? FC_EFIPS : FC_EFAIL, what);
}

static OSSL_PARAM digest_param(int md)
{
	return OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, (char *)fcx_md_names[md], 0);
}

static OSSL_PARAM octets(const char *key, const uint8_t *p, size_t n)
{
	return OSSL_PARAM_construct_octet_string(key, NONNULL(p), n);
}

/* mac_step computes HMAC(c's key, a || b || c1) into out; c must be keyed or restartable. */
static int mac_step(EVP_MAC_CTX *c, const uint8_t *a, size_t alen, const uint8_t *b, size_t blen, const uint8_t *c1,
	size_t c1len, uint8_t *out, size_t hlen)
{
	size_t got = 0;
	return (alen == 0 || EVP_MAC_update(c, a, alen)) && (blen == 0 || EVP_MAC_update(c, b, blen)) &&
		(c1len == 0 || EVP_MAC_update(c, c1, c1len)) && EVP_MAC_final(c, out, &got, hlen) && got == hlen;
}

/*
 * hkdf_composed is RFC 5869 over the fork's HMAC: PRK = HMAC(salt, IKM),
 * T(i) = HMAC(PRK, T(i-1) || info || i). An empty salt is an empty HMAC
 * key, which HMAC pads to the same block as HashLen zeros.
 */
static int hkdf_composed(int md, int mode, const uint8_t *key, size_t keylen, const uint8_t *salt, size_t saltlen,
	const uint8_t *info, size_t infolen, uint8_t *out, size_t outlen, char **err)
{
	size_t hlen = (size_t)EVP_MD_get_size(fcx_mds[md]);
	uint8_t prk[EVP_MAX_MD_SIZE], t[EVP_MAX_MD_SIZE];
	if (hlen == 0 || hlen > sizeof t)
		return fcx_fail(err, FC_EFAIL, "HKDF: digest size");
	if ((mode == FC_HKDF_EXTRACT_ONLY && outlen != hlen) || (mode != FC_HKDF_EXTRACT_ONLY && outlen > 255 * hlen))
		return fcx_fail(err, FC_EFAIL, "HKDF: output length out of range");
	EVP_MAC_CTX *c = fcx_hmac_unkeyed_dup(md);
	if (c == NULL)
		return fcx_fail(err, FC_EFAIL, "HKDF: EVP_MAC_CTX_dup");
	int ok = 1;
	if (mode != FC_HKDF_EXPAND_ONLY) {
		ok = EVP_MAC_init(c, NONNULL(salt), saltlen, NULL) && mac_step(c, key, keylen, NULL, 0, NULL, 0, prk, hlen);
		if (mode == FC_HKDF_EXTRACT_ONLY) {
			if (ok)
				memcpy(out, prk, hlen);
			goto free_ctx;
		}
		key = prk, keylen = hlen;
	}
	ok = ok && EVP_MAC_init(c, NONNULL(key), keylen, NULL);
	size_t done = 0;
	for (unsigned i = 1; ok && done < outlen; i++) {
		uint8_t ctr = (uint8_t)i;
		ok = (i == 1 || EVP_MAC_init(c, NULL, 0, NULL)) &&
			mac_step(c, t, i == 1 ? 0 : hlen, info, infolen, &ctr, 1, t, hlen);
		size_t n = outlen - done < hlen ? outlen - done : hlen;
		if (ok)
			memcpy(out + done, t, n);
		done += n;
	}
free_ctx:
	EVP_MAC_CTX_free(c);
	OPENSSL_cleanse(prk, sizeof prk);
	OPENSSL_cleanse(t, sizeof t);
	if (ok) {
		ERR_clear_error();
		return FC_OK;
	}
	OPENSSL_cleanse(out, outlen);
	return fcx_fail(err, FC_EFAIL, "HKDF over EVP_MAC HMAC");
}

int fcx_kdf_hkdf(int md, int mode, const uint8_t *key, size_t keylen, const uint8_t *salt, size_t saltlen,
	const uint8_t *info, size_t infolen, uint8_t *out, size_t outlen, char **err)
{
	if (!kdf_md_ok(FC_KDF_HKDF, md))
		return kdf_unavailable(FC_KDF_HKDF, md, err);
	if (mode != FC_HKDF_EXTRACT_AND_EXPAND && mode != FC_HKDF_EXTRACT_ONLY && mode != FC_HKDF_EXPAND_ONLY)
		return fcx_fail(err, FC_EFAIL, "HKDF: unknown mode");
	if (!fcx_fips_enabled && fcx_hmac_unkeyed_available(md))
		return hkdf_composed(md, mode, key, keylen, salt, saltlen, info, infolen, out, outlen, err);

	int m = mode == FC_HKDF_EXTRACT_ONLY ? EVP_KDF_HKDF_MODE_EXTRACT_ONLY
		: mode == FC_HKDF_EXPAND_ONLY ? EVP_KDF_HKDF_MODE_EXPAND_ONLY
					      : EVP_KDF_HKDF_MODE_EXTRACT_AND_EXPAND;
	OSSL_PARAM params[6], *p = params;
	*p++ = digest_param(md);
	*p++ = OSSL_PARAM_construct_int(OSSL_KDF_PARAM_MODE, &m);
	*p++ = octets(OSSL_KDF_PARAM_KEY, key, keylen);
	if (mode != FC_HKDF_EXPAND_ONLY)
		*p++ = octets(OSSL_KDF_PARAM_SALT, salt, saltlen);
	if (mode != FC_HKDF_EXTRACT_ONLY)
		*p++ = octets(OSSL_KDF_PARAM_INFO, info, infolen);
	*p = OSSL_PARAM_construct_end();
	return derive(FC_KDF_HKDF, params, out, outlen, err);
}

/*
 * The edges the providers refuse although the input is valid (3.0-3.6): a TLS
 * 1.2 PRF with an empty label and seed ("missing seed"), and KBKDF with an
 * empty key (its HMAC is then never keyed: "message digest is null"). Outside
 * FIPS those are composed from the fork's HMAC; under FIPS the module's
 * refusal stands.
 */
static int composed_done(EVP_MAC_CTX *c, int ok, uint8_t *t, uint8_t *a, uint8_t *out, size_t outlen, char **err,
	const char *what)
{
	EVP_MAC_CTX_free(c);
	OPENSSL_cleanse(t, EVP_MAX_MD_SIZE);
	if (a != NULL)
		OPENSSL_cleanse(a, EVP_MAX_MD_SIZE);
	if (ok) {
		ERR_clear_error();
		return FC_OK;
	}
	OPENSSL_cleanse(out, outlen);
	return fcx_fail(err, FC_EFAIL, what);
}

/* p_hash_composed is RFC 5246's P_hash: A(i) = HMAC(secret, A(i-1)), T(i) = HMAC(secret, A(i) || label || seed). */
static int p_hash_composed(int md, const uint8_t *secret, size_t secretlen, const uint8_t *label, size_t labellen,
	const uint8_t *seed, size_t seedlen, uint8_t *out, size_t outlen, char **err)
{
	size_t hlen = (size_t)EVP_MD_get_size(fcx_mds[md]);
	uint8_t a[EVP_MAX_MD_SIZE], t[EVP_MAX_MD_SIZE];
	EVP_MAC_CTX *c = fcx_hmac_unkeyed_dup(md);
	int ok = c != NULL && hlen > 0 && hlen <= sizeof t && EVP_MAC_init(c, NONNULL(secret), secretlen, NULL) &&
		mac_step(c, label, labellen, seed, seedlen, NULL, 0, a, hlen);
	for (size_t done = 0; ok && done < outlen;) {
		ok = EVP_MAC_init(c, NULL, 0, NULL) && mac_step(c, a, hlen, label, labellen, seed, seedlen, t, hlen) &&
			EVP_MAC_init(c, NULL, 0, NULL) && mac_step(c, a, hlen, NULL, 0, NULL, 0, a, hlen);
		size_t n = outlen - done < hlen ? outlen - done : hlen;
		if (ok)
			memcpy(out + done, t, n);
		done += n;
	}
	return composed_done(c, ok, t, a, out, outlen, err, "TLS 1.2 PRF over EVP_MAC HMAC");
}

/* counter_composed is SP 800-108 counter mode: K(i) = HMAC(key, [i]32 || fixed). */
static int counter_composed(int md, const uint8_t *key, size_t keylen, const uint8_t *fixed, size_t fixedlen,
	uint8_t *out, size_t outlen, char **err)
{
	size_t hlen = (size_t)EVP_MD_get_size(fcx_mds[md]);
	uint8_t t[EVP_MAX_MD_SIZE];
	EVP_MAC_CTX *c = fcx_hmac_unkeyed_dup(md);
	int ok = c != NULL && hlen > 0 && hlen <= sizeof t && EVP_MAC_init(c, NONNULL(key), keylen, NULL);
	uint32_t i = 1;
	for (size_t done = 0; ok && done < outlen; i++) {
		uint8_t ctr[4] = {(uint8_t)(i >> 24), (uint8_t)(i >> 16), (uint8_t)(i >> 8), (uint8_t)i};
		ok = (i == 1 || EVP_MAC_init(c, NULL, 0, NULL)) && mac_step(c, ctr, 4, fixed, fixedlen, NULL, 0, t, hlen);
		size_t n = outlen - done < hlen ? outlen - done : hlen;
		if (ok)
			memcpy(out + done, t, n);
		done += n;
	}
	return composed_done(c, ok, t, NULL, out, outlen, err, "SP 800-108 counter KDF over EVP_MAC HMAC");
}

int fcx_kdf_pbkdf2(int md, const uint8_t *pass, size_t passlen, const uint8_t *salt, size_t saltlen, uint32_t iter,
	uint8_t *out, size_t outlen, char **err)
{
	if (!kdf_md_ok(FC_KDF_PBKDF2, md))
		return kdf_unavailable(FC_KDF_PBKDF2, md, err);
	uint64_t it = iter;
	int pkcs5 = 1;
	OSSL_PARAM params[] = {
		digest_param(md),
		octets(OSSL_KDF_PARAM_PASSWORD, pass, passlen),
		octets(OSSL_KDF_PARAM_SALT, salt, saltlen),
		OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_ITER, &it),
		OSSL_PARAM_construct_int(OSSL_KDF_PARAM_PKCS5, &pkcs5),
		OSSL_PARAM_construct_end(),
	};
	return derive(FC_KDF_PBKDF2, params, out, outlen, err);
}

int fcx_kdf_tls12_prf(int md, const uint8_t *secret, size_t secretlen, const uint8_t *label, size_t labellen,
	const uint8_t *seed, size_t seedlen, uint8_t *out, size_t outlen, char **err)
{
	if (!kdf_md_ok(FC_KDF_TLS12_PRF, md))
		return kdf_unavailable(FC_KDF_TLS12_PRF, md, err);
	/* The provider refuses an empty label and seed, and 3.0's a longer one than TLS1_PRF_MAXBUF. */
	int edge = (labellen == 0 && seedlen == 0) || labellen > TLS1_PRF_MAXBUF - seedlen || seedlen > TLS1_PRF_MAXBUF;
	if (edge && !fcx_fips_enabled && fcx_hmac_unkeyed_available(md))
		return p_hash_composed(md, secret, secretlen, label, labellen, seed, seedlen, out, outlen, err);
	/* Successive "seed" parameters concatenate: label || seed. */
	OSSL_PARAM params[] = {
		digest_param(md),
		octets(OSSL_KDF_PARAM_SECRET, secret, secretlen),
		octets(OSSL_KDF_PARAM_SEED, label, labellen),
		octets(OSSL_KDF_PARAM_SEED, seed, seedlen),
		OSSL_PARAM_construct_end(),
	};
	return derive(FC_KDF_TLS12_PRF, params, out, outlen, err);
}

int fcx_kdf_tls13_expand_label(int md, const uint8_t *secret, size_t secretlen, const uint8_t *label,
	size_t labellen, const uint8_t *context, size_t contextlen, uint8_t *out, size_t outlen, char **err)
{
	if (!kdf_md_ok(FC_KDF_TLS13, md))
		return kdf_unavailable(FC_KDF_TLS13, md, err);
	static const uint8_t prefix[] = "tls13 ";
	int mode = EVP_KDF_HKDF_MODE_EXPAND_ONLY;
	OSSL_PARAM params[] = {
		digest_param(md),
		OSSL_PARAM_construct_int(OSSL_KDF_PARAM_MODE, &mode),
		octets(OSSL_KDF_PARAM_KEY, secret, secretlen),
		octets(OSSL_KDF_PARAM_PREFIX, prefix, sizeof prefix - 1),
		octets(OSSL_KDF_PARAM_LABEL, label, labellen),
		octets(OSSL_KDF_PARAM_DATA, context, contextlen),
		OSSL_PARAM_construct_end(),
	};
	return derive(FC_KDF_TLS13, params, out, outlen, err);
}

int fcx_kdf_counter(int md, const uint8_t *key, size_t keylen, const uint8_t *fixed, size_t fixedlen,
	uint8_t *out, size_t outlen, char **err)
{
	if (!kdf_md_ok(FC_KDF_SP800_108, md))
		return kdf_unavailable(FC_KDF_SP800_108, md, err);
	if (keylen == 0 && !fcx_fips_enabled && fcx_hmac_unkeyed_available(md))
		return counter_composed(md, key, keylen, fixed, fixedlen, out, outlen, err);
	int use_l = 0, use_sep = 0, r = 32;
	OSSL_PARAM params[] = {
		OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_MODE, "counter", 0),
		OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_MAC, "HMAC", 0),
		digest_param(md),
		octets(OSSL_KDF_PARAM_KEY, key, keylen),
		octets(OSSL_KDF_PARAM_SALT, fixed, fixedlen),
		OSSL_PARAM_construct_int(OSSL_KDF_PARAM_KBKDF_USE_L, &use_l),
		OSSL_PARAM_construct_int(OSSL_KDF_PARAM_KBKDF_USE_SEPARATOR, &use_sep),
		OSSL_PARAM_construct_int("r", &r),
		OSSL_PARAM_construct_end(),
	};
	return derive(FC_KDF_SP800_108, params, out, outlen, err);
}
