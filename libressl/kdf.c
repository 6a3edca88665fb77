//go:build libressl

/*
 * forkcrypto's key derivation (the kdf_* slots) on LibreSSL. What is native
 * and what is composed here, and why:
 *  - HKDF is native: HKDF_extract and HKDF_expand (<openssl/hkdf.h>). The
 *    package calls the two steps itself rather than HKDF(), which leaves the
 *    PRK on its stack, so that the PRK is cleansed.
 *  - PBKDF2 is native: PKCS5_PBKDF2_HMAC, whose lengths and iteration count
 *    are int, so each is range-checked.
 *  - The TLS 1.2 PRF is composed from HMAC_CTX. LibreSSL's EVP_PKEY_TLS1_PRF
 *    computes P_hash (SHA-1, SHA-2 and SHA-3 all work), but refuses an
 *    empty secret (the secret ctrl fails, queueing nothing), an empty
 *    label || seed (KDF_R_MISSING_SEED) and a label || seed above 1024 bytes
 *    (a fixed buffer; again nothing queued): inputs the contract allows.
 *  - HKDF-Expand-Label (TLS 1.3) is composed: the HkdfLabel is built here and
 *    expanded with the native HKDF_expand.
 *  - SP 800-108 counter mode is composed from HMAC_CTX: LibreSSL has no
 *    KBKDF.
 * Every digest with an HMAC works, SHA-3 included; SHAKE is absent. Without
 * a FIPS module nothing is refused. Key lengths reach HMAC_Init_ex as int.
 */
#include "fork.h"

/* kdf_fail reports the fork's failure with the drained queue in *err. */
static int kdf_fail(char **err, const char *what) { return fcx_fail(err, FC_EFAIL, what); }

/* arg_fail refuses an argument the fork cannot take (an int overflow, a size); the queue is cleared all the same. */
static int arg_fail(char **err, const char *what)
{
	ERR_clear_error();
	if (err != NULL)
		*err = strdup(what);
	return FC_EFAIL;
}

int fcx_kdf_hkdf(int md, int mode, const uint8_t *key, size_t keylen, const uint8_t *salt, size_t saltlen,
	const uint8_t *info, size_t infolen, uint8_t *out, size_t outlen, char **err)
{
	uint8_t prk[EVP_MAX_MD_SIZE];
	size_t prklen = 0;
	int ok;
	if (!fcx_valid_md(md))
		return FC_EUNSUPPORTED;
	const EVP_MD *m = fcx_mds[md];
	switch (mode) {
	case FC_HKDF_EXTRACT_ONLY:
		/* HKDF_extract writes a whole HMAC; the salt is HMAC's key (int). */
		if (outlen != (size_t)EVP_MD_size(m))
			return arg_fail(err, "HKDF-Extract: output length is not the digest size");
		if (saltlen > INT_MAX)
			return arg_fail(err, "HKDF-Extract: salt longer than INT_MAX bytes");
		ok = HKDF_extract(out, &prklen, m, fcx_nonnull(key), keylen, fcx_nonnull(salt), saltlen);
		return ok ? (ERR_clear_error(), FC_OK) : kdf_fail(err, "HKDF_extract");
	case FC_HKDF_EXPAND_ONLY:
		if (keylen > INT_MAX)
			return arg_fail(err, "HKDF-Expand: PRK longer than INT_MAX bytes");
		ok = HKDF_expand(out, outlen, m, fcx_nonnull(key), keylen, fcx_nonnull(info), infolen);
		return ok ? (ERR_clear_error(), FC_OK) : kdf_fail(err, "HKDF_expand");
	case FC_HKDF_EXTRACT_AND_EXPAND:
		if (saltlen > INT_MAX)
			return arg_fail(err, "HKDF: salt longer than INT_MAX bytes");
		ok = HKDF_extract(prk, &prklen, m, fcx_nonnull(key), keylen, fcx_nonnull(salt), saltlen) &&
			HKDF_expand(out, outlen, m, prk, prklen, fcx_nonnull(info), infolen);
		OPENSSL_cleanse(prk, sizeof prk);
		return ok ? (ERR_clear_error(), FC_OK) : kdf_fail(err, "HKDF");
	}
	return arg_fail(err, "HKDF: unknown mode");
}

int fcx_kdf_pbkdf2(int md, const uint8_t *pass, size_t passlen, const uint8_t *salt, size_t saltlen, uint32_t iter,
	uint8_t *out, size_t outlen, char **err)
{
	if (!fcx_valid_md(md))
		return FC_EUNSUPPORTED;
	if (passlen > INT_MAX || saltlen > INT_MAX || outlen > INT_MAX)
		return arg_fail(err, "PBKDF2: a length above INT_MAX (PKCS5_PBKDF2_HMAC takes int)");
	if (iter < 1 || iter > INT_MAX)
		return arg_fail(err, "PBKDF2: iteration count outside 1..INT_MAX (PKCS5_PBKDF2_HMAC takes int)");
	/* A NULL password is read as empty, but passlen -1 would mean strlen: neither can happen here. */
	int ok = PKCS5_PBKDF2_HMAC((const char *)fcx_nonnull(pass), (int)passlen, fcx_nonnull(salt), (int)saltlen,
		(int)iter, fcx_mds[md], (int)outlen, out);
	return ok ? (ERR_clear_error(), FC_OK) : kdf_fail(err, "PKCS5_PBKDF2_HMAC");
}

/* hmac_keyed returns a new HMAC_CTX keyed for md, or NULL. */
static HMAC_CTX *hmac_keyed(int md, const uint8_t *key, size_t keylen)
{
	HMAC_CTX *c = HMAC_CTX_new();
	if (c != NULL && !HMAC_Init_ex(c, fcx_nonnull(key), (int)keylen, fcx_mds[md], NULL)) {
		HMAC_CTX_free(c);
		c = NULL;
	}
	return c;
}

/* HMAC_Init_ex with no key and no digest restarts from the saved keyed state. */
#define HMAC_RESTART(c) HMAC_Init_ex((c), NULL, 0, NULL, NULL)

int fcx_kdf_tls12_prf(int md, const uint8_t *secret, size_t secretlen, const uint8_t *label, size_t labellen,
	const uint8_t *seed, size_t seedlen, uint8_t *out, size_t outlen, char **err)
{
	uint8_t a[EVP_MAX_MD_SIZE], block[EVP_MAX_MD_SIZE];
	if (!fcx_valid_md(md))
		return FC_EUNSUPPORTED;
	if (secretlen > INT_MAX)
		return arg_fail(err, "TLS 1.2 PRF: secret longer than INT_MAX bytes (HMAC_Init_ex takes int)");
	const size_t size = (size_t)EVP_MD_size(fcx_mds[md]);
	label = fcx_nonnull(label), seed = fcx_nonnull(seed);
	HMAC_CTX *c = hmac_keyed(md, secret, secretlen);
	/* A(1) = HMAC(secret, label || seed). */
	int ok = c != NULL && HMAC_Update(c, label, labellen) && HMAC_Update(c, seed, seedlen) &&
		HMAC_Final(c, a, NULL);
	while (ok && outlen > 0) {
		/* Block i = HMAC(secret, A(i) || label || seed); A(i+1) = HMAC(secret, A(i)). */
		size_t n = outlen < size ? outlen : size;
		ok = HMAC_RESTART(c) && HMAC_Update(c, a, size) && HMAC_Update(c, label, labellen) &&
			HMAC_Update(c, seed, seedlen) && HMAC_Final(c, block, NULL);
		if (!ok)
			break;
		memcpy(out, block, n);
		out += n, outlen -= n;
		if (outlen > 0)
			ok = HMAC_RESTART(c) && HMAC_Update(c, a, size) && HMAC_Final(c, a, NULL);
	}
	HMAC_CTX_free(c); /* cleanses the keyed states */
	OPENSSL_cleanse(a, sizeof a);
	OPENSSL_cleanse(block, sizeof block);
	return ok ? (ERR_clear_error(), FC_OK) : kdf_fail(err, "TLS 1.2 PRF (HMAC)");
}

int fcx_kdf_tls13_expand_label(int md, const uint8_t *secret, size_t secretlen, const uint8_t *label,
	size_t labellen, const uint8_t *context, size_t contextlen, uint8_t *out, size_t outlen, char **err)
{
	static const char prefix[] = "tls13 ";
	const size_t prefixlen = sizeof prefix - 1;
	/* struct { uint16 length; opaque label<7..255>; opaque context<0..255>; } HkdfLabel; */
	uint8_t info[2 + 1 + 255 + 1 + 255];
	size_t infolen = 0;
	if (!fcx_valid_md(md))
		return FC_EUNSUPPORTED;
	if (labellen > 255 - prefixlen || contextlen > 255 || outlen > 0xffff)
		return arg_fail(err, "TLS 1.3 HKDF-Expand-Label: label, context or output too long for HkdfLabel");
	if (secretlen > INT_MAX)
		return arg_fail(err, "TLS 1.3 HKDF-Expand-Label: secret longer than INT_MAX bytes");
	info[infolen++] = (uint8_t)(outlen >> 8);
	info[infolen++] = (uint8_t)outlen;
	info[infolen++] = (uint8_t)(prefixlen + labellen);
	memcpy(info + infolen, prefix, prefixlen), infolen += prefixlen;
	if (labellen > 0)
		memcpy(info + infolen, label, labellen), infolen += labellen;
	info[infolen++] = (uint8_t)contextlen;
	if (contextlen > 0)
		memcpy(info + infolen, context, contextlen), infolen += contextlen;
	int ok = HKDF_expand(out, outlen, fcx_mds[md], fcx_nonnull(secret), secretlen, info, infolen);
	return ok ? (ERR_clear_error(), FC_OK) : kdf_fail(err, "TLS 1.3 HKDF-Expand-Label (HKDF_expand)");
}

int fcx_kdf_counter(int md, const uint8_t *key, size_t keylen, const uint8_t *fixed, size_t fixedlen,
	uint8_t *out, size_t outlen, char **err)
{
	uint8_t block[EVP_MAX_MD_SIZE];
	if (!fcx_valid_md(md))
		return FC_EUNSUPPORTED;
	if (keylen > INT_MAX)
		return arg_fail(err, "SP 800-108 counter KDF: key longer than INT_MAX bytes (HMAC_Init_ex takes int)");
	const size_t size = (size_t)EVP_MD_size(fcx_mds[md]);
	if (outlen > 0 && (outlen - 1) / size >= UINT32_MAX)
		return arg_fail(err, "SP 800-108 counter KDF: output needs more than 2^32-1 blocks");
	fixed = fcx_nonnull(fixed);
	HMAC_CTX *c = hmac_keyed(md, key, keylen);
	int ok = c != NULL;
	for (uint32_t i = 1; ok && outlen > 0; i++) {
		const uint8_t ctr[4] = {(uint8_t)(i >> 24), (uint8_t)(i >> 16), (uint8_t)(i >> 8), (uint8_t)i};
		size_t n = outlen < size ? outlen : size;
		ok = (i == 1 || HMAC_RESTART(c)) && HMAC_Update(c, ctr, sizeof ctr) && HMAC_Update(c, fixed, fixedlen) &&
			HMAC_Final(c, block, NULL);
		if (ok)
			memcpy(out, block, n), out += n, outlen -= n;
	}
	HMAC_CTX_free(c);
	OPENSSL_cleanse(block, sizeof block);
	return ok ? (ERR_clear_error(), FC_OK) : kdf_fail(err, "SP 800-108 counter KDF (HMAC)");
}
