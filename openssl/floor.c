//go:build !libressl && !boringssl && !awslc

/* forkcrypto's C reference loops (the floor, pkey_floor, kem_floor and sig_floor slots) on OpenSSL 3. */
#include "fork.h"

#include <openssl/x509.h>

#include "fc_floor.h"

/* fcx_pkey_floor runs the slots themselves in a loop. */
int fcx_pkey_floor(int op, long iters, void *k, int md, int pad, const uint8_t *in, size_t n, const uint8_t *aux,
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
			saltlen = fcx_valid_md(md) ? EVP_MD_get_size(fcx_mds[md]) : 0;
	}
	switch (op) {
	case FC_FLOOR_SIGN:
		for (long i = 0; ok && i < iters; i++)
			ok = (len = cap, fcx_pkey_sign(k, md, pad, saltlen, in, n, buf, &len, NULL)) == FC_OK;
		break;
	case FC_FLOOR_VERIFY:
		for (long i = 0; ok && i < iters; i++)
			ok = fcx_pkey_verify(k, md, pad, saltlen, in, n, aux, auxlen, NULL) == FC_OK;
		break;
	case FC_FLOOR_DERIVE:
		for (long i = 0; ok && i < iters; i++)
			ok = (len = cap, fcx_pkey_derive(k, aux, auxlen, buf, &len, NULL)) == FC_OK;
		break;
	case FC_FLOOR_IMPORT_PUBLIC: {
		const uint8_t *parts[FC_PART_COUNT] = {[FC_PART_PUB] = in, [FC_PART_E] = aux};
		size_t lens[FC_PART_COUNT] = {[FC_PART_PUB] = n, [FC_PART_E] = md == FC_PKEY_RSA ? auxlen : 0};
		for (long i = 0; ok && i < iters; i++) {
			void *key = NULL;
			ok = fcx_pkey_new(md, parts, lens, &key, NULL) == FC_OK;
			fcx_pkey_free(key);
		}
		break;
	}
	case FC_FLOOR_D2I_PUBKEY:
	case FC_FLOOR_D2I_PRIVATE: {
		/* The fork's DER decoders; d2i_AutoPrivateKey runs no key check. */
		EVP_PKEY *(*d2i)(EVP_PKEY **, const unsigned char **, long) =
			op == FC_FLOOR_D2I_PUBKEY ? d2i_PUBKEY : d2i_AutoPrivateKey;
		ok = n <= LONG_MAX;
		for (long i = 0; ok && i < iters; i++) {
			const unsigned char *p = in;
			EVP_PKEY *pk = d2i(NULL, &p, (long)n);
			ok = pk != NULL;
			EVP_PKEY_free(pk);
		}
		break;
	}
	case FC_FLOOR_IMPORT_PRIVATE: ok = fc_floor_import_private(iters, md, in, n); break;
	case FC_FLOOR_GENERATE: ok = fc_floor_generate(iters, md, pad); break;
	case FC_FLOOR_EC_MUL_BASE:
		ok = fc_floor_mul_base(iters, md >= FC_PKEY_P224 && md <= FC_PKEY_P521 ? fcx_groups[md] : NULL, in, n);
		break;
	default: ok = 0;
	}
	free(buf);
	return ok ? FC_OK : fcx_fail(NULL, FC_EFAIL, NULL);
}

int fcx_floor_run(int op, long iters, const uint8_t *in, size_t n, const uint8_t *key, size_t keylen)
{
	uint8_t out[64];
	int ok = 1;
	switch (op) {
	case FC_FLOOR_SHA256: {
		EVP_MD_CTX *c = EVP_MD_CTX_new();
		for (long i = 0; ok && i < iters; i++)
			ok = EVP_DigestInit_ex(c, fcx_mds[FC_SHA256], NULL) && EVP_DigestUpdate(c, in, n) &&
				EVP_DigestFinal_ex(c, out, NULL);
		EVP_MD_CTX_free(c);
		break;
	}
	case FC_FLOOR_HMAC_SHA256: {
		OSSL_PARAM params[] = {
			OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, "SHA2-256", 0),
			OSSL_PARAM_construct_end(),
		};
		EVP_MAC_CTX *c = EVP_MAC_CTX_new(fcx_hmac_mac);
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
		ok = buf != NULL && fcx_key_index(keylen) >= 0 &&
			EVP_CipherInit_ex(c, fcx_gcm[fcx_key_index(keylen)], NULL, key, NULL, 1);
		for (long i = 0; ok && i < iters; i++)
			ok = EVP_CipherInit_ex(c, NULL, NULL, NULL, nonce, 1) &&
				EVP_CipherUpdate(c, buf, &got, in, (int)n) && EVP_CipherFinal_ex(c, buf + n, &got) &&
				EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_GET_TAG, 16, buf + n);
		EVP_CIPHER_CTX_free(c);
		free(buf);
		break;
	}
	case FC_FLOOR_HKDF_SHA256: /* the slot's own path: composed outside FIPS, the provider's HKDF under it */
		for (long i = 0; ok && i < iters; i++)
			ok = fcx_kdf_hkdf(FC_SHA256, FC_HKDF_EXTRACT_AND_EXPAND, in, n, key, keylen, NULL, 0, out, 32,
				     NULL) == FC_OK;
		break;
	case FC_FLOOR_PBKDF2_SHA256:
		for (long i = 0; ok && i < iters; i++)
			ok = fcx_kdf_pbkdf2(FC_SHA256, in, n, key, keylen, 10000, out, 32, NULL) == FC_OK;
		break;
	default: ok = 0;
	}
	return ok ? FC_OK : fcx_fail(NULL, FC_EFAIL, NULL);
}

/* fcx_kem_floor runs the ML-KEM slots themselves in a loop. */
int fcx_kem_floor(int op, long iters, int kind, void *k, const uint8_t *in, size_t n)
{
	uint8_t ct[1568], ss[32];
	size_t ctlen = fcx_kem_ctlen(kind);
	int ok = 1;
	if (!fcx_kem_available(kind))
		return FC_EUNSUPPORTED;
	if (ctlen == 0 || ctlen > sizeof ct || (op != FC_FLOOR_KEM_GENERATE && k == NULL))
		return FC_EFAIL;
	switch (op) {
	case FC_FLOOR_KEM_GENERATE:
		for (long i = 0; ok && i < iters; i++) {
			void *g = NULL;
			ok = fcx_kem_generate(kind, &g, NULL) == FC_OK;
			fcx_kem_free(g);
		}
		break;
	case FC_FLOOR_KEM_ENCAPSULATE:
		for (long i = 0; ok && i < iters; i++)
			ok = fcx_kem_encapsulate(k, NULL, 0, ct, ctlen, ss, sizeof ss, NULL) == FC_OK;
		break;
	case FC_FLOOR_KEM_DECAPSULATE:
		for (long i = 0; ok && i < iters; i++)
			ok = fcx_kem_decapsulate(k, in, n, ss, sizeof ss, NULL) == FC_OK;
		break;
	default: ok = 0;
	}
	OPENSSL_cleanse(ss, sizeof ss);
	return ok ? FC_OK : fcx_fail(NULL, FC_EFAIL, NULL);
}

/* fcx_sig_floor runs the ML-DSA slots themselves in a loop. */
int fcx_sig_floor(int op, long iters, int kind, void *k, const uint8_t *in, size_t n, const uint8_t *aux,
	size_t auxlen)
{
	uint8_t sig[4627];
	size_t siglen = fcx_sig_siglen(kind);
	int ok = 1;
	if (!fcx_sig_available(kind))
		return FC_EUNSUPPORTED;
	if (siglen == 0 || siglen > sizeof sig ||
		((op == FC_FLOOR_SIG_SIGN || op == FC_FLOOR_SIG_VERIFY) && k == NULL))
		return FC_EFAIL;
	switch (op) {
	case FC_FLOOR_SIG_GENERATE:
		for (long i = 0; ok && i < iters; i++) {
			void *g = NULL;
			ok = fcx_sig_generate(kind, &g, NULL) == FC_OK;
			fcx_sig_free(g);
		}
		break;
	case FC_FLOOR_SIG_SIGN:
		for (long i = 0; ok && i < iters; i++)
			ok = fcx_sig_sign(k, 0, in, n, NULL, 0, NULL, 0, sig, siglen, NULL) == FC_OK;
		break;
	case FC_FLOOR_SIG_VERIFY:
		for (long i = 0; ok && i < iters; i++)
			ok = fcx_sig_verify(k, 0, in, n, NULL, 0, aux, auxlen, NULL) == FC_OK;
		break;
	case FC_FLOOR_SIG_IMPORT_PUBLIC:
		for (long i = 0; ok && i < iters; i++) {
			void *pk = NULL;
			ok = fcx_sig_new(kind, NULL, 0, in, n, &pk, NULL) == FC_OK;
			fcx_sig_free(pk);
		}
		break;
	default: ok = 0;
	}
	return ok ? FC_OK : fcx_fail(NULL, FC_EFAIL, NULL);
}
