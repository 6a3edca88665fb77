//go:build awslc

/*
 * The C reference loops on AWS-LC (the floor and pkey_floor slots): the same
 * work as the benchmarks, in one C call, the floor a Go wrapper is measured
 * against.
 */
#include "fork.h"

#include "fc_floor.h"

#include <openssl/hkdf.h>

/* ---- C reference loops ---- */

int fcx_pkey_floor(int op, long iters, void *k, int md, int pad, const uint8_t *in, size_t n, const uint8_t *aux,
	size_t auxlen)
{
	uint8_t buf[SIG_MAX];
	size_t len;
	int salt = pad == FC_PAD_PSS ? RSA_PSS_SALTLEN_DIGEST : 0;
	int ok = 1;
	switch (op) {
	case FC_FLOOR_SIGN:
		for (long i = 0; ok && i < iters; i++)
			len = sizeof buf, ok = fcx_pkey_sign(k, md, pad, salt, in, n, buf, &len, NULL) == FC_OK;
		break;
	case FC_FLOOR_VERIFY:
		for (long i = 0; ok && i < iters; i++)
			ok = fcx_pkey_verify(k, md, pad, salt, in, n, aux, auxlen, NULL) == FC_OK;
		break;
	case FC_FLOOR_DERIVE:
		for (long i = 0; ok && i < iters; i++)
			len = sizeof buf, ok = fcx_pkey_derive(k, aux, auxlen, buf, &len, NULL) == FC_OK;
		break;
	case FC_FLOOR_IMPORT_PUBLIC: {
		const uint8_t *parts[FC_PART_COUNT] = {NULL};
		size_t lens[FC_PART_COUNT] = {0};
		parts[FC_PART_PUB] = in, lens[FC_PART_PUB] = n;
		if (md == FC_PKEY_RSA)
			parts[FC_PART_E] = aux, lens[FC_PART_E] = auxlen;
		for (long i = 0; ok && i < iters; i++) {
			void *key = NULL;
			ok = fcx_pkey_new(md, parts, lens, &key, NULL) == FC_OK;
			fcx_pkey_free(key);
		}
		break;
	}
	case FC_FLOOR_D2I_PUBKEY:
	case FC_FLOOR_D2I_PRIVATE: {
		/* The fork's DER decoders; EVP_parse_private_key runs RSA_check_key on an RSA key, as pkey_new does. */
		EVP_PKEY *(*parse)(CBS *) = op == FC_FLOOR_D2I_PUBKEY ? EVP_parse_public_key : EVP_parse_private_key;
		for (long i = 0; ok && i < iters; i++) {
			CBS cbs;
			CBS_init(&cbs, in, n);
			EVP_PKEY *pk = parse(&cbs);
			ok = pk != NULL && CBS_len(&cbs) == 0;
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
		EVP_AEAD_CTX *c = fcx_key_index(keylen) < 0 ? NULL : EVP_AEAD_CTX_new(fcx_aead_gcm[fcx_key_index(keylen)], key, keylen, 16);
		size_t got;
		ok = buf != NULL && c != NULL;
		for (long i = 0; ok && i < iters; i++)
			ok = EVP_AEAD_CTX_seal(c, buf, &got, n + 16, nonce, sizeof nonce, in, n, NULL, 0);
		EVP_AEAD_CTX_free(c);
		free(buf);
		break;
	}
	case FC_FLOOR_HKDF_SHA256: /* the kdf_hkdf slot's path: HKDF() */
		for (long i = 0; ok && i < iters; i++)
			ok = HKDF(out, 32, EVP_sha256(), in, n, key, keylen, NULL, 0);
		break;
	case FC_FLOOR_PBKDF2_SHA256: /* the kdf_pbkdf2 slot's path: PKCS5_PBKDF2_HMAC */
		for (long i = 0; ok && i < iters; i++)
			ok = PKCS5_PBKDF2_HMAC((const char *)in, n, key, keylen, 10000, EVP_sha256(), 32, out);
		break;
	default: ok = 0;
	}
	OPENSSL_cleanse(out, sizeof out);
	return ok ? FC_OK : fcx_fail(NULL, FC_EFAIL, NULL);
}
