//go:build awslc

/*
 * forkcrypto's public keys (the pkey_* slots) on AWS-LC. As this file meets it:
 *  - Public keys use the native per-algorithm APIs, no EVP_PKEY: EC_KEY on the
 *    static EC_group_p*() groups with ECDSA_sign/ECDSA_verify/ECDH_compute_key;
 *    the curve25519.h one-shots on raw bytes; RSA through RSA_new_private_key /
 *    RSA_new_public_key, which validate (the private one runs RSA_check_key),
 *    and RSA_sign / RSA_sign_raw / RSA_*_pss_mgf1 / RSA_encrypt / RSA_decrypt.
 *  - RSA_verify_pss_mgf1 takes salt -2 as "recover from the signature", the
 *    contract's FC_SALT_AUTO; -1 is the digest length.
 *  - OAEP with its own MGF1 digest or a label is only reachable through an
 *    EVP_PKEY_CTX (set0_rsa_oaep_label takes an OPENSSL_malloc'd label); one
 *    is made per call so that keys stay immutable.
 *  - RSA_decrypt (and EVP_PKEY_decrypt) insist on a modulus-sized output
 *    buffer; RSA_sign, RSA_sign_raw and RSA_encrypt do too.
 *  - Private RSA operations still take the RSA's internal lock for its
 *    blinding cache; nothing of ours locks.
 */
#include "fork.h"

/* ---- public keys ---- */

/*
 * A key is a small struct of our own, immutable after pkey_new/pkey_generate.
 * EC keys are EC_KEYs on AWS-LC's static groups, RSA keys RSAs; Ed25519 and
 * X25519 keys are raw bytes for the curve25519.h one-shots.
 */
typedef struct {
	int kind;
	int priv; /* holds the private half */
	EC_KEY *ec;
	RSA *rsa;
	uint8_t pub[32]; /* Ed25519, X25519 */
	uint8_t sk[64]; /* Ed25519: seed || public key (AWS-LC's private key form); X25519: the scalar */
} fc_pkey;

static const EC_GROUP *ec_group(int kind)
{
	return kind >= FC_PKEY_P224 && kind <= FC_PKEY_P521 ? fcx_groups[kind] : NULL;
}

static size_t ec_size(const EC_GROUP *g) { return (EC_GROUP_get_degree(g) + 7) / 8; }

static int pkey_is_rsa_md(int md) { return fcx_valid_md(md) && !fcx_is_xof(md); }

void fcx_pkey_free(void *p)
{
	fc_pkey *k = p;
	if (k == NULL)
		return;
	EC_KEY_free(k->ec);
	RSA_free(k->rsa);
	OPENSSL_cleanse(k, sizeof *k);
	free(k);
}

static int has(const size_t *lens, int part) { return lens[part] != 0; }

static int ec_new(fc_pkey *k, const EC_GROUP *g, const uint8_t *const *parts, const size_t *lens, char **err)
{
	size_t size = ec_size(g);
	const uint8_t *pub = parts[FC_PART_PUB];
	size_t publen = lens[FC_PART_PUB];
	if (publen != 0 && (publen != 1 + 2 * size || pub[0] != POINT_CONVERSION_UNCOMPRESSED))
		return fcx_fail(err, FC_EINVALIDKEY, "EC public key is not an uncompressed point of the curve's size");
	if (!has(lens, FC_PART_PRIV) && publen == 0)
		return fcx_fail(err, FC_EINVALIDKEY, "EC key has neither a public nor a private part");
	int st = FC_EFAIL;
	const char *what = "EC_KEY_new";
	BIGNUM *d = NULL;
	EC_POINT *pt = NULL;
	EC_KEY *ec = EC_KEY_new();
	if (ec == NULL || !EC_KEY_set_group(ec, g))
		goto out;
	if (!has(lens, FC_PART_PRIV)) {
		/* o2i_ECPublicKey decodes into the key's own point (EC_POINT_oct2point: on-curve check) without the
		 * copy EC_KEY_set_public_key makes: about 310 against 345 ns per P-256 import. */
		if (o2i_ECPublicKey(&ec, &pub, (long)publen) == NULL) {
			st = FC_EINVALIDKEY, what = "EC point is not on the curve";
			goto out;
		}
		k->ec = ec, ec = NULL;
		st = FC_OK;
		goto out;
	}
	if ((pt = EC_POINT_new(g)) == NULL)
		goto out;
	{
		uint8_t derived[1 + 2 * EC_MAX];
		st = FC_EINVALIDKEY;
		what = "EC private scalar is not in [1, n-1]";
		if (lens[FC_PART_PRIV] != size)
			goto out;
		if ((d = BN_bin2bn(parts[FC_PART_PRIV], size, NULL)) == NULL) {
			st = FC_EFAIL, what = "BN_bin2bn";
			goto out;
		}
		if (BN_is_zero(d) || BN_cmp(d, EC_GROUP_get0_order(g)) >= 0)
			goto out;
		st = FC_EFAIL, what = "deriving the EC public point";
		if (!EC_KEY_set_private_key(ec, d) || !EC_POINT_mul(g, pt, d, NULL, NULL, NULL))
			goto out;
		if (publen != 0) {
			size_t n = EC_POINT_point2oct(g, pt, POINT_CONVERSION_UNCOMPRESSED, derived, sizeof derived, NULL);
			if (n != publen || memcmp(derived, pub, n) != 0) {
				st = FC_EINVALIDKEY, what = "EC public point does not match the private scalar";
				goto out;
			}
		}
		k->priv = 1;
	}
	what = "EC_KEY_set_public_key";
	if (!EC_KEY_set_public_key(ec, pt))
		goto out;
	k->ec = ec, ec = NULL;
	st = FC_OK;
out:
	BN_clear_free(d);
	EC_POINT_free(pt);
	EC_KEY_free(ec);
	return st == FC_OK ? FC_OK : fcx_fail(err, st, what);
}

static BIGNUM *part_bn(const uint8_t *const *parts, const size_t *lens, int part)
{
	return lens[part] ? BN_bin2bn(parts[part], lens[part], NULL) : NULL;
}

/* The CRT values the caller left out, from d, p and q; qinv by Fermat, since p is prime. */
static int rsa_crt(BIGNUM **dp, BIGNUM **dq, BIGNUM **qinv, const BIGNUM *d, const BIGNUM *p, const BIGNUM *q)
{
	BN_CTX *ctx = BN_CTX_new();
	BIGNUM *t = BN_new(), *qmodp = BN_new();
	int ok = ctx != NULL && t != NULL && qmodp != NULL;
	if (ok && *dp == NULL)
		ok = (*dp = BN_new()) != NULL && BN_sub(t, p, BN_value_one()) && BN_mod(*dp, d, t, ctx);
	if (ok && *dq == NULL)
		ok = (*dq = BN_new()) != NULL && BN_sub(t, q, BN_value_one()) && BN_mod(*dq, d, t, ctx);
	if (ok && *qinv == NULL)
		ok = (*qinv = BN_new()) != NULL && BN_nnmod(qmodp, q, p, ctx) && BN_copy(t, p) &&
			BN_sub_word(t, 2) && BN_mod_exp_mont_consttime(*qinv, qmodp, t, p, ctx, NULL);
	BN_clear_free(t);
	BN_clear_free(qmodp);
	BN_CTX_free(ctx);
	return ok;
}

static int rsa_new(fc_pkey *k, const uint8_t *const *parts, const size_t *lens, char **err)
{
	if (!has(lens, FC_PART_PUB) || !has(lens, FC_PART_E))
		return fcx_fail(err, FC_EINVALIDKEY, "RSA key needs n and e");
	if (has(lens, FC_PART_PRIV) && (!has(lens, FC_PART_P) || !has(lens, FC_PART_Q)))
		return fcx_fail(err, FC_EINVALIDKEY, "RSA private key needs p and q");
	BIGNUM *n = part_bn(parts, lens, FC_PART_PUB), *e = part_bn(parts, lens, FC_PART_E);
	BIGNUM *d = NULL, *p = NULL, *q = NULL, *dp = NULL, *dq = NULL, *qinv = NULL;
	int st = FC_EFAIL;
	const char *what = "BN_bin2bn";
	if (n == NULL || e == NULL)
		goto out;
	if (!has(lens, FC_PART_PRIV)) {
		/* RSA_set0_key hands n and e over without the copies RSA_new_public_key makes; RSA_check_key then
		 * runs the same public-key checks (n odd, sizes, e's range): 202 against 283 ns per RSA-2048 import. */
		what = "RSA_new";
		if ((k->rsa = RSA_new()) == NULL || !RSA_set0_key(k->rsa, n, e, NULL))
			goto out;
		n = e = NULL;
		st = RSA_check_key(k->rsa) ? FC_OK : FC_EINVALIDKEY;
		what = "RSA_check_key";
		goto out;
	}
	d = part_bn(parts, lens, FC_PART_PRIV), p = part_bn(parts, lens, FC_PART_P), q = part_bn(parts, lens, FC_PART_Q);
	dp = part_bn(parts, lens, FC_PART_DP), dq = part_bn(parts, lens, FC_PART_DQ);
	qinv = part_bn(parts, lens, FC_PART_QINV);
	if (d == NULL || p == NULL || q == NULL)
		goto out;
	if (BN_is_zero(p) || BN_is_zero(q) || BN_is_odd(p) == 0 || BN_is_odd(q) == 0) {
		st = FC_EINVALIDKEY, what = "RSA primes must be odd";
		goto out;
	}
	what = "computing the RSA CRT values";
	if ((dp == NULL || dq == NULL || qinv == NULL) && !rsa_crt(&dp, &dq, &qinv, d, p, q))
		goto out;
	/* RSA_new_private_key runs RSA_check_key: n = pq, d and the CRT values consistent. */
	st = (k->rsa = RSA_new_private_key(n, e, d, p, q, dp, dq, qinv)) != NULL ? FC_OK : FC_EINVALIDKEY;
	what = "RSA_new_private_key";
	k->priv = 1;
out:
	BN_free(n), BN_free(e), BN_free(p), BN_free(q);
	BN_clear_free(d), BN_clear_free(dp), BN_clear_free(dq), BN_clear_free(qinv);
	return st == FC_OK ? FC_OK : fcx_fail(err, st, what);
}

int fcx_pkey_new(int kind, const uint8_t *const *parts, const size_t *lens, void **out, char **err)
{
	fc_pkey *k = calloc(1, sizeof *k);
	if (k == NULL)
		return fcx_fail(err, FC_EFAIL, "out of memory");
	k->kind = kind;
	int st = FC_EINVALIDKEY;
	const uint8_t *pub = parts[FC_PART_PUB], *priv = parts[FC_PART_PRIV];
	size_t publen = lens[FC_PART_PUB], privlen = lens[FC_PART_PRIV];
	switch (kind) {
	case FC_PKEY_P224:
	case FC_PKEY_P256:
	case FC_PKEY_P384:
	case FC_PKEY_P521:
		st = ec_new(k, ec_group(kind), parts, lens, err);
		break;
	case FC_PKEY_ED25519:
	case FC_PKEY_X25519:
		if ((privlen != 0 && privlen != 32) || (publen != 0 && publen != 32) || (privlen == 0 && publen == 0)) {
			st = fcx_fail(err, FC_EINVALIDKEY, "curve25519 keys are 32 bytes");
			break;
		}
		if (privlen != 0) {
			k->priv = 1;
			if (kind == FC_PKEY_ED25519)
				ED25519_keypair_from_seed(k->pub, k->sk, priv);
			else
				memcpy(k->sk, priv, 32), X25519_public_from_private(k->pub, k->sk);
			if (publen != 0 && memcmp(k->pub, pub, 32) != 0) {
				st = fcx_fail(err, FC_EINVALIDKEY, "public key does not match the private key");
				break;
			}
		} else {
			memcpy(k->pub, pub, 32);
		}
		st = FC_OK;
		break;
	case FC_PKEY_RSA:
		st = rsa_new(k, parts, lens, err);
		break;
	default:
		st = fcx_fail(err, FC_EUNSUPPORTED, "unknown key kind");
	}
	if (st != FC_OK) {
		fcx_pkey_free(k);
		return st;
	}
	*out = k;
	return FC_OK;
}

int fcx_pkey_generate(int kind, int bits, void **out, char **err)
{
	fc_pkey *k = calloc(1, sizeof *k);
	if (k == NULL)
		return fcx_fail(err, FC_EFAIL, "out of memory");
	k->kind = kind;
	k->priv = 1;
	int ok = 0;
	const char *what = "unknown key kind";
	switch (kind) {
	case FC_PKEY_P224:
	case FC_PKEY_P256:
	case FC_PKEY_P384:
	case FC_PKEY_P521:
		what = "EC_KEY_generate_key";
		ok = (k->ec = EC_KEY_new()) != NULL && EC_KEY_set_group(k->ec, ec_group(kind)) &&
			EC_KEY_generate_key(k->ec);
		break;
	case FC_PKEY_ED25519:
		ED25519_keypair(k->pub, k->sk);
		ok = 1;
		break;
	case FC_PKEY_X25519:
		X25519_keypair(k->pub, k->sk);
		ok = 1;
		break;
	case FC_PKEY_RSA: {
		BIGNUM *e = BN_new();
		what = "RSA_generate_key_ex";
		ok = e != NULL && BN_set_word(e, RSA_F4) && (k->rsa = RSA_new()) != NULL &&
			RSA_generate_key_ex(k->rsa, bits, e, NULL);
		BN_free(e);
		break;
	}
	}
	if (!ok) {
		fcx_pkey_free(k);
		return fcx_fail(err, kind > 0 && kind < FC_PKEY_COUNT ? FC_EFAIL : FC_EUNSUPPORTED, what);
	}
	*out = k;
	return FC_OK;
}

static int put(uint8_t *out, size_t cap, size_t *len, const uint8_t *src, size_t n)
{
	*len = n;
	if (out == NULL)
		return FC_OK;
	if (cap < n)
		return FC_EFAIL;
	memcpy(out, src, n);
	return FC_OK;
}

static int put_bn(uint8_t *out, size_t cap, size_t *len, const BIGNUM *bn, size_t padded)
{
	if (bn == NULL)
		return FC_EFAIL;
	size_t n = padded ? padded : BN_num_bytes(bn);
	*len = n;
	if (out == NULL)
		return FC_OK;
	if (cap < n)
		return FC_EFAIL;
	return (padded ? BN_bn2bin_padded(out, n, bn) : (BN_bn2bin(bn, out), 1)) ? FC_OK : fcx_fail(NULL, FC_EFAIL, NULL);
}

int fcx_pkey_get(const void *p, int part, uint8_t *out, size_t cap, size_t *len)
{
	const fc_pkey *k = p;
	if (part == FC_PART_PRIV && !k->priv)
		return FC_EFAIL;
	switch (k->kind) {
	case FC_PKEY_ED25519:
	case FC_PKEY_X25519:
		if (part == FC_PART_PUB)
			return put(out, cap, len, k->pub, 32);
		if (part == FC_PART_PRIV)
			return put(out, cap, len, k->sk, 32);
		return FC_EFAIL;
	case FC_PKEY_RSA: {
		const BIGNUM *bn[FC_PART_COUNT] = {NULL};
		RSA_get0_key(k->rsa, &bn[FC_PART_PUB], &bn[FC_PART_E], &bn[FC_PART_PRIV]);
		RSA_get0_factors(k->rsa, &bn[FC_PART_P], &bn[FC_PART_Q]);
		RSA_get0_crt_params(k->rsa, &bn[FC_PART_DP], &bn[FC_PART_DQ], &bn[FC_PART_QINV]);
		return part >= 0 && part < FC_PART_COUNT ? put_bn(out, cap, len, bn[part], 0) : FC_EFAIL;
	}
	}
	if (k->ec == NULL)
		return FC_EFAIL;
	const EC_GROUP *g = EC_KEY_get0_group(k->ec);
	if (part == FC_PART_PRIV)
		return put_bn(out, cap, len, EC_KEY_get0_private_key(k->ec), ec_size(g));
	if (part != FC_PART_PUB)
		return FC_EFAIL;
	uint8_t buf[1 + 2 * EC_MAX];
	size_t n = EC_POINT_point2oct(g, EC_KEY_get0_public_key(k->ec), POINT_CONVERSION_UNCOMPRESSED, buf, sizeof buf,
		NULL);
	return n != 0 ? put(out, cap, len, buf, n) : fcx_fail(NULL, FC_EFAIL, NULL);
}

static int rsa_sign(fc_pkey *k, int md, int pad, int saltlen, const uint8_t *in, size_t inlen, uint8_t *sig,
	size_t *siglen, char **err)
{
	size_t cap = *siglen;
	if (cap < RSA_size(k->rsa))
		return fcx_fail(err, FC_EFAIL, "signature buffer smaller than the modulus");
	if (md != 0 && !pkey_is_rsa_md(md))
		return fcx_fail(err, FC_EUNSUPPORTED, "digest not available for RSA in AWS-LC");
	int ok;
	switch (pad) {
	case FC_PAD_PKCS1:
		if (md == 0) {
			ok = RSA_sign_raw(k->rsa, siglen, sig, cap, in, inlen, RSA_PKCS1_PADDING);
		} else {
			unsigned n = 0;
			ok = RSA_sign(EVP_MD_type(fcx_mds[md]), in, inlen, sig, &n, k->rsa);
			*siglen = n;
		}
		break;
	case FC_PAD_PSS:
		ok = md != 0 && RSA_sign_pss_mgf1(k->rsa, siglen, sig, cap, in, inlen, fcx_mds[md], NULL, saltlen);
		break;
	default: return fcx_fail(err, FC_EUNSUPPORTED, "RSA signatures take PKCS #1 v1.5 or PSS padding");
	}
	return ok ? FC_OK : fcx_fail(err, FC_EFAIL, "RSA signing");
}

int fcx_pkey_sign(void *p, int md, int pad, int saltlen, const uint8_t *in, size_t inlen, uint8_t *sig,
	size_t *siglen, char **err)
{
	fc_pkey *k = p;
	if (!k->priv)
		return fcx_fail(err, FC_EFAIL, "signing needs a private key");
	switch (k->kind) {
	case FC_PKEY_ED25519:
		if (*siglen < 64)
			return fcx_fail(err, FC_EFAIL, "signature buffer too small");
		*siglen = 64;
		return ED25519_sign(sig, in, inlen, k->sk) ? FC_OK : fcx_fail(err, FC_EFAIL, "ED25519_sign");
	case FC_PKEY_RSA:
		return rsa_sign(k, md, pad, saltlen, in, inlen, sig, siglen, err);
	case FC_PKEY_X25519:
		return fcx_fail(err, FC_EUNSUPPORTED, "X25519 keys do not sign");
	}
	/* ECDSA: DER of at most ECDSA_size bytes; a short buffer gets the signature through a copy. */
	uint8_t tmp[160];
	unsigned n = 0;
	int direct = *siglen >= ECDSA_size(k->ec);
	if (!ECDSA_sign(0, in, inlen, direct ? sig : tmp, &n, k->ec))
		return fcx_fail(err, FC_EFAIL, "ECDSA_sign");
	if (!direct) {
		if (n > *siglen)
			return fcx_fail(err, FC_EFAIL, "signature buffer too small");
		memcpy(sig, tmp, n);
	}
	*siglen = n;
	return FC_OK;
}

static int rsa_verify(fc_pkey *k, int md, int pad, int saltlen, const uint8_t *in, size_t inlen, const uint8_t *sig,
	size_t siglen, char **err)
{
	if (md != 0 && !pkey_is_rsa_md(md))
		return fcx_fail(err, FC_EUNSUPPORTED, "digest not available for RSA in AWS-LC");
	switch (pad) {
	case FC_PAD_PKCS1:
		if (md == 0) {
			uint8_t buf[SIG_MAX];
			size_t n = 0;
			return RSA_verify_raw(k->rsa, &n, buf, sizeof buf, sig, siglen, RSA_PKCS1_PADDING) && n == inlen &&
				memcmp(buf, in, n) == 0;
		}
		return RSA_verify(EVP_MD_type(fcx_mds[md]), in, inlen, sig, siglen, k->rsa);
	case FC_PAD_PSS:
		/* AWS-LC takes -2 (FC_SALT_AUTO) as "recover the salt length from the signature". */
		return md != 0 && RSA_verify_pss_mgf1(k->rsa, in, inlen, fcx_mds[md], NULL, saltlen, sig, siglen);
	}
	return fcx_fail(err, FC_EUNSUPPORTED, "RSA signatures take PKCS #1 v1.5 or PSS padding");
}

int fcx_pkey_verify(void *p, int md, int pad, int saltlen, const uint8_t *in, size_t inlen, const uint8_t *sig,
	size_t siglen, char **err)
{
	fc_pkey *k = p;
	int ok;
	switch (k->kind) {
	case FC_PKEY_ED25519:
		ok = siglen == 64 && ED25519_verify(in, inlen, sig, k->pub);
		break;
	case FC_PKEY_RSA:
		ok = rsa_verify(k, md, pad, saltlen, in, inlen, sig, siglen, err);
		if (ok < 0)
			return ok; /* a set-up error, reported */
		break;
	case FC_PKEY_X25519:
		return fcx_fail(err, FC_EUNSUPPORTED, "X25519 keys do not verify");
	default:
		ok = ECDSA_verify(0, in, inlen, sig, siglen, k->ec);
	}
	if (ok)
		return FC_OK;
	ERR_clear_error();
	return FC_EAUTH;
}

int fcx_pkey_derive(void *p, const uint8_t *peer, size_t peerlen, uint8_t *out, size_t *outlen, char **err)
{
	fc_pkey *k = p;
	if (!k->priv)
		return fcx_fail(err, FC_EFAIL, "key agreement needs a private key");
	if (k->kind == FC_PKEY_X25519) {
		if (peerlen != 32)
			return fcx_fail(err, FC_EINVALIDKEY, "X25519 public keys are 32 bytes");
		if (*outlen < 32)
			return fcx_fail(err, FC_EFAIL, "output buffer too small");
		*outlen = 32;
		return X25519(out, k->sk, peer) ? FC_OK : fcx_fail(err, FC_EINVALIDKEY, "X25519 result is all zeros");
	}
	if (k->ec == NULL)
		return fcx_fail(err, FC_EUNSUPPORTED, "key kind does not agree keys");
	const EC_GROUP *g = EC_KEY_get0_group(k->ec);
	size_t size = ec_size(g);
	if (*outlen < size)
		return fcx_fail(err, FC_EFAIL, "output buffer too small");
	if (peerlen != 1 + 2 * size || peer[0] != POINT_CONVERSION_UNCOMPRESSED)
		return fcx_fail(err, FC_EINVALIDKEY, "EC peer is not an uncompressed point of the curve's size");
	EC_POINT *pt = EC_POINT_new(g);
	if (pt == NULL)
		return fcx_fail(err, FC_EFAIL, "EC_POINT_new");
	int st = FC_OK;
	if (!EC_POINT_oct2point(g, pt, peer, peerlen, NULL))
		st = fcx_fail(err, FC_EINVALIDKEY, "EC peer point is not on the curve");
	else if (ECDH_compute_key(out, size, pt, k->ec, NULL) != (int)size)
		st = fcx_fail(err, FC_EFAIL, "ECDH_compute_key");
	EC_POINT_free(pt);
	if (st == FC_OK)
		*outlen = size;
	return st;
}

/* OAEP with separate digests and a label needs an EVP_PKEY_CTX; one is made per call so the key stays immutable. */
static int rsa_oaep(fc_pkey *k, int decrypt, int md, int mgf1md, const uint8_t *label, size_t labellen,
	const uint8_t *in, size_t inlen, uint8_t *out, size_t *outlen, char **err)
{
	if (mgf1md == 0)
		mgf1md = md;
	if (!pkey_is_rsa_md(md) || !pkey_is_rsa_md(mgf1md))
		return fcx_fail(err, FC_EUNSUPPORTED, "digest not available for OAEP in AWS-LC");
	EVP_PKEY *pkey = EVP_PKEY_new();
	EVP_PKEY_CTX *ctx = NULL;
	uint8_t *l = NULL;
	int st = FC_EFAIL;
	int ok = pkey != NULL && EVP_PKEY_set1_RSA(pkey, k->rsa) && (ctx = EVP_PKEY_CTX_new(pkey, NULL)) != NULL &&
		(decrypt ? EVP_PKEY_decrypt_init(ctx) : EVP_PKEY_encrypt_init(ctx)) &&
		EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_OAEP_PADDING) && EVP_PKEY_CTX_set_rsa_oaep_md(ctx, fcx_mds[md]) &&
		EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, fcx_mds[mgf1md]);
	if (ok && labellen != 0) {
		/* set0 takes ownership of an OPENSSL_malloc'd label */
		ok = (l = OPENSSL_memdup(label, labellen)) != NULL && EVP_PKEY_CTX_set0_rsa_oaep_label(ctx, l, labellen);
		if (ok)
			l = NULL;
	}
	if (!ok) {
		st = fcx_fail(err, FC_EFAIL, "setting up RSA-OAEP");
	} else if (decrypt) {
		st = EVP_PKEY_decrypt(ctx, out, outlen, in, inlen) ? FC_OK : (ERR_clear_error(), FC_EAUTH);
	} else {
		st = EVP_PKEY_encrypt(ctx, out, outlen, in, inlen) ? FC_OK : fcx_fail(err, FC_EFAIL, "EVP_PKEY_encrypt");
	}
	OPENSSL_free(l);
	EVP_PKEY_CTX_free(ctx);
	EVP_PKEY_free(pkey);
	return st;
}

int fcx_pkey_crypt(void *p, int decrypt, int pad, int md, int mgf1md, const uint8_t *label, size_t labellen,
	const uint8_t *in, size_t inlen, uint8_t *out, size_t *outlen, char **err)
{
	fc_pkey *k = p;
	if (k->kind != FC_PKEY_RSA)
		return fcx_fail(err, FC_EUNSUPPORTED, "only RSA keys encrypt");
	if (pad != FC_PAD_PKCS1 && pad != FC_PAD_OAEP)
		return fcx_fail(err, FC_EUNSUPPORTED, "RSA encryption takes PKCS #1 v1.5 or OAEP padding");
	if (decrypt && !k->priv)
		return fcx_fail(err, FC_EFAIL, "decryption needs a private key");
	size_t size = RSA_size(k->rsa), cap = *outlen;
	if (!decrypt && cap < size)
		return fcx_fail(err, FC_EFAIL, "output buffer smaller than the modulus");
	/* AWS-LC decrypts only into a modulus-sized buffer: a smaller one goes through a copy. */
	uint8_t *dst = out, tmp[SIG_MAX];
	if (decrypt && cap < size) {
		if (size > sizeof tmp)
			return fcx_fail(err, FC_EFAIL, "modulus too large");
		dst = tmp;
	}
	size_t n = size;
	int st;
	if (pad == FC_PAD_OAEP)
		st = rsa_oaep(k, decrypt, md, mgf1md, label, labellen, in, inlen, dst, &n, err);
	else if (decrypt)
		st = RSA_decrypt(k->rsa, &n, dst, size, in, inlen, RSA_PKCS1_PADDING) ? FC_OK : (ERR_clear_error(), FC_EAUTH);
	else
		st = RSA_encrypt(k->rsa, &n, dst, size, in, inlen, RSA_PKCS1_PADDING) ? FC_OK
			: fcx_fail(err, FC_EFAIL, "RSA_encrypt");
	if (st == FC_OK && dst == tmp) {
		if (n > cap)
			st = fcx_fail(err, FC_EFAIL, "output buffer too small");
		else
			memcpy(out, tmp, n);
	}
	if (dst == tmp)
		OPENSSL_cleanse(tmp, size);
	if (st == FC_OK)
		*outlen = n;
	return st;
}
