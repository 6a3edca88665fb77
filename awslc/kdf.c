//go:build awslc

/*
 * forkcrypto's key derivation (the kdf_* slots) on AWS-LC. Every KDF is the
 * fork's own one-shot, so nothing is composed here:
 *  - HKDF: HKDF(), HKDF_extract(), HKDF_expand() (hkdf.h).
 *  - PBKDF2: PKCS5_PBKDF2_HMAC (size_t lengths, uint32_t iterations).
 *  - TLS 1.2 PRF: CRYPTO_tls1_prf() (kdf.h), P_hash for any digest but
 *    EVP_md5_sha1 (which the contract never passes).
 *  - TLS 1.3 HKDF-Expand-Label: CRYPTO_tls13_hkdf_expand_label() (kdf.h),
 *    which adds the "tls13 " prefix itself.
 *  - SP 800-108 counter mode: KBKDF_ctr_hmac() (kdf.h), a 32-bit big-endian
 *    counter before the whole fixed input. It refuses an empty key (returns 0
 *    with nothing queued); HMAC pads a key with zeros to the block size, so
 *    the empty key is passed as the one byte 0x00, which keys the same HMAC.
 * Every length these take is a size_t, so none needs a range check against
 * INT_MAX. All accept a NULL pointer with a zero length (measured), but
 * empty inputs still go in as a static empty buffer, so no NULL reaches them.
 * Nothing is looked up per call: the digests are init's EVP_MDs.
 */
#include "fork.h"

#include <openssl/hkdf.h>
#include <openssl/kdf.h>

static const uint8_t empty[1];

/* nz maps an absent input (NULL, length 0) to a valid empty buffer. */
static const uint8_t *nz(const uint8_t *p) { return p != NULL ? p : empty; }

int fcx_kdf_hkdf(int md, int mode, const uint8_t *key, size_t keylen, const uint8_t *salt, size_t saltlen,
	const uint8_t *info, size_t infolen, uint8_t *out, size_t outlen, char **err)
{
	if (!fcx_valid_hmac(md))
		return FC_EUNSUPPORTED;
	const EVP_MD *d = fcx_mds[md];
	size_t got = 0;
	switch (mode) {
	case FC_HKDF_EXTRACT_AND_EXPAND:
		if (!HKDF(out, outlen, d, nz(key), keylen, nz(salt), saltlen, nz(info), infolen))
			return fcx_fail(err, FC_EFAIL, "HKDF");
		return FC_OK;
	case FC_HKDF_EXTRACT_ONLY:
		if (outlen != EVP_MD_size(d))
			return fcx_fail(err, FC_EFAIL, "HKDF-Extract: the output must be the digest size");
		if (!HKDF_extract(out, &got, d, nz(key), keylen, nz(salt), saltlen) || got != outlen)
			return fcx_fail(err, FC_EFAIL, "HKDF_extract");
		return FC_OK;
	case FC_HKDF_EXPAND_ONLY:
		if (!HKDF_expand(out, outlen, d, nz(key), keylen, nz(info), infolen))
			return fcx_fail(err, FC_EFAIL, "HKDF_expand");
		return FC_OK;
	}
	return fcx_fail(err, FC_EFAIL, "HKDF: unknown mode");
}

int fcx_kdf_pbkdf2(int md, const uint8_t *pass, size_t passlen, const uint8_t *salt, size_t saltlen, uint32_t iter,
	uint8_t *out, size_t outlen, char **err)
{
	if (!fcx_valid_hmac(md))
		return FC_EUNSUPPORTED;
	if (!PKCS5_PBKDF2_HMAC((const char *)nz(pass), passlen, nz(salt), saltlen, iter, fcx_mds[md], outlen, out))
		return fcx_fail(err, FC_EFAIL, "PKCS5_PBKDF2_HMAC");
	return FC_OK;
}

int fcx_kdf_tls12_prf(int md, const uint8_t *secret, size_t secretlen, const uint8_t *label, size_t labellen,
	const uint8_t *seed, size_t seedlen, uint8_t *out, size_t outlen, char **err)
{
	if (!fcx_valid_hmac(md))
		return FC_EUNSUPPORTED;
	if (!CRYPTO_tls1_prf(fcx_mds[md], out, outlen, nz(secret), secretlen, (const char *)nz(label), labellen,
		    nz(seed), seedlen, NULL, 0))
		return fcx_fail(err, FC_EFAIL, "CRYPTO_tls1_prf");
	return FC_OK;
}

int fcx_kdf_tls13_expand_label(int md, const uint8_t *secret, size_t secretlen, const uint8_t *label,
	size_t labellen, const uint8_t *context, size_t contextlen, uint8_t *out, size_t outlen, char **err)
{
	if (!fcx_valid_hmac(md))
		return FC_EUNSUPPORTED;
	if (!CRYPTO_tls13_hkdf_expand_label(out, outlen, fcx_mds[md], nz(secret), secretlen, nz(label), labellen,
		    nz(context), contextlen))
		return fcx_fail(err, FC_EFAIL, "CRYPTO_tls13_hkdf_expand_label");
	return FC_OK;
}

int fcx_kdf_counter(int md, const uint8_t *key, size_t keylen, const uint8_t *fixed, size_t fixedlen,
	uint8_t *out, size_t outlen, char **err)
{
	if (!fcx_valid_hmac(md))
		return FC_EUNSUPPORTED;
	/* The empty HMAC key and the key 0x00 are the same key (both pad to a block of zeros). */
	static const uint8_t zero_key[1] = {0};
	if (keylen == 0)
		key = zero_key, keylen = 1;
	if (!KBKDF_ctr_hmac(out, outlen, fcx_mds[md], key, keylen, nz(fixed), fixedlen))
		return fcx_fail(err, FC_EFAIL, "KBKDF_ctr_hmac");
	return FC_OK;
}
