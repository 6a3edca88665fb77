//go:build libressl

/*
 * forkcrypto's ML-KEM (the kem_* slots) on LibreSSL: native, through the
 * public API of <openssl/mlkem.h> (LibreSSL 4.x exports all of it from
 * libcrypto). LibreSSL differs from the other forks in ways that shape this
 * file:
 *  - There is no EVP_PKEY for ML-KEM: keys are MLKEM_private_key and
 *    MLKEM_public_key of a rank (MLKEM768_RANK 3, MLKEM1024_RANK 4; no
 *    ML-KEM-512), each created uninitialised and initialised exactly once.
 *  - Every output (encoded key, seed, ciphertext, shared secret) is
 *    allocated by the library and freed by the caller; shared secrets and
 *    seeds are cleansed before they are freed.
 *  - MLKEM_generate_key draws the 64-byte seed d || z from the fork's RNG
 *    (arc4random) and gives it back, so a generated key has its seed.
 *    MLKEM_private_key_from_seed takes the same d || z;
 *    MLKEM_parse_private_key takes FIPS 203's expanded decapsulation key.
 *  - Encapsulation takes its randomness from the fork's RNG only: the
 *    variant with external entropy is internal (neither declared nor
 *    exported), so a caller's m gets FC_EUNSUPPORTED.
 *  - MLKEM_marshal_private_key writes FIPS 203's expanded decapsulation
 *    key (kem_get FC_PART_EXPANDED), the format MLKEM_parse_private_key reads.
 *  - MLKEM_encap takes a public key object: a decapsulation key keeps one
 *    made once by MLKEM_public_from_private.
 *  - MLKEM_decap returns the implicit-rejection secret for a wrong
 *    ciphertext of the right length, in constant time.
 * A key is never changed after creation (the library's functions take it
 * const), so any number of threads may use it. No FIPS module: nothing is
 * refused.
 */
#include "fork.h"

#define SEED_LEN 64
#define SS_LEN 32

typedef struct {
	int kind;
	int priv; /* a decapsulation key */
	int has_seed; /* seed holds d || z (imported from a seed, or generated) */
	MLKEM_private_key *dk; /* NULL for an encapsulation key */
	MLKEM_public_key *ek;
	size_t publen;
	uint8_t pub[1568]; /* the encoded encapsulation key */
	uint8_t seed[SEED_LEN];
} fc_kem;

/* Sizes of one parameter set; rank 0 for a kind the contract does not name. */
typedef struct {
	int rank;
	size_t ek, ct, dk;
} kem_sizes;

static kem_sizes sizes(int kind)
{
	switch (kind) {
	case FC_MLKEM768: return (kem_sizes){MLKEM768_RANK, 1184, 1088, 2400};
	case FC_MLKEM1024: return (kem_sizes){MLKEM1024_RANK, 1568, 1568, 3168};
	}
	return (kem_sizes){0, 0, 0, 0};
}

/* arg_fail refuses an argument (a size, a key of the wrong kind); the queue is cleared all the same. */
static int arg_fail(char **err, const char *what)
{
	ERR_clear_error();
	if (err != NULL)
		*err = strdup(what);
	return FC_EFAIL;
}

void fcx_kem_free(void *p)
{
	fc_kem *k = p;
	if (k == NULL)
		return;
	MLKEM_private_key_free(k->dk); /* zeroes the key */
	MLKEM_public_key_free(k->ek);
	OPENSSL_cleanse(k->seed, sizeof k->seed);
	free(k);
}

/* kem_alloc returns a zeroed key of kind with an uninitialised public key object, and, if priv, a private one. */
static fc_kem *kem_alloc(int kind, int rank, int priv)
{
	fc_kem *k = calloc(1, sizeof *k);
	if (k == NULL)
		return NULL;
	k->kind = kind;
	k->priv = priv;
	if ((k->ek = MLKEM_public_key_new(rank)) == NULL || (priv && (k->dk = MLKEM_private_key_new(rank)) == NULL)) {
		fcx_kem_free(k);
		return NULL;
	}
	return k;
}

/* finish_private sets a decapsulation key's public object and encoding from its private key. */
static int finish_private(fc_kem *k, size_t eklen)
{
	uint8_t *enc = NULL;
	size_t enclen = 0;
	if (!MLKEM_public_from_private(k->dk, k->ek) || !MLKEM_marshal_public_key(k->ek, &enc, &enclen))
		return 0;
	int ok = enclen == eklen && enclen <= sizeof k->pub;
	if (ok)
		memcpy(k->pub, enc, enclen), k->publen = enclen;
	free(enc);
	return ok;
}

int fcx_kem_new(int kind, const uint8_t *seed, size_t seedlen, const uint8_t *ek, size_t eklen, void **out,
	char **err)
{
	kem_sizes sz = sizes(kind);
	if (sz.rank == 0)
		return FC_EUNSUPPORTED;
	const int priv = ek == NULL;
	if (priv ? seed == NULL || (seedlen != SEED_LEN && seedlen != sz.dk) : seed != NULL || eklen != sz.ek)
		return arg_fail(err, "ML-KEM: a key needs a 64-byte seed, an expanded decapsulation key or an "
				     "encapsulation key of its parameter set's size");
	fc_kem *k = kem_alloc(kind, sz.rank, priv);
	if (k == NULL)
		return fcx_fail(err, FC_EFAIL, "ML-KEM: allocating the key");
	int st = FC_OK;
	if (!priv) {
		if (!MLKEM_parse_public_key(k->ek, ek, eklen))
			st = fcx_fail(err, FC_EINVALIDKEY, "MLKEM_parse_public_key: invalid encapsulation key");
		else
			memcpy(k->pub, ek, eklen), k->publen = eklen;
	} else if (seedlen == SEED_LEN) {
		if (!MLKEM_private_key_from_seed(k->dk, seed, seedlen) || !finish_private(k, sz.ek))
			st = fcx_fail(err, FC_EFAIL, "MLKEM_private_key_from_seed");
		else
			memcpy(k->seed, seed, SEED_LEN), k->has_seed = 1;
	} else {
		if (!MLKEM_parse_private_key(k->dk, seed, seedlen))
			st = fcx_fail(err, FC_EINVALIDKEY, "MLKEM_parse_private_key: invalid decapsulation key");
		else if (!finish_private(k, sz.ek))
			st = fcx_fail(err, FC_EFAIL, "MLKEM_public_from_private");
	}
	if (st != FC_OK) {
		fcx_kem_free(k);
		return st;
	}
	ERR_clear_error();
	*out = k;
	return FC_OK;
}

int fcx_kem_generate(int kind, void **out, char **err)
{
	kem_sizes sz = sizes(kind);
	if (sz.rank == 0)
		return FC_EUNSUPPORTED;
	fc_kem *k = kem_alloc(kind, sz.rank, 1);
	if (k == NULL)
		return fcx_fail(err, FC_EFAIL, "ML-KEM: allocating the key");
	uint8_t *enc = NULL, *seed = NULL;
	size_t enclen = 0, seedlen = 0;
	int ok = MLKEM_generate_key(k->dk, &enc, &enclen, &seed, &seedlen) && enclen == sz.ek &&
		seedlen == SEED_LEN && MLKEM_public_from_private(k->dk, k->ek);
	if (ok) {
		memcpy(k->pub, enc, enclen), k->publen = enclen;
		memcpy(k->seed, seed, SEED_LEN), k->has_seed = 1;
	}
	free(enc);
	if (seed != NULL)
		OPENSSL_cleanse(seed, seedlen), free(seed);
	if (!ok) {
		fcx_kem_free(k);
		return fcx_fail(err, FC_EFAIL, "MLKEM_generate_key");
	}
	ERR_clear_error();
	*out = k;
	return FC_OK;
}

int fcx_kem_get(const void *p, int part, uint8_t *out, size_t outlen)
{
	const fc_kem *k = p;
	if (k == NULL || out == NULL)
		return FC_EFAIL;
	switch (part) {
	case FC_PART_PUB:
		if (outlen != k->publen)
			return FC_EFAIL;
		memcpy(out, k->pub, outlen);
		return FC_OK;
	case FC_PART_PRIV:
		if (!k->has_seed || outlen != SEED_LEN)
			return FC_EFAIL;
		memcpy(out, k->seed, SEED_LEN);
		return FC_OK;
	case FC_PART_EXPANDED: {
		uint8_t *enc = NULL;
		size_t enclen = 0;
		int ok = k->priv && MLKEM_marshal_private_key(k->dk, &enc, &enclen) && enclen == outlen;
		if (ok)
			memcpy(out, enc, outlen);
		if (enc != NULL)
			OPENSSL_cleanse(enc, enclen), free(enc);
		ERR_clear_error();
		return ok ? FC_OK : FC_EFAIL;
	}
	}
	return FC_EFAIL;
}

int fcx_kem_encapsulate(void *p, const uint8_t *m, size_t mlen, uint8_t *ct, size_t ctlen, uint8_t *ss,
	size_t sslen, char **err)
{
	fc_kem *k = p;
	if (m != NULL || mlen != 0)
		return FC_EUNSUPPORTED; /* no public way to pass the randomness */
	if (k == NULL || ctlen != sizes(k->kind).ct || sslen != SS_LEN)
		return arg_fail(err, "ML-KEM encapsulation: wrong ciphertext or shared-secret size");
	uint8_t *c = NULL, *s = NULL;
	size_t clen = 0, slen = 0;
	int ok = MLKEM_encap(k->ek, &c, &clen, &s, &slen) && clen == ctlen && slen == sslen;
	if (ok)
		memcpy(ct, c, clen), memcpy(ss, s, slen);
	free(c);
	if (s != NULL)
		OPENSSL_cleanse(s, slen), free(s);
	if (!ok)
		return fcx_fail(err, FC_EFAIL, "MLKEM_encap");
	ERR_clear_error();
	return FC_OK;
}

int fcx_kem_decapsulate(void *p, const uint8_t *ct, size_t ctlen, uint8_t *ss, size_t sslen, char **err)
{
	fc_kem *k = p;
	if (k == NULL || !k->priv)
		return arg_fail(err, "ML-KEM decapsulation needs a decapsulation key");
	if (ct == NULL || ctlen != sizes(k->kind).ct || sslen != SS_LEN)
		return arg_fail(err, "ML-KEM decapsulation: wrong ciphertext or shared-secret size");
	uint8_t *s = NULL;
	size_t slen = 0;
	int ok = MLKEM_decap(k->dk, ct, ctlen, &s, &slen) && slen == sslen;
	if (ok)
		memcpy(ss, s, slen);
	if (s != NULL)
		OPENSSL_cleanse(s, slen), free(s);
	if (!ok)
		return fcx_fail(err, FC_EFAIL, "MLKEM_decap");
	ERR_clear_error();
	return FC_OK;
}
