//go:build boringssl

/*
 * Key derivation (kdf_*) on BoringSSL.
 *
 *  - HKDF: native, HKDF(), HKDF_extract() and HKDF_expand() (<openssl/hkdf.h>).
 *  - PBKDF2: native, PKCS5_PBKDF2_HMAC (size_t lengths, unsigned iterations).
 *  - TLS 1.2 PRF: composed. BoringSSL exports CRYPTO_tls1_prf but declares it
 *    in no public header, so P_hash is built here from the fork's HMAC_CTX.
 *  - TLS 1.3 HKDF-Expand-Label: composed; the HkdfLabel is built here and
 *    expanded with the fork's HKDF_expand.
 *  - SP 800-108 counter mode: composed from the fork's HMAC_CTX (the fork has
 *    no KBKDF).
 * Every length BoringSSL takes here is a size_t; the only narrow fields are
 * those of the HkdfLabel, checked below. SHA-3 and SHA-512/224 are absent from
 * BoringSSL, so a KDF over them answers FC_EUNSUPPORTED.
 */
#include "fork.h"

#include <openssl/hkdf.h>

/* A non-NULL pointer for an empty input, which some fork functions reject as NULL. */
static const uint8_t empty[1];
#define NZ(p) ((p) != NULL ? (p) : empty)

int fcx_kdf_hkdf(int md, int mode, const uint8_t *key, size_t keylen, const uint8_t *salt, size_t saltlen,
	const uint8_t *info, size_t infolen, uint8_t *out, size_t outlen, char **err)
{
	if (!fcx_valid_md(md))
		return FC_EUNSUPPORTED;
	const EVP_MD *m = fcx_mds[md];
	switch (mode) {
	case FC_HKDF_EXTRACT_AND_EXPAND:
		if (!HKDF(out, outlen, m, NZ(key), keylen, NZ(salt), saltlen, NZ(info), infolen))
			return fcx_fail(err, FC_EFAIL, "HKDF");
		return FC_OK;
	case FC_HKDF_EXTRACT_ONLY: {
		if (outlen != EVP_MD_size(m))
			return fcx_fail(err, FC_EFAIL, "HKDF-Extract: output length is not the digest size");
		size_t got = 0;
		if (!HKDF_extract(out, &got, m, NZ(key), keylen, NZ(salt), saltlen) || got != outlen)
			return fcx_fail(err, FC_EFAIL, "HKDF_extract");
		return FC_OK;
	}
	case FC_HKDF_EXPAND_ONLY:
		if (!HKDF_expand(out, outlen, m, NZ(key), keylen, NZ(info), infolen))
			return fcx_fail(err, FC_EFAIL, "HKDF_expand");
		return FC_OK;
	}
	return fcx_fail(err, FC_EFAIL, "HKDF: unknown mode");
}

int fcx_kdf_pbkdf2(int md, const uint8_t *pass, size_t passlen, const uint8_t *salt, size_t saltlen, uint32_t iter,
	uint8_t *out, size_t outlen, char **err)
{
	if (!fcx_valid_md(md))
		return FC_EUNSUPPORTED;
	_Static_assert(sizeof(unsigned) >= sizeof(uint32_t), "PKCS5_PBKDF2_HMAC takes an unsigned iteration count");
	if (!PKCS5_PBKDF2_HMAC((const char *)NZ(pass), passlen, NZ(salt), saltlen, (unsigned)iter, fcx_mds[md],
		    outlen, out))
		return fcx_fail(err, FC_EFAIL, "PKCS5_PBKDF2_HMAC");
	return FC_OK;
}

/* P_hash(secret, label || seed) of RFC 5246 section 5:
 * A(0) = label || seed, A(i) = HMAC(secret, A(i-1)),
 * out = HMAC(secret, A(1) || label || seed) || HMAC(secret, A(2) || label || seed) || ... */
int fcx_kdf_tls12_prf(int md, const uint8_t *secret, size_t secretlen, const uint8_t *label, size_t labellen,
	const uint8_t *seed, size_t seedlen, uint8_t *out, size_t outlen, char **err)
{
	if (!fcx_valid_md(md))
		return FC_EUNSUPPORTED;
	const EVP_MD *m = fcx_mds[md];
	size_t hlen = EVP_MD_size(m);
	uint8_t a[EVP_MAX_MD_SIZE], block[EVP_MAX_MD_SIZE];
	unsigned got = 0;
	HMAC_CTX c;
	HMAC_CTX_init(&c);
	/* A(1); the context keeps the key for every later HMAC (Init_ex with a NULL key and digest rewinds it). */
	int ok = HMAC_Init_ex(&c, NZ(secret), secretlen, m, NULL) && HMAC_Update(&c, NZ(label), labellen) &&
		HMAC_Update(&c, NZ(seed), seedlen) && HMAC_Final(&c, a, &got) && got == hlen;
	for (size_t done = 0; ok && done < outlen;) {
		ok = HMAC_Init_ex(&c, NULL, 0, NULL, NULL) && HMAC_Update(&c, a, hlen) &&
			HMAC_Update(&c, NZ(label), labellen) && HMAC_Update(&c, NZ(seed), seedlen) &&
			HMAC_Final(&c, block, &got) && got == hlen;
		if (!ok)
			break;
		size_t take = outlen - done < hlen ? outlen - done : hlen;
		memcpy(out + done, block, take);
		done += take;
		if (done < outlen) /* A(i+1) */
			ok = HMAC_Init_ex(&c, NULL, 0, NULL, NULL) && HMAC_Update(&c, a, hlen) &&
				HMAC_Final(&c, a, &got) && got == hlen;
	}
	HMAC_CTX_cleanse(&c);
	OPENSSL_cleanse(a, sizeof a);
	OPENSSL_cleanse(block, sizeof block);
	if (!ok) {
		OPENSSL_cleanse(out, outlen);
		return fcx_fail(err, FC_EFAIL, "TLS 1.2 PRF: HMAC");
	}
	return FC_OK;
}

/* HKDF-Expand-Label of RFC 8446 section 7.1: HKDF-Expand(secret, HkdfLabel, outlen) with
 * HkdfLabel = uint16 outlen || uint8 len || "tls13 " label || uint8 len || context. */
int fcx_kdf_tls13_expand_label(int md, const uint8_t *secret, size_t secretlen, const uint8_t *label,
	size_t labellen, const uint8_t *context, size_t contextlen, uint8_t *out, size_t outlen, char **err)
{
	static const char prefix[] = "tls13 ";
	const size_t plen = sizeof prefix - 1;
	if (!fcx_valid_md(md))
		return FC_EUNSUPPORTED;
	if (outlen > 0xffff)
		return fcx_fail(err, FC_EFAIL, "HKDF-Expand-Label: output length exceeds 65535");
	if (labellen > 255 - plen)
		return fcx_fail(err, FC_EFAIL, "HKDF-Expand-Label: label longer than 249 bytes");
	if (contextlen > 255)
		return fcx_fail(err, FC_EFAIL, "HKDF-Expand-Label: context longer than 255 bytes");
	uint8_t info[2 + 1 + 255 + 1 + 255];
	size_t n = 0;
	info[n++] = (uint8_t)(outlen >> 8);
	info[n++] = (uint8_t)outlen;
	info[n++] = (uint8_t)(plen + labellen);
	memcpy(info + n, prefix, plen);
	n += plen;
	if (labellen)
		memcpy(info + n, label, labellen);
	n += labellen;
	info[n++] = (uint8_t)contextlen;
	if (contextlen)
		memcpy(info + n, context, contextlen);
	n += contextlen;
	if (!HKDF_expand(out, outlen, fcx_mds[md], NZ(secret), secretlen, info, n))
		return fcx_fail(err, FC_EFAIL, "HKDF_expand");
	return FC_OK;
}

/* SP 800-108r1 counter mode: K(i) = HMAC(key, [i]32 || fixed), out = K(1) || K(2) || ... truncated. */
int fcx_kdf_counter(int md, const uint8_t *key, size_t keylen, const uint8_t *fixed, size_t fixedlen,
	uint8_t *out, size_t outlen, char **err)
{
	if (!fcx_valid_md(md))
		return FC_EUNSUPPORTED;
	const EVP_MD *m = fcx_mds[md];
	size_t hlen = EVP_MD_size(m);
	if (outlen / hlen + (outlen % hlen != 0) > UINT32_MAX)
		return fcx_fail(err, FC_EFAIL, "SP 800-108 counter KDF: output needs more than 2^32-1 blocks");
	uint8_t block[EVP_MAX_MD_SIZE];
	unsigned got = 0;
	HMAC_CTX c;
	HMAC_CTX_init(&c);
	int ok = HMAC_Init_ex(&c, NZ(key), keylen, m, NULL);
	uint32_t i = 1;
	for (size_t done = 0; ok && done < outlen; i++) {
		const uint8_t ctr[4] = {(uint8_t)(i >> 24), (uint8_t)(i >> 16), (uint8_t)(i >> 8), (uint8_t)i};
		ok = (i == 1 || HMAC_Init_ex(&c, NULL, 0, NULL, NULL)) && HMAC_Update(&c, ctr, sizeof ctr) &&
			HMAC_Update(&c, NZ(fixed), fixedlen) && HMAC_Final(&c, block, &got) && got == hlen;
		if (!ok)
			break;
		size_t take = outlen - done < hlen ? outlen - done : hlen;
		memcpy(out + done, block, take);
		done += take;
	}
	HMAC_CTX_cleanse(&c);
	OPENSSL_cleanse(block, sizeof block);
	if (!ok) {
		OPENSSL_cleanse(out, outlen);
		return fcx_fail(err, FC_EFAIL, "SP 800-108 counter KDF: HMAC");
	}
	return FC_OK;
}
