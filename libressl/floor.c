//go:build libressl

/*
 * The C reference loops on LibreSSL (the floor, pkey_floor and kem_floor
 * slots): the same work as the benchmarks in one C call, the floor a Go
 * wrapper is measured against. They run the slots' own code or LibreSSL
 * directly.
 */
#include "fork.h"

#include "fc_floor.h"

/* ---- C reference loops ---- */

/* fcx_pkey_floor runs the slots' own code in a loop. */
int fcx_pkey_floor(int op, long iters, void *p, int md, int pad, const uint8_t *in, size_t n, const uint8_t *aux,
	size_t auxlen)
{
	fc_pkey *k = p;
	int ok = 1;
	int salt = pad == FC_PAD_PSS && fcx_valid_md(md) ? EVP_MD_size(fcx_mds[md]) : 0;
	switch (op) {
	case FC_FLOOR_SIGN: {
		size_t cap = k == NULL ? 0 : k->kind == FC_PKEY_RSA ? (size_t)RSA_size(k->rsa) : 160;
		uint8_t *sig = k == NULL ? NULL : malloc(cap);
		ok = sig != NULL;
		for (long i = 0; ok && i < iters; i++) {
			size_t l = cap;
			ok = fcx_pkey_sign(k, md, pad, salt, in, n, sig, &l, NULL) == FC_OK;
		}
		free(sig);
		break;
	}
	case FC_FLOOR_VERIFY:
		ok = k != NULL;
		for (long i = 0; ok && i < iters; i++)
			ok = fcx_pkey_verify(k, md, pad, salt, in, n, aux, auxlen, NULL) == FC_OK;
		break;
	case FC_FLOOR_DERIVE: {
		uint8_t out[133];
		ok = k != NULL;
		for (long i = 0; ok && i < iters; i++) {
			size_t l = sizeof out;
			ok = fcx_pkey_derive(k, aux, auxlen, out, &l, NULL) == FC_OK;
		}
		OPENSSL_cleanse(out, sizeof out);
		break;
	}
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
			const unsigned char *p = fcx_nonnull(in);
			EVP_PKEY *pk = d2i(NULL, &p, (long)n);
			ok = pk != NULL;
			EVP_PKEY_free(pk);
		}
		break;
	}
	case FC_FLOOR_IMPORT_PRIVATE: ok = fc_floor_import_private(iters, md, in, n); break;
	case FC_FLOOR_GENERATE: ok = fc_floor_generate(iters, md, pad); break;
	case FC_FLOOR_EC_MUL_BASE:
		ok = fc_floor_mul_base(iters, fcx_is_ec(md) ? fcx_ec_groups[md] : NULL, in, n);
		break;
	default: ok = 0;
	}
	return ok ? FC_OK : fcx_fail(NULL, FC_EFAIL, NULL);
}

int fcx_floor_run(int op, long iters, const uint8_t *in, size_t n, const uint8_t *key, size_t keylen)
{
	uint8_t out[EVP_MAX_MD_SIZE];
	int ok = 1;
	in = fcx_nonnull(in);
	switch (op) {
	case FC_FLOOR_SHA256: {
		EVP_MD_CTX *c = EVP_MD_CTX_new();
		ok = c != NULL;
		for (long i = 0; ok && i < iters; i++)
			ok = EVP_DigestInit_ex(c, fcx_mds[FC_SHA256], NULL) && EVP_DigestUpdate(c, in, n) &&
				EVP_DigestFinal_ex(c, out, NULL);
		EVP_MD_CTX_free(c);
		break;
	}
	case FC_FLOOR_HMAC_SHA256: {
		HMAC_CTX *c = HMAC_CTX_new();
		ok = c != NULL && keylen <= INT_MAX && HMAC_Init_ex(c, fcx_nonnull(key), (int)keylen, fcx_mds[FC_SHA256], NULL);
		for (long i = 0; ok && i < iters; i++)
			ok = HMAC_Init_ex(c, NULL, 0, NULL, NULL) && HMAC_Update(c, in, n) && HMAC_Final(c, out, NULL);
		HMAC_CTX_free(c);
		break;
	}
	case FC_FLOOR_AES_GCM_SEAL: {
		static const uint8_t nonce[12];
		int ki = fcx_key_index(keylen);
		uint8_t *buf = malloc(n + TAG_LEN);
		EVP_AEAD_CTX *c = EVP_AEAD_CTX_new();
		size_t got;
		ok = buf != NULL && c != NULL && ki >= 0 && fcx_gcm[ki] != NULL &&
			EVP_AEAD_CTX_init(c, fcx_gcm[ki], key, keylen, TAG_LEN, NULL);
		for (long i = 0; ok && i < iters; i++)
			ok = EVP_AEAD_CTX_seal(c, buf, &got, n + TAG_LEN, nonce, sizeof nonce, in, n, NULL, 0);
		EVP_AEAD_CTX_free(c);
		free(buf);
		break;
	}
	case FC_FLOOR_HKDF_SHA256:
		/* The kdf_hkdf slot's own path: HKDF_extract + HKDF_expand. */
		for (long i = 0; ok && i < iters; i++)
			ok = fcx_kdf_hkdf(FC_SHA256, FC_HKDF_EXTRACT_AND_EXPAND, in, n, key, keylen, NULL, 0, out, 32,
				     NULL) == FC_OK;
		break;
	case FC_FLOOR_PBKDF2_SHA256:
		/* The kdf_pbkdf2 slot's own path: PKCS5_PBKDF2_HMAC. */
		for (long i = 0; ok && i < iters; i++)
			ok = fcx_kdf_pbkdf2(FC_SHA256, in, n, key, keylen, 10000, out, 32, NULL) == FC_OK;
		break;
	default: ok = 0;
	}
	OPENSSL_cleanse(out, sizeof out);
	return ok ? FC_OK : fcx_fail(NULL, FC_EFAIL, NULL);
}

/* fcx_kem_floor runs the kem_* slots' own code in a loop. */
int fcx_kem_floor(int op, long iters, int kind, void *k, const uint8_t *in, size_t n)
{
	uint8_t ct[1568], ss[32];
	size_t ctlen = kind == FC_MLKEM1024 ? 1568 : 1088;
	int ok = 1;
	switch (op) {
	case FC_FLOOR_KEM_GENERATE:
		for (long i = 0; ok && i < iters; i++) {
			void *g = NULL;
			ok = fcx_kem_generate(kind, &g, NULL) == FC_OK;
			fcx_kem_free(g);
		}
		break;
	case FC_FLOOR_KEM_ENCAPSULATE:
		/* kind names the key's parameter set; the slot checks the sizes against the key. */
		ok = k != NULL;
		for (long i = 0; ok && i < iters; i++)
			ok = fcx_kem_encapsulate(k, NULL, 0, ct, ctlen, ss, sizeof ss, NULL) == FC_OK;
		break;
	case FC_FLOOR_KEM_DECAPSULATE:
		ok = k != NULL;
		for (long i = 0; ok && i < iters; i++)
			ok = fcx_kem_decapsulate(k, in, n, ss, sizeof ss, NULL) == FC_OK;
		break;
	default: ok = 0;
	}
	OPENSSL_cleanse(ss, sizeof ss);
	return ok ? FC_OK : fcx_fail(NULL, FC_EFAIL, NULL);
}
