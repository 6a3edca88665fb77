//go:build awslc

/*
 * forkcrypto's ML-DSA (the sig_* slots) on AWS-LC: ML-DSA-44, -65 and -87 are
 * native, EVP_PKEY_PQDSA keys with NID_MLDSA44/65/87. As this file meets it:
 *  - EVP_PKEY_pqdsa_new_raw_private_key takes the 32-byte seed or the
 *    expanded sk. From sk it derives the public key and checks the key:
 *    s1 and s2 in range, t0 and tr consistent with it (else DECODE_ERROR);
 *    K, which nothing else determines, is taken as given.
 *    EVP_PKEY_get_private_seed gives the seed of a seeded or generated key
 *    and fails for one made from sk; EVP_PKEY_get_raw_private_key gives sk.
 *  - EVP_PKEY_pqdsa_new_raw_public_key checks only the length.
 *  - EVP_DigestSign/Verify with no digest work on the message (pure mode),
 *    the context set on their EVP_PKEY_CTX; EVP_PKEY_sign/verify take the
 *    64-byte external mu and refuse a context. Verification of a signature
 *    of the wrong length fails as any bad signature does (INVALID_SIGNATURE).
 *  - The public API signs only with the fork's own randomness: deterministic
 *    signing and a given rnd go through ml_dsa_*_sign_internal (below).
 *  - The EVP_PKEY is only read after creation; each operation makes its own
 *    EVP_PKEY_CTX, so one key serves many threads.
 */
#include "fork.h"

/*
 * FIPS 204's ML-DSA.Sign_internal, inside AWS-LC's FIPS module: exported by
 * libcrypto but declared only in its source (crypto/fipsmodule/ml_dsa/ml_dsa.h,
 * not installed), so exactly the prototypes used here are declared, as
 * AWS-LC 5.1 defines them. They take the expanded sk and the 32-byte rnd and
 * return 1 on success, writing a signature of the parameter set's size. The
 * message form takes pre = 0 || ctxlen || ctx (pure mode); the extmu form
 * takes the 64-byte mu, ignores pre and needs mulen = 64.
 */
int ml_dsa_44_sign_internal(const uint8_t *sk, uint8_t *sig, size_t *siglen, const uint8_t *msg, size_t msglen,
	const uint8_t *pre, size_t prelen, const uint8_t *rnd);
int ml_dsa_65_sign_internal(const uint8_t *sk, uint8_t *sig, size_t *siglen, const uint8_t *msg, size_t msglen,
	const uint8_t *pre, size_t prelen, const uint8_t *rnd);
int ml_dsa_87_sign_internal(const uint8_t *sk, uint8_t *sig, size_t *siglen, const uint8_t *msg, size_t msglen,
	const uint8_t *pre, size_t prelen, const uint8_t *rnd);
int ml_dsa_extmu_44_sign_internal(const uint8_t *sk, uint8_t *sig, size_t *siglen, const uint8_t *mu, size_t mulen,
	const uint8_t *pre, size_t prelen, const uint8_t *rnd);
int ml_dsa_extmu_65_sign_internal(const uint8_t *sk, uint8_t *sig, size_t *siglen, const uint8_t *mu, size_t mulen,
	const uint8_t *pre, size_t prelen, const uint8_t *rnd);
int ml_dsa_extmu_87_sign_internal(const uint8_t *sk, uint8_t *sig, size_t *siglen, const uint8_t *mu, size_t mulen,
	const uint8_t *pre, size_t prelen, const uint8_t *rnd);

typedef int (*sign_internal_fn)(const uint8_t *sk, uint8_t *sig, size_t *siglen, const uint8_t *in, size_t inlen,
	const uint8_t *pre, size_t prelen, const uint8_t *rnd);

enum { SEED_LEN = 32, RND_LEN = 32, MU_LEN = 64, CTX_MAX = 255, PK_MAX = 2592, DSA_SIG_MAX = 4627 };

typedef struct {
	int nid;
	size_t pk, sk, sig; /* public key, expanded private key, signature */
	sign_internal_fn sign, sign_mu;
} sig_params;

static const sig_params params[FC_SIG_COUNT] = {
	[FC_MLDSA44] = {NID_MLDSA44, 1312, 2560, 2420, ml_dsa_44_sign_internal, ml_dsa_extmu_44_sign_internal},
	[FC_MLDSA65] = {NID_MLDSA65, 1952, 4032, 3309, ml_dsa_65_sign_internal, ml_dsa_extmu_65_sign_internal},
	[FC_MLDSA87] = {NID_MLDSA87, 2592, 4896, 4627, ml_dsa_87_sign_internal, ml_dsa_extmu_87_sign_internal},
};

/* A key: immutable after sig_new or sig_generate. */
typedef struct {
	const sig_params *p;
	EVP_PKEY *pkey;
	uint8_t *sk; /* the expanded private key, p->sk bytes; NULL for a public key */
	int has_seed; /* seed holds xi */
	uint8_t seed[SEED_LEN];
	uint8_t pub[PK_MAX]; /* p->pk bytes */
} fc_sig;

static const sig_params *sig_kind(int kind)
{
	return kind > 0 && kind < FC_SIG_COUNT ? &params[kind] : NULL;
}

void fcx_sig_free(void *p)
{
	fc_sig *k = p;
	if (k == NULL)
		return;
	EVP_PKEY_free(k->pkey);
	if (k->sk != NULL) {
		OPENSSL_cleanse(k->sk, k->p->sk);
		free(k->sk);
	}
	OPENSSL_cleanse(k, sizeof *k);
	free(k);
}

/* sig_finish caches k's parts from k->pkey (private when priv) and hands k out, or frees it. */
static int sig_finish(fc_sig *k, int priv, void **out, char **err)
{
	size_t len = k->p->pk;
	if (!EVP_PKEY_get_raw_public_key(k->pkey, k->pub, &len) || len != k->p->pk) {
		fcx_sig_free(k);
		return fcx_fail(err, FC_EFAIL, "EVP_PKEY_get_raw_public_key");
	}
	if (priv) {
		len = k->p->sk;
		if ((k->sk = malloc(len)) == NULL) {
			fcx_sig_free(k);
			return fcx_fail(err, FC_EFAIL, "out of memory");
		}
		if (!EVP_PKEY_get_raw_private_key(k->pkey, k->sk, &len) || len != k->p->sk) {
			fcx_sig_free(k);
			return fcx_fail(err, FC_EFAIL, "EVP_PKEY_get_raw_private_key");
		}
		if (!k->has_seed) {
			len = SEED_LEN;
			/* A key made from sk has none: then the call fails, and k gives no seed. */
			k->has_seed = EVP_PKEY_get_private_seed(k->pkey, k->seed, &len) && len == SEED_LEN;
			ERR_clear_error();
		}
	}
	*out = k;
	return FC_OK;
}

int fcx_sig_new(int kind, const uint8_t *priv, size_t privlen, const uint8_t *pub, size_t publen, void **out,
	char **err)
{
	const sig_params *p = sig_kind(kind);
	if (p == NULL)
		return FC_EUNSUPPORTED;
	if ((priv == NULL) == (pub == NULL))
		return fcx_fail(err, FC_EFAIL, "ML-DSA import: give either a private or a public key");
	if (priv != NULL && privlen != SEED_LEN && privlen != p->sk)
		return fcx_fail(err, FC_EFAIL, "ML-DSA import: a private key is a 32-byte seed or an expanded key");
	if (pub != NULL && publen != p->pk)
		return fcx_fail(err, FC_EFAIL, "ML-DSA import: wrong public key length");
	fc_sig *k = calloc(1, sizeof *k);
	if (k == NULL)
		return fcx_fail(err, FC_EFAIL, "out of memory");
	k->p = p;
	if (pub != NULL) {
		if ((k->pkey = EVP_PKEY_pqdsa_new_raw_public_key(p->nid, pub, publen)) == NULL) {
			fcx_sig_free(k);
			return fcx_fail(err, FC_EINVALIDKEY, "EVP_PKEY_pqdsa_new_raw_public_key");
		}
		return sig_finish(k, 0, out, err);
	}
	if ((k->pkey = EVP_PKEY_pqdsa_new_raw_private_key(p->nid, priv, privlen)) == NULL) {
		fcx_sig_free(k);
		return fcx_fail(err, FC_EINVALIDKEY, "EVP_PKEY_pqdsa_new_raw_private_key");
	}
	if (privlen == SEED_LEN) {
		memcpy(k->seed, priv, SEED_LEN);
		k->has_seed = 1;
	}
	return sig_finish(k, 1, out, err);
}

int fcx_sig_generate(int kind, void **out, char **err)
{
	const sig_params *p = sig_kind(kind);
	if (p == NULL)
		return FC_EUNSUPPORTED;
	fc_sig *k = calloc(1, sizeof *k);
	if (k == NULL)
		return fcx_fail(err, FC_EFAIL, "out of memory");
	k->p = p;
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_PQDSA, NULL);
	int ok = ctx != NULL && EVP_PKEY_CTX_pqdsa_set_params(ctx, p->nid) && EVP_PKEY_keygen_init(ctx) &&
		EVP_PKEY_keygen(ctx, &k->pkey);
	EVP_PKEY_CTX_free(ctx);
	if (!ok) {
		fcx_sig_free(k);
		return fcx_fail(err, FC_EFAIL, "EVP_PKEY_keygen");
	}
	int st = sig_finish(k, 1, out, err);
	if (st != FC_OK)
		return st;
	if (!k->has_seed) { /* the contract promises a generated key's seed */
		fcx_sig_free(k);
		*out = NULL;
		return fcx_fail(err, FC_EFAIL, "EVP_PKEY_get_private_seed: no seed for a generated key");
	}
	return FC_OK;
}

int fcx_sig_get(const void *p, int part, uint8_t *out, size_t outlen)
{
	const fc_sig *k = p;
	switch (part) {
	case FC_PART_PUB:
		if (outlen != k->p->pk)
			return FC_EFAIL;
		memcpy(out, k->pub, outlen);
		return FC_OK;
	case FC_PART_PRIV:
		if (!k->has_seed || outlen != SEED_LEN)
			return FC_EFAIL;
		memcpy(out, k->seed, SEED_LEN);
		return FC_OK;
	case FC_PART_EXPANDED:
		if (k->sk == NULL || outlen != k->p->sk)
			return FC_EFAIL;
		memcpy(out, k->sk, outlen);
		return FC_OK;
	}
	return FC_EFAIL;
}

/* sign_hedged signs with the fork's randomness through the public API. */
static int sign_hedged(const fc_sig *k, int mu, const uint8_t *in, size_t inlen, const uint8_t *ctx,
	size_t ctxlen, uint8_t *sig, size_t *siglen)
{
	if (mu) {
		EVP_PKEY_CTX *pctx = EVP_PKEY_CTX_new(k->pkey, NULL);
		int ok = pctx != NULL && EVP_PKEY_sign_init(pctx) && EVP_PKEY_sign(pctx, sig, siglen, in, inlen);
		EVP_PKEY_CTX_free(pctx);
		return ok;
	}
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	EVP_PKEY_CTX *pctx = NULL; /* owned by md */
	int ok = md != NULL && EVP_DigestSignInit(md, &pctx, NULL, NULL, k->pkey) &&
		(ctxlen == 0 || EVP_PKEY_CTX_set1_signature_context_string(pctx, ctx, ctxlen)) &&
		EVP_DigestSign(md, sig, siglen, in, inlen);
	EVP_MD_CTX_free(md);
	return ok;
}

int fcx_sig_sign(void *p, int flags, const uint8_t *in, size_t inlen, const uint8_t *ctx, size_t ctxlen,
	const uint8_t *rnd, size_t rndlen, uint8_t *sig, size_t siglen, char **err)
{
	const fc_sig *k = p;
	int mu = (flags & FC_SIG_MU) != 0;
	if (k->sk == NULL)
		return fcx_fail(err, FC_EFAIL, "ML-DSA signing needs a private key");
	if ((flags & ~(FC_SIG_DETERMINISTIC | FC_SIG_MU)) != 0)
		return fcx_fail(err, FC_EFAIL, "ML-DSA signing: unknown flags");
	if (siglen != k->p->sig)
		return fcx_fail(err, FC_EFAIL, "ML-DSA signing: wrong signature length");
	if (ctxlen > CTX_MAX || (mu && (inlen != MU_LEN || ctxlen != 0)))
		return fcx_fail(err, FC_EFAIL,
			"ML-DSA signing: mu is 64 bytes without a context; a context is at most 255 bytes");
	if (rnd != NULL && (rndlen != RND_LEN || (flags & FC_SIG_DETERMINISTIC)))
		return fcx_fail(err, FC_EFAIL, "ML-DSA signing: rnd is 32 bytes, and not with FC_SIG_DETERMINISTIC");
	size_t n = siglen;
	int ok;
	const char *what;
	if (rnd == NULL && !(flags & FC_SIG_DETERMINISTIC)) {
		ok = sign_hedged(k, mu, in, inlen, ctx, ctxlen, sig, &n);
		what = mu ? "EVP_PKEY_sign" : "EVP_DigestSign";
	} else {
		static const uint8_t zero[RND_LEN];
		uint8_t pre[2 + CTX_MAX] = {0, (uint8_t)ctxlen}; /* pure mode: 0 || ctxlen || ctx */
		if (ctxlen > 0)
			memcpy(pre + 2, ctx, ctxlen);
		if (rnd == NULL)
			rnd = zero;
		ok = mu ? k->p->sign_mu(k->sk, sig, &n, in, inlen, NULL, 0, rnd) :
			  k->p->sign(k->sk, sig, &n, in, inlen, pre, 2 + ctxlen, rnd);
		what = mu ? "ml_dsa_extmu_sign_internal" : "ml_dsa_sign_internal";
	}
	if (!ok || n != siglen)
		return fcx_fail(err, FC_EFAIL, what);
	return FC_OK;
}

int fcx_sig_verify(void *p, int flags, const uint8_t *in, size_t inlen, const uint8_t *ctx, size_t ctxlen,
	const uint8_t *sig, size_t siglen, char **err)
{
	const fc_sig *k = p;
	int mu = (flags & FC_SIG_MU) != 0;
	if ((flags & ~(FC_SIG_DETERMINISTIC | FC_SIG_MU)) != 0)
		return fcx_fail(err, FC_EFAIL, "ML-DSA verification: unknown flags");
	if (ctxlen > CTX_MAX || (mu && (inlen != MU_LEN || ctxlen != 0)))
		return fcx_fail(err, FC_EFAIL,
			"ML-DSA verification: mu is 64 bytes without a context; a context is at most 255 bytes");
	if (siglen != k->p->sig)
		return FC_EAUTH; /* as AWS-LC answers it (INVALID_SIGNATURE), without making a context */
	int ok;
	if (mu) {
		EVP_PKEY_CTX *pctx = EVP_PKEY_CTX_new(k->pkey, NULL);
		if (pctx == NULL || !EVP_PKEY_verify_init(pctx)) {
			EVP_PKEY_CTX_free(pctx);
			return fcx_fail(err, FC_EFAIL, "EVP_PKEY_verify_init");
		}
		ok = EVP_PKEY_verify(pctx, sig, siglen, in, inlen);
		EVP_PKEY_CTX_free(pctx);
	} else {
		EVP_MD_CTX *md = EVP_MD_CTX_new();
		EVP_PKEY_CTX *pctx = NULL; /* owned by md */
		if (md == NULL || !EVP_DigestVerifyInit(md, &pctx, NULL, NULL, k->pkey) ||
			(ctxlen > 0 && !EVP_PKEY_CTX_set1_signature_context_string(pctx, ctx, ctxlen))) {
			EVP_MD_CTX_free(md);
			return fcx_fail(err, FC_EFAIL, "EVP_DigestVerifyInit");
		}
		ok = EVP_DigestVerify(md, sig, siglen, in, inlen);
		EVP_MD_CTX_free(md);
	}
	if (ok)
		return FC_OK;
	ERR_clear_error();
	return FC_EAUTH;
}

/* The same slot functions as the Go side calls, in a C loop. */
int fcx_sig_floor(int op, long iters, int kind, void *k, const uint8_t *in, size_t n, const uint8_t *aux,
	size_t auxlen)
{
	const sig_params *p = sig_kind(kind);
	uint8_t sig[DSA_SIG_MAX];
	int ok = p != NULL;
	switch (ok ? op : 0) {
	case FC_FLOOR_SIG_GENERATE:
		for (long i = 0; ok && i < iters; i++) {
			void *g = NULL;
			ok = fcx_sig_generate(kind, &g, NULL) == FC_OK;
			fcx_sig_free(g);
		}
		break;
	case FC_FLOOR_SIG_SIGN:
		ok = k != NULL;
		for (long i = 0; ok && i < iters; i++)
			ok = fcx_sig_sign(k, 0, in, n, NULL, 0, NULL, 0, sig, p->sig, NULL) == FC_OK;
		break;
	case FC_FLOOR_SIG_VERIFY:
		ok = k != NULL;
		for (long i = 0; ok && i < iters; i++)
			ok = fcx_sig_verify(k, 0, in, n, NULL, 0, aux, auxlen, NULL) == FC_OK;
		break;
	case FC_FLOOR_SIG_IMPORT_PUBLIC:
		for (long i = 0; ok && i < iters; i++) {
			void *g = NULL;
			ok = fcx_sig_new(kind, NULL, 0, in, n, &g, NULL) == FC_OK;
			fcx_sig_free(g);
		}
		break;
	default: ok = 0;
	}
	return ok ? FC_OK : fcx_fail(NULL, FC_EFAIL, NULL);
}
