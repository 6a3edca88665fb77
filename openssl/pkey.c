//go:build !libressl && !boringssl && !awslc

/*
 * forkcrypto's public keys (the pkey_* slots) on OpenSSL 3. As this file
 * meets it:
 *  - Keys are built with EVP_PKEY_fromdata from stack-built OSSL_PARAMs
 *    (the EC_KEY/RSA setters are deprecated). OSSL_PARAM integers are in
 *    native byte order, so RSA's big-endian parts are reversed on the way
 *    in. An EC public key is instead a duplicate of a per-curve parameters
 *    key with the point set (EVP_PKEY_set1_encoded_public_key): P-256 on
 *    3.0, 4.3 us against 17 us for fromdata (which builds a new EC_GROUP
 *    per key, OSSL_PARAM_BLD or not) and 108 us for d2i_PUBKEY. A legacy
 *    EC_KEY imports in 2.1 us but costs 22 us more at its first operation,
 *    when it is exported to the provider.
 *  - fromdata derives nothing: an EC private key's point is computed here
 *    with EC_POINT_mul, RSA's CRT values with BN when any is absent.
 *  - RSA's full check (EVP_PKEY_check, EVP_PKEY_pairwise_check) tests p and
 *    q for primality, 35 ms for RSA-2048, and EVP_PKEY_private_check only
 *    bounds d; so the arithmetic consistency (n = pq, d, CRT values) is
 *    checked with BN by fc_rsa_consistent, the check LibreSSL's package runs.
 *  - An EC point off the curve is refused by the provider's decoder
 *    (EC_POINT_oct2point, when the point is set); an X25519 result of all
 *    zeros by the derivation itself. 3.2+ answers a bad PKCS #1 v1.5
 *    padding with a random message (implicit rejection), which is switched
 *    off.
 *  - The FIPS provider has no X25519: its key management fetch fails at init.
 *  - A peer's public key is imported per derivation (the contract passes its
 *    bytes): 4-5 us for P-256 on 3.0. Each thread keeps the last peer it
 *    imported, so a sender that agrees with one recipient again and again
 *    (HPKE's Seal) imports it once per thread.
 */
#include "fork.h"

#include <pthread.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/obj_mac.h>
#include <openssl/rsa.h>

#include "fc_rsa_check.h"

/* The contract's curves: OpenSSL's group names, NIDs and field sizes in bytes. */
static const struct {
	const char *name;
	int nid;
	size_t size;
} curves[FC_PKEY_P521 + 1] = {
	[FC_PKEY_P224] = {"secp224r1", NID_secp224r1, 28},
	[FC_PKEY_P256] = {"prime256v1", NID_X9_62_prime256v1, 32},
	[FC_PKEY_P384] = {"secp384r1", NID_secp384r1, 48},
	[FC_PKEY_P521] = {"secp521r1", NID_secp521r1, 66},
};

/* Key management names; fetched once in init to learn what the providers offer. */
static const char *const keymgmt_names[FC_PKEY_COUNT] = {
	[FC_PKEY_P224] = "EC",
	[FC_PKEY_P256] = "EC",
	[FC_PKEY_P384] = "EC",
	[FC_PKEY_P521] = "EC",
	[FC_PKEY_ED25519] = "ED25519",
	[FC_PKEY_X25519] = "X25519",
	[FC_PKEY_RSA] = "RSA",
};

/*
 * Fetched once in fc_init; read-only afterwards (EC_POINT_mul takes a const
 * group, EVP_PKEY_dup a const key). ec_templates hold each curve's
 * parameters and no point: ec_public copies them.
 */
EC_GROUP *fcx_groups[FC_PKEY_P521 + 1];
static EVP_PKEY *ec_templates[FC_PKEY_P521 + 1];
static EVP_KEYMGMT *keymgmts[FC_PKEY_COUNT];

static int is_ec(int kind) { return kind >= FC_PKEY_P224 && kind <= FC_PKEY_P521; }

/* fromdata builds a key of keymgmt name from params. */
/*
 * One EVP_PKEY_CTX per key kind, made ready for fromdata once in fc_init and
 * shared by every thread: EVP_PKEY_fromdata only reads a context (its
 * operation and key management). A context per import cost 1.8 of the
 * 4.4 us of an RSA-2048 public import on 3.0 (the lookup by name and the
 * allocation).
 */
static EVP_PKEY_CTX *fromdata_ctxs[FC_PKEY_COUNT];

static EVP_PKEY *fromdata(int kind, int selection, OSSL_PARAM *params)
{
	EVP_PKEY *pkey = NULL;
	if (fromdata_ctxs[kind] == NULL || EVP_PKEY_fromdata(fromdata_ctxs[kind], &pkey, selection, params) <= 0)
		pkey = NULL;
	return pkey;
}

void fcx_init_pkey(void)
{
	for (int kind = 1; kind < FC_PKEY_COUNT; kind++) {
		keymgmts[kind] = EVP_KEYMGMT_fetch(NULL, keymgmt_names[kind], NULL);
		if ((is_ec(kind) || kind == FC_PKEY_RSA) && keymgmts[kind] != NULL &&
			(fromdata_ctxs[kind] = EVP_PKEY_CTX_new_from_name(NULL, keymgmt_names[kind], NULL)) != NULL &&
			EVP_PKEY_fromdata_init(fromdata_ctxs[kind]) <= 0) {
			EVP_PKEY_CTX_free(fromdata_ctxs[kind]);
			fromdata_ctxs[kind] = NULL;
		}
		if (is_ec(kind) && keymgmts[kind] != NULL) {
			fcx_groups[kind] = EC_GROUP_new_by_curve_name_ex(NULL, NULL, curves[kind].nid);
			OSSL_PARAM params[] = {
				OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, (char *)curves[kind].name, 0),
				OSSL_PARAM_construct_end(),
			};
			ec_templates[kind] = fromdata(kind, EVP_PKEY_KEY_PARAMETERS, params);
		}
		fcx_pkey_fips_refused[kind] = keymgmts[kind] == NULL && fcx_fips_enabled;
	}
	ERR_clear_error();
}

int fcx_pkey_available(int kind)
{
	return kind > 0 && kind < FC_PKEY_COUNT && keymgmts[kind] != NULL &&
		(!is_ec(kind) || (fcx_groups[kind] != NULL && ec_templates[kind] != NULL));
}

/* pkey_unavailable is the status for a kind the providers in force do not offer. */
static int pkey_unavailable(int kind, char **err)
{
	int refused = kind > 0 && kind < FC_PKEY_COUNT && fcx_pkey_fips_refused[kind];
	return fcx_fail(err, refused ? FC_EFIPS : FC_EUNSUPPORTED,
		refused ? "refused by the FIPS provider" : "key type not available");
}

void fcx_pkey_free(void *p)
{
	fc_pkey *k = p;
	if (k == NULL)
		return;
	EVP_PKEY_free(k->pkey);
	free(k);
}

static int pkey_wrap(int kind, int priv, EVP_PKEY *pkey, const uint8_t *pub, size_t publen, void **out, char **err)
{
	fc_pkey *k = calloc(1, sizeof *k);
	if (k == NULL) {
		EVP_PKEY_free(pkey);
		return fcx_fail(err, FC_EFAIL, "out of memory");
	}
	k->kind = kind, k->priv = priv, k->pkey = pkey;
	if (publen > sizeof k->pub) {
		fcx_pkey_free(k);
		return fcx_fail(err, FC_EFAIL, "public key too long");
	}
	memcpy(k->pub, pub, publen);
	k->publen = publen;
	*out = k;
	return FC_OK;
}

/*
 * ec_keypair imports an EC private key from its scalar d and the point derived
 * from it, with stack-built OSSL_PARAMs.
 */
static EVP_PKEY *ec_keypair(int kind, const uint8_t *pub, size_t publen, const BIGNUM *d)
{
	uint8_t priv[66];
	size_t size = curves[kind].size;
	/* An OSSL_PARAM integer is in native byte order. */
	if (BN_bn2nativepad(d, priv, (int)size) < 0)
		return NULL;
	OSSL_PARAM params[] = {
		OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, (char *)curves[kind].name, 0),
		OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, (void *)pub, publen),
		OSSL_PARAM_construct_BN(OSSL_PKEY_PARAM_PRIV_KEY, priv, size),
		OSSL_PARAM_construct_end(),
	};
	EVP_PKEY *pkey = fromdata(kind, EVP_PKEY_KEYPAIR, params);
	OPENSSL_cleanse(priv, sizeof priv);
	return pkey;
}

static int ec_pub_ok(int kind, const uint8_t *pub, size_t publen)
{
	return pub != NULL && publen == 1 + 2 * curves[kind].size && pub[0] == 4;
}

/*
 * ec_public imports an uncompressed point checked by ec_pub_ok. Setting it
 * decodes it with EC_POINT_oct2point, which rejects a point off the curve.
 */
static EVP_PKEY *ec_public(int kind, const uint8_t *pub, size_t publen)
{
	EVP_PKEY *pkey = EVP_PKEY_dup(ec_templates[kind]);
	if (pkey != NULL && EVP_PKEY_set1_encoded_public_key(pkey, pub, publen) <= 0) {
		EVP_PKEY_free(pkey);
		pkey = NULL;
	}
	return pkey;
}

/* The last peer key each thread imported for a derivation: public values only. */
typedef struct {
	int kind;
	size_t len;
	uint8_t pub[EC_PUB_MAX];
	EVP_PKEY *pkey;
} last_peer;

static pthread_key_t last_peer_key;
static pthread_once_t last_peer_once = PTHREAD_ONCE_INIT;
static int last_peer_ready;

static void last_peer_free(void *p)
{
	last_peer *e = p;
	EVP_PKEY_free(e->pkey);
	free(e);
}

static void last_peer_init(void)
{
	last_peer_ready = pthread_key_create(&last_peer_key, last_peer_free) == 0;
}

static EVP_PKEY *import_peer(int kind, const uint8_t *pub, size_t publen)
{
	if (is_ec(kind))
		return ec_pub_ok(kind, pub, publen) ? ec_public(kind, pub, publen) : NULL;
	if (pub == NULL || publen != 32)
		return NULL;
	return EVP_PKEY_new_raw_public_key_ex(NULL, "X25519", NULL, pub, publen);
}

/*
 * peer_key returns a reference to the peer key of kind encoded in pub, the
 * one this thread imported last when pub is the same, or NULL for an
 * invalid encoding or point.
 */
static EVP_PKEY *peer_key(int kind, const uint8_t *pub, size_t publen)
{
	pthread_once(&last_peer_once, last_peer_init);
	last_peer *e = last_peer_ready ? pthread_getspecific(last_peer_key) : NULL;
	if (e != NULL && e->kind == kind && e->len == publen && memcmp(e->pub, pub, publen) == 0 &&
	    EVP_PKEY_up_ref(e->pkey))
		return e->pkey;
	EVP_PKEY *pkey = import_peer(kind, pub, publen);
	if (pkey == NULL || !last_peer_ready || publen > sizeof e->pub || !EVP_PKEY_up_ref(pkey))
		return pkey;
	if (e == NULL && ((e = calloc(1, sizeof *e)) == NULL || pthread_setspecific(last_peer_key, e) != 0)) {
		free(e);
		EVP_PKEY_free(pkey); /* the reference taken for the cache */
		return pkey;
	}
	EVP_PKEY_free(e->pkey);
	e->kind = kind, e->len = publen, e->pkey = pkey;
	memcpy(e->pub, pub, publen);
	return pkey;
}

static int ec_new(int kind, const uint8_t *const *parts, const size_t *lens, void **k, char **err)
{
	const EC_GROUP *g = fcx_groups[kind];
	size_t size = curves[kind].size;
	const uint8_t *pub = parts[FC_PART_PUB];
	size_t publen = lens[FC_PART_PUB];
	if (publen != 0 && !ec_pub_ok(kind, pub, publen))
		return fcx_fail(err, FC_EINVALIDKEY, "EC public key is not an uncompressed point of the curve's size");
	if (lens[FC_PART_PRIV] == 0) {
		if (publen == 0)
			return fcx_fail(err, FC_EINVALIDKEY, "EC key has neither a public nor a private part");
		EVP_PKEY *pkey = ec_public(kind, pub, publen);
		if (pkey == NULL)
			return fcx_fail(err, FC_EINVALIDKEY, "EC public key rejected");
		return pkey_wrap(kind, 0, pkey, pub, publen, k, err);
	}
	if (parts[FC_PART_PRIV] == NULL || lens[FC_PART_PRIV] > size)
		return fcx_fail(err, FC_EINVALIDKEY, "EC private key longer than the curve size");

	/* OpenSSL does not derive the point on import: compute it from the scalar. */
	uint8_t derived[EC_PUB_MAX];
	size_t dlen = 0;
	int st = FC_EFAIL;
	const char *what = "EC private key import";
	EVP_PKEY *pkey = NULL;
	BN_CTX *bnctx = BN_CTX_secure_new();
	BIGNUM *d = BN_secure_new();
	EC_POINT *pt = EC_POINT_new(g);
	if (bnctx == NULL || d == NULL || pt == NULL)
		goto out;
	BN_set_flags(d, BN_FLG_CONSTTIME);
	if (BN_bin2bn(parts[FC_PART_PRIV], (int)lens[FC_PART_PRIV], d) == NULL)
		goto out;
	if (BN_is_zero(d) || BN_cmp(d, EC_GROUP_get0_order(g)) >= 0) {
		st = FC_EINVALIDKEY, what = "EC private scalar out of range";
		goto out;
	}
	if (!EC_POINT_mul(g, pt, d, NULL, NULL, bnctx) ||
		(dlen = EC_POINT_point2oct(g, pt, POINT_CONVERSION_UNCOMPRESSED, derived, sizeof derived, bnctx)) !=
			1 + 2 * size)
		goto out;
	if (publen != 0 && (publen != dlen || CRYPTO_memcmp(pub, derived, dlen) != 0)) {
		st = FC_EINVALIDKEY, what = "EC public point does not match the private scalar";
		goto out;
	}
	if ((pkey = ec_keypair(kind, derived, dlen, d)) == NULL)
		goto out;
	st = pkey_wrap(kind, 1, pkey, derived, dlen, k, err);
	pkey = NULL;
	what = NULL;
out:
	EVP_PKEY_free(pkey);
	EC_POINT_free(pt);
	BN_clear_free(d);
	BN_CTX_free(bnctx);
	return what == NULL ? st : fcx_fail(err, st, what);
}

/* ecx_new imports Ed25519 or X25519 from raw bytes; a private key's public half is derived. */
static int ecx_new(int kind, const uint8_t *const *parts, const size_t *lens, void **k, char **err)
{
	const char *name = keymgmt_names[kind];
	const uint8_t *pub = parts[FC_PART_PUB];
	size_t publen = lens[FC_PART_PUB];
	if ((publen != 0 && (pub == NULL || publen != 32)) ||
		(lens[FC_PART_PRIV] != 0 && (parts[FC_PART_PRIV] == NULL || lens[FC_PART_PRIV] != 32)))
		return fcx_fail(err, FC_EINVALIDKEY, "key part is not 32 bytes");
	if (lens[FC_PART_PRIV] == 0) {
		if (publen == 0)
			return fcx_fail(err, FC_EINVALIDKEY, "key has neither a public nor a private part");
		EVP_PKEY *pkey = EVP_PKEY_new_raw_public_key_ex(NULL, name, NULL, pub, publen);
		if (pkey == NULL)
			return fcx_fail(err, FC_EINVALIDKEY, "EVP_PKEY_new_raw_public_key_ex");
		return pkey_wrap(kind, 0, pkey, pub, publen, k, err);
	}
	EVP_PKEY *pkey = EVP_PKEY_new_raw_private_key_ex(NULL, name, NULL, parts[FC_PART_PRIV], 32);
	if (pkey == NULL)
		return fcx_fail(err, FC_EINVALIDKEY, "EVP_PKEY_new_raw_private_key_ex");
	uint8_t derived[32];
	size_t dlen = sizeof derived;
	if (!EVP_PKEY_get_raw_public_key(pkey, derived, &dlen) || dlen != 32) {
		EVP_PKEY_free(pkey);
		return fcx_fail(err, FC_EFAIL, "EVP_PKEY_get_raw_public_key");
	}
	if (publen != 0 && CRYPTO_memcmp(pub, derived, 32) != 0) {
		EVP_PKEY_free(pkey);
		return fcx_fail(err, FC_EINVALIDKEY, "public key does not match the private key");
	}
	return pkey_wrap(kind, 1, pkey, derived, dlen, k, err);
}

static int host_little_endian(void)
{
	const union {
		uint32_t u;
		uint8_t c[4];
	} one = {1};
	return one.c[0] == 1;
}

/* be_to_native copies the big-endian integer src into dst in native byte order, as OSSL_PARAM wants it. */
static void be_to_native(uint8_t *dst, const uint8_t *src, size_t n)
{
	if (!host_little_endian()) {
		memcpy(dst, src, n);
		return;
	}
	for (size_t i = 0; i < n; i++)
		dst[i] = src[n - 1 - i];
}

static const char *const rsa_param_names[FC_PART_COUNT] = {
	[FC_PART_PUB] = OSSL_PKEY_PARAM_RSA_N,
	[FC_PART_PRIV] = OSSL_PKEY_PARAM_RSA_D,
	[FC_PART_E] = OSSL_PKEY_PARAM_RSA_E,
	[FC_PART_P] = OSSL_PKEY_PARAM_RSA_FACTOR1,
	[FC_PART_Q] = OSSL_PKEY_PARAM_RSA_FACTOR2,
	[FC_PART_DP] = OSSL_PKEY_PARAM_RSA_EXPONENT1,
	[FC_PART_DQ] = OSSL_PKEY_PARAM_RSA_EXPONENT2,
	[FC_PART_QINV] = OSSL_PKEY_PARAM_RSA_COEFFICIENT1,
};

/* rsa_crt computes DP, DQ and QINV from d, p and q. */
static int rsa_crt(const BIGNUM *d, const BIGNUM *p, const BIGNUM *q, BIGNUM *dp, BIGNUM *dq, BIGNUM *qinv,
	BN_CTX *bnctx)
{
	BN_CTX_start(bnctx);
	BIGNUM *pm1 = BN_CTX_get(bnctx), *qm1 = BN_CTX_get(bnctx);
	int ok = qm1 != NULL && BN_sub(pm1, p, BN_value_one()) && BN_sub(qm1, q, BN_value_one()) &&
		BN_mod(dp, d, pm1, bnctx) && BN_mod(dq, d, qm1, bnctx) && BN_mod_inverse(qinv, q, p, bnctx) != NULL;
	BN_CTX_end(bnctx);
	return ok;
}

/*
 * rsa_new imports an RSA key through stack-built OSSL_PARAMs. The integers
 * arrive big-endian and OSSL_PARAM wants them in native order, so they are
 * converted into one scratch buffer (cleansed afterwards).
 */
static int rsa_new(const uint8_t *const *parts, const size_t *lens, void **k, char **err)
{
	int priv = lens[FC_PART_PRIV] != 0;
	if (lens[FC_PART_PUB] == 0 || lens[FC_PART_E] == 0 || parts[FC_PART_PUB] == NULL || parts[FC_PART_E] == NULL)
		return fcx_fail(err, FC_EINVALIDKEY, "RSA key lacks n or e");
	if (priv && (lens[FC_PART_P] == 0 || lens[FC_PART_Q] == 0 || parts[FC_PART_P] == NULL ||
			    parts[FC_PART_Q] == NULL || parts[FC_PART_PRIV] == NULL))
		return fcx_fail(err, FC_EINVALIDKEY, "RSA private key lacks P or Q");
	for (int i = 0; i < FC_PART_COUNT; i++)
		if (lens[i] > INT_MAX / 4)
			return fcx_fail(err, FC_EINVALIDKEY, "RSA key part too long");

	int crt = priv && (lens[FC_PART_DP] == 0 || lens[FC_PART_DQ] == 0 || lens[FC_PART_QINV] == 0);
	int nparts = priv ? FC_PART_COUNT : 0;
	BN_CTX *bnctx = NULL;
	BIGNUM *bn[FC_PART_COUNT] = {NULL};
	size_t sizes[FC_PART_COUNT] = {0}, total = 0;
	uint8_t *scratch = NULL;
	EVP_PKEY *pkey = NULL;
	EVP_PKEY_CTX *check = NULL;
	int st = FC_EFAIL;
	const char *what = "RSA key import";

	if (priv) {
		if ((bnctx = BN_CTX_secure_new()) == NULL)
			goto out;
		for (int i = 0; i < FC_PART_COUNT; i++) {
			int secret = i != FC_PART_PUB && i != FC_PART_E;
			if ((bn[i] = secret ? BN_secure_new() : BN_new()) == NULL)
				goto out;
			if (secret)
				BN_set_flags(bn[i], BN_FLG_CONSTTIME);
			if (lens[i] != 0 && BN_bin2bn(parts[i], (int)lens[i], bn[i]) == NULL)
				goto out;
		}
		if (BN_cmp(bn[FC_PART_P], BN_value_one()) <= 0 || BN_cmp(bn[FC_PART_Q], BN_value_one()) <= 0) {
			st = FC_EINVALIDKEY, what = "RSA prime too small"; /* rsa_crt would divide by zero */
			goto out;
		}
		/* Compute the CRT values; don't rely on fromdata to derive them (3.0 does not). */
		if (crt && !rsa_crt(bn[FC_PART_PRIV], bn[FC_PART_P], bn[FC_PART_Q], bn[FC_PART_DP], bn[FC_PART_DQ],
				   bn[FC_PART_QINV], bnctx)) {
			st = FC_EINVALIDKEY, what = "RSA CRT values cannot be computed from d, P and Q";
			goto out;
		}
		int c = fc_rsa_consistent(bn[FC_PART_PUB], bn[FC_PART_E], bn[FC_PART_PRIV], bn[FC_PART_P], bn[FC_PART_Q],
			bn[FC_PART_DP], bn[FC_PART_DQ], bn[FC_PART_QINV], bnctx);
		if (c <= 0) {
			st = c < 0 ? FC_EFAIL : FC_EINVALIDKEY, what = "RSA key is inconsistent";
			goto out;
		}
	}
	for (int i = 0; i < FC_PART_COUNT; i++) {
		int computed = crt && (i == FC_PART_DP || i == FC_PART_DQ || i == FC_PART_QINV);
		sizes[i] = computed ? (size_t)BN_num_bytes(bn[i]) : lens[i];
		if (i == FC_PART_PUB || i == FC_PART_E || priv)
			total += sizes[i];
	}
	if ((scratch = OPENSSL_secure_malloc(total ? total : 1)) == NULL)
		goto out;

	OSSL_PARAM params[FC_PART_COUNT + 1];
	int n = 0;
	uint8_t *w = scratch;
	for (int i = 0; i < FC_PART_COUNT; i++) {
		if (i != FC_PART_PUB && i != FC_PART_E && i >= nparts)
			continue;
		int computed = crt && (i == FC_PART_DP || i == FC_PART_DQ || i == FC_PART_QINV);
		if (computed) {
			if (BN_bn2nativepad(bn[i], w, (int)sizes[i]) < 0)
				goto out;
		} else {
			be_to_native(w, parts[i], sizes[i]);
		}
		params[n++] = OSSL_PARAM_construct_BN(rsa_param_names[i], w, sizes[i]);
		w += sizes[i];
	}
	params[n] = OSSL_PARAM_construct_end();
	if ((pkey = fromdata(FC_PKEY_RSA, priv ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY, params)) == NULL) {
		st = FC_EINVALIDKEY, what = "RSA key rejected";
		goto out;
	}
	if (priv) {
		/*
		 * The fork's own bound check on d. Its full check (EVP_PKEY_check and
		 * EVP_PKEY_pairwise_check run RSA_check_key_ex) would also catch a
		 * wrong d or CRT value, but tests p and q for primality: 35 ms for
		 * RSA-2048. fc_rsa_consistent above does the arithmetic part in microseconds.
		 */
		if ((check = EVP_PKEY_CTX_new_from_pkey(NULL, pkey, NULL)) == NULL)
			goto out;
		if (EVP_PKEY_private_check(check) != 1) {
			st = FC_EINVALIDKEY, what = "RSA key fails the consistency check";
			goto out;
		}
	}
	st = pkey_wrap(FC_PKEY_RSA, priv, pkey, NULL, 0, k, err);
	pkey = NULL;
	what = NULL;
out:
	EVP_PKEY_CTX_free(check);
	EVP_PKEY_free(pkey);
	if (scratch != NULL)
		OPENSSL_secure_clear_free(scratch, total ? total : 1);
	for (int i = 0; i < FC_PART_COUNT; i++)
		BN_clear_free(bn[i]);
	BN_CTX_free(bnctx);
	return what == NULL ? st : fcx_fail(err, st, what);
}

int fcx_pkey_new(int kind, const uint8_t *const *parts, const size_t *lens, void **k, char **err)
{
	if (!fcx_pkey_available(kind))
		return pkey_unavailable(kind, err);
	if (is_ec(kind))
		return ec_new(kind, parts, lens, k, err);
	if (kind == FC_PKEY_ED25519 || kind == FC_PKEY_X25519)
		return ecx_new(kind, parts, lens, k, err);
	return rsa_new(parts, lens, k, err);
}

int fcx_pkey_generate(int kind, int bits, void **k, char **err)
{
	if (!fcx_pkey_available(kind))
		return pkey_unavailable(kind, err);
	EVP_PKEY *pkey = NULL;
	/*
	 * An EC key is generated from the curve's parameters key: naming the
	 * group instead fetches the key management and builds an EC_GROUP per
	 * key (P-256 on 3.0: 35 us per key against 24 us this way).
	 */
	EVP_PKEY_CTX *ctx = is_ec(kind) ? EVP_PKEY_CTX_new_from_pkey(NULL, ec_templates[kind], NULL) :
					  EVP_PKEY_CTX_new_from_name(NULL, keymgmt_names[kind], NULL);
	int ok = ctx != NULL && EVP_PKEY_keygen_init(ctx) > 0;
	if (kind == FC_PKEY_RSA)
		ok = ok && bits > 0 && EVP_PKEY_CTX_set_rsa_keygen_bits(ctx, bits) > 0;
	ok = ok && EVP_PKEY_generate(ctx, &pkey) > 0;
	EVP_PKEY_CTX_free(ctx);
	if (!ok)
		return fcx_fail(err, FC_EFAIL, "EVP_PKEY_generate");

	uint8_t pub[EC_PUB_MAX];
	size_t publen = 0;
	if (is_ec(kind))
		ok = EVP_PKEY_get_octet_string_param(pkey, OSSL_PKEY_PARAM_PUB_KEY, pub, sizeof pub, &publen) &&
			ec_pub_ok(kind, pub, publen);
	else if (kind != FC_PKEY_RSA)
		ok = (publen = sizeof pub, EVP_PKEY_get_raw_public_key(pkey, pub, &publen)) && publen == 32;
	if (!ok) {
		EVP_PKEY_free(pkey);
		return fcx_fail(err, FC_EFAIL, "exporting the generated public key");
	}
	return pkey_wrap(kind, 1, pkey, pub, publen, k, err);
}

/* put copies n bytes to out as pkey_get's contract says. */
static int put(const uint8_t *src, size_t n, uint8_t *out, size_t cap, size_t *len)
{
	*len = n;
	if (out == NULL)
		return FC_OK;
	if (cap < n)
		return FC_EFAIL;
	memcpy(out, src, n);
	return FC_OK;
}

int fcx_pkey_get(const void *p, int part, uint8_t *out, size_t cap, size_t *len)
{
	const fc_pkey *k = p;
	*len = 0;
	if (k->kind != FC_PKEY_RSA) {
		if (part == FC_PART_PUB)
			return put(k->pub, k->publen, out, cap, len);
		if (part != FC_PART_PRIV || !k->priv)
			return FC_EFAIL;
	}
	if (is_ec(k->kind)) {
		size_t size = curves[k->kind].size;
		BIGNUM *d = NULL;
		*len = size;
		if (out == NULL)
			return FC_OK;
		int ok = cap >= size && EVP_PKEY_get_bn_param(k->pkey, OSSL_PKEY_PARAM_PRIV_KEY, &d) &&
			BN_bn2binpad(d, out, (int)size) == (int)size;
		BN_clear_free(d);
		return ok ? FC_OK : fcx_fail(NULL, FC_EFAIL, NULL);
	}
	if (k->kind != FC_PKEY_RSA) {
		uint8_t priv[32];
		size_t n = sizeof priv;
		if (!EVP_PKEY_get_raw_private_key(k->pkey, priv, &n))
			return fcx_fail(NULL, FC_EFAIL, NULL);
		int st = put(priv, n, out, cap, len);
		OPENSSL_cleanse(priv, sizeof priv);
		return st;
	}
	if (part < 0 || part >= FC_PART_COUNT || (part != FC_PART_PUB && part != FC_PART_E && !k->priv))
		return FC_EFAIL;
	BIGNUM *bn = NULL;
	if (!EVP_PKEY_get_bn_param(k->pkey, rsa_param_names[part], &bn))
		return fcx_fail(NULL, FC_EFAIL, NULL);
	size_t n = (size_t)BN_num_bytes(bn);
	int st = FC_OK;
	*len = n;
	if (out != NULL)
		st = cap >= n && BN_bn2bin(bn, out) == (int)n ? FC_OK : FC_EFAIL;
	BN_clear_free(bn);
	return st;
}

/* new_ctx returns a fresh context for one operation on k: keys are shared between threads, contexts are not. */
static EVP_PKEY_CTX *new_ctx(const fc_pkey *k) { return EVP_PKEY_CTX_new_from_pkey(NULL, k->pkey, NULL); }

/* rsa_sig_setup sets padding, digest and salt length on a signing or verifying context. */
static int rsa_sig_setup(EVP_PKEY_CTX *ctx, int md, int pad, int saltlen, int verify)
{
	if (md != 0 && !fcx_valid_md(md))
		return 0;
	switch (pad) {
	case FC_PAD_PKCS1:
		return EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) > 0 &&
			(md == 0 || EVP_PKEY_CTX_set_signature_md(ctx, fcx_mds[md]) > 0);
	case FC_PAD_PSS:
		if (md == 0)
			return 0;
		if (saltlen == FC_SALT_AUTO && verify)
			saltlen = RSA_PSS_SALTLEN_AUTO;
		else if (saltlen < 0)
			return 0;
		return EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PSS_PADDING) > 0 &&
			EVP_PKEY_CTX_set_signature_md(ctx, fcx_mds[md]) > 0 && EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, fcx_mds[md]) > 0 &&
			EVP_PKEY_CTX_set_rsa_pss_saltlen(ctx, saltlen) > 0;
	}
	return 0;
}

/*
 * with_room runs an operation that wants room for its largest output: into
 * out when cap allows, else into a temporary buffer (cleansed) whose result
 * is copied out when it fits.
 */
typedef int (*room_fn)(void *arg, uint8_t *out, size_t *outlen);

static int with_room(room_fn fn, void *arg, size_t max, uint8_t *out, size_t *outlen)
{
	if (*outlen >= max)
		return fn(arg, out, outlen);
	uint8_t *tmp = OPENSSL_malloc(max ? max : 1);
	size_t n = max;
	int ok = tmp != NULL && fn(arg, tmp, &n) && n <= *outlen;
	if (ok) {
		memcpy(out, tmp, n);
		*outlen = n;
	}
	if (tmp != NULL)
		OPENSSL_clear_free(tmp, max ? max : 1);
	return ok;
}

typedef struct {
	EVP_PKEY_CTX *ctx;
	EVP_MD_CTX *mctx;
	const uint8_t *in;
	size_t inlen;
	int decrypt;
} room_arg;

static int do_sign(void *p, uint8_t *out, size_t *outlen)
{
	room_arg *a = p;
	return EVP_PKEY_sign(a->ctx, out, outlen, a->in, a->inlen) > 0;
}

static int do_digest_sign(void *p, uint8_t *out, size_t *outlen)
{
	room_arg *a = p;
	return EVP_DigestSign(a->mctx, out, outlen, a->in, a->inlen) > 0;
}

int fcx_pkey_sign(void *p, int md, int pad, int saltlen, const uint8_t *in, size_t inlen, uint8_t *sig,
	size_t *siglen, char **err)
{
	fc_pkey *k = p;
	if (!k->priv)
		return fcx_fail(err, FC_EFAIL, "signing needs a private key");
	if (k->kind == FC_PKEY_X25519)
		return fcx_fail(err, FC_EUNSUPPORTED, "X25519 does not sign");
	size_t max = (size_t)EVP_PKEY_get_size(k->pkey);
	room_arg a = {.in = in, .inlen = inlen};
	int ok;
	if (k->kind == FC_PKEY_ED25519) {
		if (pad != FC_PAD_NONE)
			return fcx_fail(err, FC_EFAIL, "Ed25519 takes no padding");
		ok = (a.mctx = EVP_MD_CTX_new()) != NULL &&
			EVP_DigestSignInit_ex(a.mctx, NULL, NULL, NULL, NULL, k->pkey, NULL) > 0 &&
			with_room(do_digest_sign, &a, max, sig, siglen);
		EVP_MD_CTX_free(a.mctx);
		return ok ? FC_OK : fcx_fail(err, FC_EFAIL, "Ed25519 signing");
	}
	if (is_ec(k->kind) ? pad != FC_PAD_NONE : pad != FC_PAD_PKCS1 && pad != FC_PAD_PSS)
		return fcx_fail(err, FC_EFAIL, "padding not valid for this key");
	/* ECDSA: no digest set, so the provider signs a digest of any length. */
	ok = (a.ctx = new_ctx(k)) != NULL && EVP_PKEY_sign_init(a.ctx) > 0 &&
		(is_ec(k->kind) || rsa_sig_setup(a.ctx, md, pad, saltlen, 0)) && with_room(do_sign, &a, max, sig, siglen);
	EVP_PKEY_CTX_free(a.ctx);
	return ok ? FC_OK : fcx_fail(err, FC_EFAIL, "signing");
}

int fcx_pkey_verify(void *p, int md, int pad, int saltlen, const uint8_t *in, size_t inlen, const uint8_t *sig,
	size_t siglen, char **err)
{
	fc_pkey *k = p;
	int st = FC_EFAIL;
	if (k->kind == FC_PKEY_X25519)
		return fcx_fail(err, FC_EUNSUPPORTED, "X25519 does not verify");
	if (k->kind == FC_PKEY_ED25519) {
		if (pad != FC_PAD_NONE)
			return fcx_fail(err, FC_EFAIL, "Ed25519 takes no padding");
		EVP_MD_CTX *mctx = EVP_MD_CTX_new();
		if (mctx != NULL && EVP_DigestVerifyInit_ex(mctx, NULL, NULL, NULL, NULL, k->pkey, NULL) > 0)
			st = EVP_DigestVerify(mctx, sig, siglen, in, inlen) == 1 ? FC_OK : FC_EAUTH;
		EVP_MD_CTX_free(mctx);
	} else {
		if (is_ec(k->kind) ? pad != FC_PAD_NONE : pad != FC_PAD_PKCS1 && pad != FC_PAD_PSS)
			return fcx_fail(err, FC_EFAIL, "padding not valid for this key");
		EVP_PKEY_CTX *ctx = new_ctx(k);
		if (ctx != NULL && EVP_PKEY_verify_init(ctx) > 0 &&
			(is_ec(k->kind) || rsa_sig_setup(ctx, md, pad, saltlen, 1)))
			/* 0 is a bad signature, a negative value a malformed one: both are invalid. */
			st = EVP_PKEY_verify(ctx, sig, siglen, in, inlen) == 1 ? FC_OK : FC_EAUTH;
		EVP_PKEY_CTX_free(ctx);
	}
	if (st == FC_EAUTH)
		return fcx_fail(NULL, FC_EAUTH, NULL);
	return st == FC_OK ? FC_OK : fcx_fail(err, st, "verify setup");
}

static int do_derive(void *p, uint8_t *out, size_t *outlen)
{
	room_arg *a = p;
	return EVP_PKEY_derive(a->ctx, out, outlen) > 0;
}

int fcx_pkey_derive(void *p, const uint8_t *peer, size_t peerlen, uint8_t *out, size_t *outlen, char **err)
{
	fc_pkey *k = p;
	if (!k->priv || !(is_ec(k->kind) || k->kind == FC_PKEY_X25519))
		return fcx_fail(err, FC_EFAIL, "key agreement needs an EC or X25519 private key");
	EVP_PKEY *pk = peer_key(k->kind, peer, peerlen);
	if (pk == NULL)
		return fcx_fail(err, FC_EINVALIDKEY, is_ec(k->kind) ? "peer public key is not a point on the curve" :
									"peer public key is not 32 bytes");
	room_arg a = {0};
	size_t max = is_ec(k->kind) ? curves[k->kind].size : 32;
	/* The peer was checked above (on the curve, or any 32 bytes for X25519): no second validation. */
	int ok = (a.ctx = new_ctx(k)) != NULL && EVP_PKEY_derive_init(a.ctx) > 0 &&
		EVP_PKEY_derive_set_peer_ex(a.ctx, pk, 0) > 0;
	int st = FC_EFAIL;
	if (ok) {
		/* X25519: the provider fails the derivation when the result is all zeros (a low-order peer). */
		if (with_room(do_derive, &a, max, out, outlen)) {
			st = FC_OK;
			if (k->kind == FC_PKEY_X25519) {
				uint8_t acc = 0;
				for (size_t i = 0; i < *outlen; i++)
					acc |= out[i];
				st = acc != 0 ? FC_OK : FC_EINVALIDKEY;
			}
		} else if (k->kind == FC_PKEY_X25519) {
			st = FC_EINVALIDKEY;
		}
	}
	EVP_PKEY_CTX_free(a.ctx);
	EVP_PKEY_free(pk);
	return st == FC_OK ? FC_OK : fcx_fail(err, st, st == FC_EINVALIDKEY ? "X25519 result is all zeros" : "derive");
}

static int do_crypt(void *p, uint8_t *out, size_t *outlen)
{
	room_arg *a = p;
	if (a->decrypt)
		return EVP_PKEY_decrypt(a->ctx, out, outlen, a->in, a->inlen) > 0;
	return EVP_PKEY_encrypt(a->ctx, out, outlen, a->in, a->inlen) > 0;
}

int fcx_pkey_crypt(void *p, int decrypt, int pad, int md, int mgf1md, const uint8_t *label, size_t labellen,
	const uint8_t *in, size_t inlen, uint8_t *out, size_t *outlen, char **err)
{
	fc_pkey *k = p;
	if (k->kind != FC_PKEY_RSA || (decrypt && !k->priv))
		return fcx_fail(err, FC_EFAIL, "RSA encryption needs an RSA key (private to decrypt)");
	if (pad != FC_PAD_PKCS1 && (pad != FC_PAD_OAEP || !fcx_valid_md(md) || !fcx_valid_md(mgf1md)))
		return fcx_fail(err, FC_EFAIL, "padding or digest not available");
	room_arg a = {.in = in, .inlen = inlen, .decrypt = decrypt};
	int ok = (a.ctx = new_ctx(k)) != NULL &&
		(decrypt ? EVP_PKEY_decrypt_init(a.ctx) : EVP_PKEY_encrypt_init(a.ctx)) > 0;
	if (ok && pad == FC_PAD_PKCS1) {
		ok = EVP_PKEY_CTX_set_rsa_padding(a.ctx, RSA_PKCS1_PADDING) > 0;
#ifdef OSSL_ASYM_CIPHER_PARAM_IMPLICIT_REJECTION
		/* 3.2+ would return a random message for a bad padding; the contract wants the failure. */
		if (ok && decrypt) {
			unsigned int off = 0;
			OSSL_PARAM params[] = {
				OSSL_PARAM_construct_uint(OSSL_ASYM_CIPHER_PARAM_IMPLICIT_REJECTION, &off),
				OSSL_PARAM_construct_end(),
			};
			ok = EVP_PKEY_CTX_set_params(a.ctx, params) > 0;
		}
#endif
	} else if (ok) {
		ok = EVP_PKEY_CTX_set_rsa_padding(a.ctx, RSA_PKCS1_OAEP_PADDING) > 0 &&
			EVP_PKEY_CTX_set_rsa_oaep_md(a.ctx, fcx_mds[md]) > 0 &&
			EVP_PKEY_CTX_set_rsa_mgf1_md(a.ctx, fcx_mds[mgf1md]) > 0;
		if (ok && labellen > 0) {
			/* set0 takes ownership of the label, so it gets its own copy. */
			void *l = labellen <= INT_MAX ? OPENSSL_memdup(label, labellen) : NULL;
			ok = l != NULL && EVP_PKEY_CTX_set0_rsa_oaep_label(a.ctx, l, (int)labellen) > 0;
			if (!ok)
				OPENSSL_free(l);
		}
	}
	int st = FC_OK;
	if (!ok)
		st = fcx_fail(err, FC_EFAIL, "RSA encryption setup");
	else if (!with_room(do_crypt, &a, (size_t)EVP_PKEY_get_size(k->pkey), out, outlen))
		st = decrypt ? fcx_fail(NULL, FC_EAUTH, NULL) : fcx_fail(err, FC_EFAIL, "EVP_PKEY_encrypt");
	EVP_PKEY_CTX_free(a.ctx);
	return st;
}
