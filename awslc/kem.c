//go:build awslc

/*
 * forkcrypto's ML-KEM (the kem_* slots) on AWS-LC: ML-KEM-768 and -1024 are
 * native, EVP_PKEY_KEM keys with NID_MLKEM768 / NID_MLKEM1024. As this file
 * meets it:
 *  - Seed import d || z: EVP_PKEY_keygen_deterministic (experimental
 *    kem_deterministic_api.h), which needs EVP_PKEY_keygen_init first
 *    (OPERATON_NOT_INITIALIZED otherwise).
 *  - Generation is the fork's own EVP_PKEY_keygen; EVP_PKEY_get_private_seed
 *    gives back the 64-byte seed of a generated (or seeded) key, and that seed
 *    regenerates the same key (measured), so no seed is drawn here.
 *  - EVP_PKEY_get_raw_private_key gives FIPS 203's expanded decapsulation
 *    key of every decapsulation key (seeded, generated or imported expanded);
 *    it is copied out on request rather than kept twice.
 *  - An expanded decapsulation key alone (EVP_PKEY_kem_new_raw_secret_key)
 *    has no public half: EVP_PKEY_get_raw_public_key and encapsulation fail
 *    with NO_KEY_SET. The encapsulation key sits inside it (FIPS 203:
 *    dk = dk_PKE || ek || H(ek) || z, dk_PKE 384k bytes), so both halves go
 *    in through EVP_PKEY_kem_new_raw_key. Such a key has no seed.
 *  - EVP_PKEY_kem_new_raw_public_key does not run FIPS 203's modulus check:
 *    it imports an encapsulation key with a coefficient >= q, and
 *    EVP_PKEY_encapsulate then fails with nothing queued (Go checks first).
 *  - EVP_PKEY_encapsulate has no _init; EVP_PKEY_encapsulate_deterministic
 *    takes the 32-byte m. Decapsulation with a ciphertext of another length
 *    fails (INVALID_BUFFER_SIZE); a wrong one of the right length yields the
 *    implicit-rejection secret.
 *  - The EVP_PKEY is only read after creation; each operation makes its own
 *    EVP_PKEY_CTX, so one key serves many threads.
 */
#include "fork.h"

#include <openssl/experimental/kem_deterministic_api.h>

enum { SEED_LEN = 64, SS_LEN = 32, M_LEN = 32, EK_MAX = 1568 };

typedef struct {
	int nid;
	size_t k; /* module rank */
	size_t ek, ct, dk; /* encapsulation key, ciphertext, expanded decapsulation key */
} kem_params;

static const kem_params params[FC_KEM_COUNT] = {
	[FC_MLKEM768] = {NID_MLKEM768, 3, 1184, 1088, 2400},
	[FC_MLKEM1024] = {NID_MLKEM1024, 4, 1568, 1568, 3168},
};

/* A key: immutable after kem_new or kem_generate. */
typedef struct {
	const kem_params *p;
	EVP_PKEY *pkey;
	int priv; /* a decapsulation key */
	int has_seed; /* seed holds d || z */
	uint8_t seed[SEED_LEN];
	uint8_t pub[EK_MAX]; /* the encapsulation key, p->ek bytes */
} fc_kem;

static const kem_params *kem_kind(int kind)
{
	return kind > 0 && kind < FC_KEM_COUNT ? &params[kind] : NULL;
}

void fcx_kem_free(void *p)
{
	fc_kem *k = p;
	if (k == NULL)
		return;
	EVP_PKEY_free(k->pkey);
	OPENSSL_cleanse(k, sizeof *k);
	free(k);
}

/* kem_finish fills k's cached parts from k->pkey and hands k out, or frees it. */
static int kem_finish(fc_kem *k, void **out, char **err)
{
	size_t len = k->p->ek;
	if (!EVP_PKEY_get_raw_public_key(k->pkey, k->pub, &len) || len != k->p->ek) {
		fcx_kem_free(k);
		return fcx_fail(err, FC_EFAIL, "EVP_PKEY_get_raw_public_key");
	}
	if (k->priv && !k->has_seed) {
		len = SEED_LEN;
		/* A key made from an expanded dk has none: then the call fails, and k gives no seed. */
		k->has_seed = EVP_PKEY_get_private_seed(k->pkey, k->seed, &len) && len == SEED_LEN;
		ERR_clear_error();
	}
	*out = k;
	return FC_OK;
}

/* keygen makes k->pkey with the fork's key generation, from seed when given. */
static int keygen(fc_kem *k, const uint8_t *seed, char **err)
{
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_KEM, NULL);
	size_t len = SEED_LEN;
	int ok = ctx != NULL && EVP_PKEY_CTX_kem_set_params(ctx, k->p->nid) && EVP_PKEY_keygen_init(ctx) &&
		(seed != NULL ? EVP_PKEY_keygen_deterministic(ctx, &k->pkey, seed, &len) :
				EVP_PKEY_keygen(ctx, &k->pkey));
	EVP_PKEY_CTX_free(ctx);
	if (!ok)
		return fcx_fail(err, FC_EFAIL, seed != NULL ? "EVP_PKEY_keygen_deterministic" : "EVP_PKEY_keygen");
	return FC_OK;
}

int fcx_kem_new(int kind, const uint8_t *seed, size_t seedlen, const uint8_t *ek, size_t eklen, void **out,
	char **err)
{
	const kem_params *p = kem_kind(kind);
	if (p == NULL)
		return FC_EUNSUPPORTED;
	if ((seed == NULL) == (ek == NULL))
		return fcx_fail(err, FC_EFAIL, "ML-KEM import: give either a seed or an encapsulation key");
	if (seed != NULL && seedlen != SEED_LEN && seedlen != p->dk)
		return fcx_fail(err, FC_EFAIL, "ML-KEM import: a decapsulation key is a 64-byte seed or an expanded key");
	if (ek != NULL && eklen != p->ek)
		return fcx_fail(err, FC_EFAIL, "ML-KEM import: wrong encapsulation key length");
	fc_kem *k = calloc(1, sizeof *k);
	if (k == NULL)
		return fcx_fail(err, FC_EFAIL, "out of memory");
	k->p = p;
	if (ek != NULL) {
		if ((k->pkey = EVP_PKEY_kem_new_raw_public_key(p->nid, ek, eklen)) == NULL) {
			fcx_kem_free(k);
			return fcx_fail(err, FC_EINVALIDKEY, "EVP_PKEY_kem_new_raw_public_key");
		}
		return kem_finish(k, out, err);
	}
	k->priv = 1;
	if (seedlen == SEED_LEN) {
		int st = keygen(k, seed, err);
		if (st != FC_OK) {
			fcx_kem_free(k);
			return st;
		}
		memcpy(k->seed, seed, SEED_LEN);
		k->has_seed = 1;
		return kem_finish(k, out, err);
	}
	/* The expanded key: its encapsulation key follows dk_PKE (384k bytes). */
	if ((k->pkey = EVP_PKEY_kem_new_raw_key(p->nid, seed + 384 * p->k, p->ek, seed, seedlen)) == NULL) {
		fcx_kem_free(k);
		return fcx_fail(err, FC_EINVALIDKEY, "EVP_PKEY_kem_new_raw_key");
	}
	return kem_finish(k, out, err);
}

int fcx_kem_generate(int kind, void **out, char **err)
{
	const kem_params *p = kem_kind(kind);
	if (p == NULL)
		return FC_EUNSUPPORTED;
	fc_kem *k = calloc(1, sizeof *k);
	if (k == NULL)
		return fcx_fail(err, FC_EFAIL, "out of memory");
	k->p = p;
	k->priv = 1;
	int st = keygen(k, NULL, err);
	if (st != FC_OK) {
		fcx_kem_free(k);
		return st;
	}
	if ((st = kem_finish(k, out, err)) != FC_OK)
		return st;
	if (!k->has_seed) { /* the contract promises a generated key's seed */
		fcx_kem_free(k);
		*out = NULL;
		return fcx_fail(err, FC_EFAIL, "EVP_PKEY_get_private_seed: no seed for a generated key");
	}
	return FC_OK;
}

int fcx_kem_get(const void *p, int part, uint8_t *out, size_t outlen)
{
	const fc_kem *k = p;
	switch (part) {
	case FC_PART_PUB:
		if (outlen != k->p->ek)
			return FC_EFAIL;
		memcpy(out, k->pub, outlen);
		return FC_OK;
	case FC_PART_PRIV:
		if (!k->has_seed || outlen != SEED_LEN)
			return FC_EFAIL;
		memcpy(out, k->seed, SEED_LEN);
		return FC_OK;
	case FC_PART_EXPANDED: {
		size_t len = outlen;
		if (!k->priv || outlen != k->p->dk)
			return FC_EFAIL;
		if (!EVP_PKEY_get_raw_private_key(k->pkey, out, &len) || len != outlen) {
			OPENSSL_cleanse(out, outlen);
			return fcx_fail(NULL, FC_EFAIL, NULL);
		}
		return FC_OK;
	}
	}
	return FC_EFAIL;
}

int fcx_kem_encapsulate(void *p, const uint8_t *m, size_t mlen, uint8_t *ct, size_t ctlen, uint8_t *ss,
	size_t sslen, char **err)
{
	const fc_kem *k = p;
	if (ctlen != k->p->ct || sslen != SS_LEN)
		return fcx_fail(err, FC_EFAIL, "ML-KEM encapsulation: wrong ciphertext or shared secret length");
	if (m != NULL && mlen != M_LEN)
		return fcx_fail(err, FC_EFAIL, "ML-KEM encapsulation: the randomness m is 32 bytes");
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(k->pkey, NULL);
	size_t cl = ctlen, sl = sslen, ml = mlen;
	int ok = ctx != NULL && (m != NULL ? EVP_PKEY_encapsulate_deterministic(ctx, ct, &cl, ss, &sl, m, &ml) :
					     EVP_PKEY_encapsulate(ctx, ct, &cl, ss, &sl));
	EVP_PKEY_CTX_free(ctx);
	if (!ok || cl != ctlen || sl != sslen) {
		OPENSSL_cleanse(ss, sslen);
		return fcx_fail(err, FC_EFAIL, m != NULL ? "EVP_PKEY_encapsulate_deterministic" : "EVP_PKEY_encapsulate");
	}
	return FC_OK;
}

int fcx_kem_decapsulate(void *p, const uint8_t *ct, size_t ctlen, uint8_t *ss, size_t sslen, char **err)
{
	const fc_kem *k = p;
	if (!k->priv)
		return fcx_fail(err, FC_EFAIL, "ML-KEM decapsulation needs a decapsulation key");
	if (ctlen != k->p->ct || sslen != SS_LEN)
		return fcx_fail(err, FC_EFAIL, "ML-KEM decapsulation: wrong ciphertext or shared secret length");
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(k->pkey, NULL);
	size_t sl = sslen;
	int ok = ctx != NULL && EVP_PKEY_decapsulate(ctx, ss, &sl, ct, ctlen);
	EVP_PKEY_CTX_free(ctx);
	if (!ok || sl != sslen) {
		OPENSSL_cleanse(ss, sslen);
		return fcx_fail(err, FC_EFAIL, "EVP_PKEY_decapsulate");
	}
	return FC_OK;
}

/* The same slot functions as the Go side calls, in a C loop. */
int fcx_kem_floor(int op, long iters, int kind, void *k, const uint8_t *in, size_t n)
{
	const kem_params *p = kem_kind(kind);
	uint8_t ct[EK_MAX], ss[SS_LEN];
	int ok = p != NULL;
	switch (ok ? op : 0) {
	case FC_FLOOR_KEM_GENERATE:
		for (long i = 0; ok && i < iters; i++) {
			void *g = NULL;
			ok = fcx_kem_generate(kind, &g, NULL) == FC_OK;
			fcx_kem_free(g);
		}
		break;
	case FC_FLOOR_KEM_ENCAPSULATE:
		ok = k != NULL;
		for (long i = 0; ok && i < iters; i++)
			ok = fcx_kem_encapsulate(k, NULL, 0, ct, p->ct, ss, sizeof ss, NULL) == FC_OK;
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
