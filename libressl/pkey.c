//go:build libressl

/*
 * forkcrypto's public keys (the pkey_* slots) on LibreSSL; their C reference
 * loop is in floor.c.
 *
 * Public keys (no OSSL_PARAM/fromdata, no encoded-point setter):
 *  - EC keys are EC_KEY built with the legacy setters: the point is decoded
 *    with EC_POINT_oct2point, the public point of a private key derived with
 *    EC_POINT_mul. ECDSA_sign/ECDSA_verify and ECDH_compute_key take the
 *    EC_KEY directly; no EVP_PKEY, no EVP_PKEY_CTX. The four groups and
 *    their orders are built once in init (EC_GROUP_get0_order is absent).
 *  - Ed25519 and X25519 are raw bytes run through curve25519.h (ED25519_sign
 *    takes the seed and the public key, X25519 refuses an all-zero result).
 *    The only missing piece, an Ed25519 public key from its seed, goes
 *    through EVP_PKEY_new_raw_private_key at import.
 *  - RSA is an RSA built with RSA_set0_*, checked by fc_rsa_consistent rather
 *    than RSA_check_key, which tests p and q for primality (11 ms for
 *    RSA-2048, about 70 times the standard library's whole import). PKCS #1 v1.5
 *    signs with RSA_sign (RSA_private_encrypt for md 0), PSS with
 *    RSA_padding_add_PKCS1_PSS_mgf1 / RSA_verify_PKCS1_PSS_mgf1 around
 *    RSA_NO_PADDING, whose sLen RSA_PSS_SALTLEN_AUTO recovers the salt.
 *    OAEP (separate MGF1 digest, label) runs on a fresh EVP_PKEY_CTX per
 *    operation, made from an EVP_PKEY kept in the key, so the padding check
 *    stays inside the fork's own decryption.
 *  - Length parameters are int (ECDSA_sign, RSA_*crypt, BN_bin2bn, the OAEP
 *    label): sizes are range-checked before the cast.
 */
#include "fork.h"

#include "fc_rsa_check.h"

/* ---- public keys ---- */

/* EC groups for the public keys. */
static const int ec_nids[FC_PKEY_COUNT] = {
	[FC_PKEY_P224] = NID_secp224r1,
	[FC_PKEY_P256] = NID_X9_62_prime256v1,
	[FC_PKEY_P384] = NID_secp384r1,
	[FC_PKEY_P521] = NID_secp521r1,
};

/* Built once in init; only read afterwards. */
EC_GROUP *fcx_ec_groups[FC_PKEY_COUNT];
static BIGNUM *ec_orders[FC_PKEY_COUNT];
static size_t ec_sizes[FC_PKEY_COUNT]; /* field size in bytes */

int fcx_is_ec(int kind) { return kind >= FC_PKEY_P224 && kind <= FC_PKEY_P521; }

int fcx_ec_init(void)
{
	for (int kind = FC_PKEY_P224; kind <= FC_PKEY_P521; kind++) {
		EC_GROUP *g = EC_GROUP_new_by_curve_name(ec_nids[kind]);
		BIGNUM *order = BN_new();
		if (g == NULL || order == NULL || !EC_GROUP_get_order(g, order, NULL)) {
			EC_GROUP_free(g);
			BN_free(order);
			return 0;
		}
		fcx_ec_groups[kind] = g;
		ec_orders[kind] = order;
		ec_sizes[kind] = ((size_t)EC_GROUP_get_degree(g) + 7) / 8;
	}
	return 1;
}

void fcx_pkey_free(void *p)
{
	fc_pkey *k = p;
	if (k == NULL)
		return;
	EC_KEY_free(k->ec); /* clears the private scalar */
	EVP_PKEY_free(k->evp);
	RSA_free(k->rsa); /* clears the private integers */
	OPENSSL_cleanse(k, sizeof *k);
	free(k);
}

/* bn_part returns a part as a BIGNUM, or NULL when it is absent or too long for BN_bin2bn's int. */
static BIGNUM *bn_part(const uint8_t *const *parts, const size_t *lens, int part)
{
	if (parts[part] == NULL || lens[part] == 0 || lens[part] > INT_MAX)
		return NULL;
	return BN_bin2bn(parts[part], (int)lens[part], NULL);
}

/* ec_point decodes an uncompressed point of kind's curve; NULL when it is malformed or off the curve. */
static EC_POINT *ec_point(const EC_GROUP *g, int kind, const uint8_t *p, size_t n)
{
	if (p == NULL || n != 1 + 2 * ec_sizes[kind] || p[0] != 0x04)
		return NULL;
	EC_POINT *pt = EC_POINT_new(g);
	if (pt == NULL || !EC_POINT_oct2point(g, pt, p, n, NULL) || EC_POINT_is_on_curve(g, pt, NULL) != 1) {
		EC_POINT_free(pt);
		return NULL;
	}
	return pt;
}

static int ec_import(fc_pkey *k, const uint8_t *const *parts, const size_t *lens, char **err)
{
	const EC_GROUP *g = fcx_ec_groups[k->kind];
	EC_POINT *given = NULL, *derived = NULL;
	BIGNUM *d = NULL;
	int st = FC_EINVALIDKEY;
	const char *what = "EC key";

	if (g == NULL)
		return FC_EUNSUPPORTED;
	if ((k->ec = EC_KEY_new()) == NULL || !EC_KEY_set_group(k->ec, g)) {
		st = FC_EFAIL, what = "EC_KEY_set_group";
		goto out;
	}
	if (lens[FC_PART_PRIV] == 0) {
		/*
		 * o2i_ECPublicKey decodes into the key's own point (EC_POINT_oct2point,
		 * which checks the curve equation), sparing ec_point's copy: about 20%
		 * of a P-256 import.
		 */
		const uint8_t *p = parts[FC_PART_PUB];
		size_t n = lens[FC_PART_PUB];
		if (n == 0) {
			what = "EC key without a public point";
			goto out;
		}
		if (p == NULL || n != 1 + 2 * ec_sizes[k->kind] || p[0] != 0x04 || !o2i_ECPublicKey(&k->ec, &p, (long)n)) {
			what = "EC point not on the curve";
			goto out;
		}
		st = FC_OK;
		goto out;
	}
	if (lens[FC_PART_PUB] > 0 &&
		(given = ec_point(g, k->kind, parts[FC_PART_PUB], lens[FC_PART_PUB])) == NULL) {
		what = "EC point not on the curve";
		goto out;
	}
	if ((d = bn_part(parts, lens, FC_PART_PRIV)) == NULL) {
		what = "EC private scalar";
		goto out;
	}
	BN_set_flags(d, BN_FLG_CONSTTIME);
	if (BN_is_zero(d) || BN_cmp(d, ec_orders[k->kind]) >= 0) {
		what = "EC private scalar out of range";
		goto out;
	}
	if ((derived = EC_POINT_new(g)) == NULL || !EC_POINT_mul(g, derived, d, NULL, NULL, NULL)) {
		st = FC_EFAIL, what = "EC_POINT_mul";
		goto out;
	}
	if (given != NULL && EC_POINT_cmp(g, derived, given, NULL) != 0) {
		what = "EC public point does not match the private scalar";
		goto out;
	}
	if (!EC_KEY_set_private_key(k->ec, d) || !EC_KEY_set_public_key(k->ec, derived)) {
		st = FC_EFAIL, what = "EC_KEY_set_private_key";
		goto out;
	}
	k->priv = 1;
	st = FC_OK;
out:
	BN_clear_free(d);
	EC_POINT_free(given);
	EC_POINT_free(derived);
	return st == FC_OK ? FC_OK : fcx_fail(err, st, what);
}

/* ed25519_public derives the public key from a seed; curve25519.h has no such function. */
static int ed25519_public(const uint8_t seed[32], uint8_t pub[32])
{
	EVP_PKEY *pk = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, seed, 32);
	size_t n = 32;
	int ok = pk != NULL && EVP_PKEY_get_raw_public_key(pk, pub, &n) && n == 32;
	EVP_PKEY_free(pk);
	return ok;
}

static const uint8_t x25519_base[32] = {9};

static int raw_import(fc_pkey *k, const uint8_t *const *parts, const size_t *lens, char **err)
{
	const uint8_t *pub = parts[FC_PART_PUB], *priv = parts[FC_PART_PRIV];
	size_t publen = lens[FC_PART_PUB], privlen = lens[FC_PART_PRIV];
	uint8_t derived[32];
	if ((publen > 0 && (pub == NULL || publen != 32)) || (privlen > 0 && (priv == NULL || privlen != 32)) ||
		(publen == 0 && privlen == 0))
		return fcx_fail(err, FC_EINVALIDKEY, "key parts must be 32 bytes");
	if (privlen == 0) {
		memcpy(k->pub, pub, 32);
		return FC_OK;
	}
	int ok = k->kind == FC_PKEY_ED25519 ? ed25519_public(priv, derived) : X25519(derived, priv, x25519_base);
	if (!ok)
		return fcx_fail(err, FC_EFAIL, "deriving the public key");
	if (publen > 0 && CRYPTO_memcmp(derived, pub, 32) != 0)
		return fcx_fail(err, FC_EINVALIDKEY, "public key does not match the private key");
	memcpy(k->pub, derived, 32);
	memcpy(k->seed, priv, 32);
	k->priv = 1;
	return FC_OK;
}

/* rsa_finish wraps k->rsa in the EVP_PKEY that the OAEP contexts are made from. */
static int rsa_finish(fc_pkey *k, char **err)
{
	if ((k->evp = EVP_PKEY_new()) == NULL || !EVP_PKEY_set1_RSA(k->evp, k->rsa))
		return fcx_fail(err, FC_EFAIL, "EVP_PKEY_set1_RSA");
	return FC_OK;
}

static int rsa_import(fc_pkey *k, const uint8_t *const *parts, const size_t *lens, char **err)
{
	BIGNUM *n = bn_part(parts, lens, FC_PART_PUB), *e = bn_part(parts, lens, FC_PART_E);
	BIGNUM *d = NULL, *p = NULL, *q = NULL, *dp = NULL, *dq = NULL, *qinv = NULL, *t = NULL;
	BN_CTX *ctx = NULL;
	int st = FC_EINVALIDKEY, priv = lens[FC_PART_PRIV] > 0;
	const char *what = "RSA key parts";

	if ((k->rsa = RSA_new()) == NULL) {
		st = FC_EFAIL, what = "RSA_new";
		goto out;
	}
	if (n == NULL || e == NULL)
		goto out;
	if (priv) {
		d = bn_part(parts, lens, FC_PART_PRIV);
		p = bn_part(parts, lens, FC_PART_P);
		q = bn_part(parts, lens, FC_PART_Q);
		if (d == NULL || p == NULL || q == NULL) {
			what = "RSA private key without P and Q";
			goto out;
		}
		BN_set_flags(d, BN_FLG_CONSTTIME);
		BN_set_flags(p, BN_FLG_CONSTTIME);
		BN_set_flags(q, BN_FLG_CONSTTIME);
		dp = bn_part(parts, lens, FC_PART_DP);
		dq = bn_part(parts, lens, FC_PART_DQ);
		qinv = bn_part(parts, lens, FC_PART_QINV);
		if (dp == NULL || dq == NULL || qinv == NULL) {
			/* DP = d mod (p-1), DQ = d mod (q-1), QINV = q^-1 mod p. */
			BN_clear_free(dp), BN_clear_free(dq), BN_clear_free(qinv);
			qinv = NULL;
			if ((ctx = BN_CTX_new()) == NULL || (t = BN_new()) == NULL || (dp = BN_new()) == NULL ||
				(dq = BN_new()) == NULL) {
				st = FC_EFAIL, what = "BN_new";
				goto out;
			}
			BN_set_flags(t, BN_FLG_CONSTTIME);
			if (!BN_sub(t, p, BN_value_one()) || !BN_mod(dp, d, t, ctx) || !BN_sub(t, q, BN_value_one()) ||
				!BN_mod(dq, d, t, ctx) || (qinv = BN_mod_inverse(NULL, q, p, ctx)) == NULL) {
				what = "computing the CRT values";
				goto out;
			}
		}
	}
	if (!RSA_set0_key(k->rsa, n, e, d)) {
		st = FC_EFAIL, what = "RSA_set0_key";
		goto out;
	}
	n = e = d = NULL;
	if (priv) {
		if (!RSA_set0_factors(k->rsa, p, q)) {
			st = FC_EFAIL, what = "RSA_set0_factors";
			goto out;
		}
		p = q = NULL;
		if (!RSA_set0_crt_params(k->rsa, dp, dq, qinv)) {
			st = FC_EFAIL, what = "RSA_set0_crt_params";
			goto out;
		}
		dp = dq = qinv = NULL;
		if (ctx == NULL && (ctx = BN_CTX_new()) == NULL) {
			st = FC_EFAIL, what = "BN_CTX_new";
			goto out;
		}
		int c = fc_rsa_consistent(RSA_get0_n(k->rsa), RSA_get0_e(k->rsa), RSA_get0_d(k->rsa), RSA_get0_p(k->rsa),
			RSA_get0_q(k->rsa), RSA_get0_dmp1(k->rsa), RSA_get0_dmq1(k->rsa), RSA_get0_iqmp(k->rsa), ctx);
		if (c != 1) {
			st = c < 0 ? FC_EFAIL : FC_EINVALIDKEY, what = "RSA key is inconsistent";
			goto out;
		}
		k->priv = 1;
	}
	BN_clear_free(t);
	BN_CTX_free(ctx);
	return rsa_finish(k, err);
out:
	BN_free(n), BN_free(e);
	BN_clear_free(d), BN_clear_free(p), BN_clear_free(q);
	BN_clear_free(dp), BN_clear_free(dq), BN_clear_free(qinv), BN_clear_free(t);
	BN_CTX_free(ctx);
	return fcx_fail(err, st, what);
}

int fcx_pkey_new(int kind, const uint8_t *const *parts, const size_t *lens, void **out, char **err)
{
	if (kind < FC_PKEY_P224 || kind >= FC_PKEY_COUNT)
		return fcx_fail(err, FC_EUNSUPPORTED, "unknown key kind");
	fc_pkey *k = calloc(1, sizeof *k);
	if (k == NULL)
		return fcx_fail(err, FC_EFAIL, "out of memory");
	k->kind = kind;
	int st;
	if (fcx_is_ec(kind))
		st = ec_import(k, parts, lens, err);
	else if (kind == FC_PKEY_RSA)
		st = rsa_import(k, parts, lens, err);
	else
		st = raw_import(k, parts, lens, err);
	if (st != FC_OK) {
		fcx_pkey_free(k);
		return st;
	}
	*out = k;
	return FC_OK;
}

int fcx_pkey_generate(int kind, int bits, void **out, char **err)
{
	if (kind < FC_PKEY_P224 || kind >= FC_PKEY_COUNT)
		return fcx_fail(err, FC_EUNSUPPORTED, "unknown key kind");
	fc_pkey *k = calloc(1, sizeof *k);
	if (k == NULL)
		return fcx_fail(err, FC_EFAIL, "out of memory");
	k->kind = kind;
	k->priv = 1;
	int st = FC_OK;
	if (fcx_is_ec(kind)) {
		if (fcx_ec_groups[kind] == NULL || (k->ec = EC_KEY_new()) == NULL || !EC_KEY_set_group(k->ec, fcx_ec_groups[kind]) ||
			!EC_KEY_generate_key(k->ec))
			st = fcx_fail(err, FC_EFAIL, "EC_KEY_generate_key");
	} else if (kind == FC_PKEY_ED25519) {
		ED25519_keypair(k->pub, k->seed);
	} else if (kind == FC_PKEY_X25519) {
		X25519_keypair(k->pub, k->seed);
	} else {
		BIGNUM *e = BN_new();
		if (bits <= 0 || e == NULL || !BN_set_word(e, RSA_F4) || (k->rsa = RSA_new()) == NULL ||
			!RSA_generate_key_ex(k->rsa, bits, e, NULL))
			st = fcx_fail(err, FC_EFAIL, "RSA_generate_key_ex");
		else
			st = rsa_finish(k, err);
		BN_free(e);
	}
	if (st != FC_OK) {
		fcx_pkey_free(k);
		return st;
	}
	*out = k;
	return FC_OK;
}

/* put copies n bytes of src out, or only reports n when out is NULL. */
static int put_bytes(const uint8_t *src, size_t n, uint8_t *out, size_t cap, size_t *len)
{
	*len = n;
	if (out == NULL)
		return FC_OK;
	if (cap < n)
		return FC_EFAIL;
	memcpy(out, src, n);
	return FC_OK;
}

static int put_bn(const BIGNUM *b, uint8_t *out, size_t cap, size_t *len)
{
	if (b == NULL)
		return FC_EFAIL;
	size_t n = (size_t)BN_num_bytes(b);
	*len = n;
	if (out == NULL)
		return FC_OK;
	if (cap < n)
		return FC_EFAIL;
	BN_bn2bin(b, out);
	return FC_OK;
}

int fcx_pkey_get(const void *p, int part, uint8_t *out, size_t cap, size_t *len)
{
	const fc_pkey *k = p;
	if (fcx_is_ec(k->kind)) {
		const EC_GROUP *g = EC_KEY_get0_group(k->ec);
		size_t size = ec_sizes[k->kind];
		if (part == FC_PART_PUB) {
			const EC_POINT *pt = EC_KEY_get0_public_key(k->ec);
			size_t n = 1 + 2 * size;
			*len = n;
			if (out == NULL)
				return pt != NULL ? FC_OK : FC_EFAIL;
			if (pt == NULL || cap < n ||
				EC_POINT_point2oct(g, pt, POINT_CONVERSION_UNCOMPRESSED, out, n, NULL) != n)
				return fcx_fail(NULL, FC_EFAIL, NULL);
			return FC_OK;
		}
		if (part == FC_PART_PRIV && k->priv) {
			const BIGNUM *d = EC_KEY_get0_private_key(k->ec);
			*len = size;
			if (out == NULL)
				return d != NULL ? FC_OK : FC_EFAIL;
			if (d == NULL || cap < size || BN_bn2binpad(d, out, (int)size) != (int)size)
				return fcx_fail(NULL, FC_EFAIL, NULL);
			return FC_OK;
		}
		return FC_EFAIL;
	}
	if (k->kind == FC_PKEY_ED25519 || k->kind == FC_PKEY_X25519) {
		if (part == FC_PART_PUB)
			return put_bytes(k->pub, 32, out, cap, len);
		if (part == FC_PART_PRIV && k->priv)
			return put_bytes(k->seed, 32, out, cap, len);
		return FC_EFAIL;
	}
	if (part != FC_PART_PUB && part != FC_PART_E && !k->priv)
		return FC_EFAIL;
	switch (part) {
	case FC_PART_PUB: return put_bn(RSA_get0_n(k->rsa), out, cap, len);
	case FC_PART_E: return put_bn(RSA_get0_e(k->rsa), out, cap, len);
	case FC_PART_PRIV: return put_bn(RSA_get0_d(k->rsa), out, cap, len);
	case FC_PART_P: return put_bn(RSA_get0_p(k->rsa), out, cap, len);
	case FC_PART_Q: return put_bn(RSA_get0_q(k->rsa), out, cap, len);
	case FC_PART_DP: return put_bn(RSA_get0_dmp1(k->rsa), out, cap, len);
	case FC_PART_DQ: return put_bn(RSA_get0_dmq1(k->rsa), out, cap, len);
	case FC_PART_QINV: return put_bn(RSA_get0_iqmp(k->rsa), out, cap, len);
	}
	return FC_EFAIL;
}

/* RSA signatures: in is a digest of md (md 0 with PKCS #1 v1.5: raw bytes), MGF1 over md for PSS. */
static int rsa_sign(fc_pkey *k, int md, int pad, int saltlen, const uint8_t *in, size_t inlen, uint8_t *sig,
	size_t *siglen, char **err)
{
	int size = RSA_size(k->rsa), n = -1;
	unsigned int l;
	if (!k->priv)
		return fcx_fail(err, FC_EFAIL, "signing needs a private key");
	if (*siglen < (size_t)size || inlen > INT_MAX)
		return fcx_fail(err, FC_EFAIL, "signature buffer too small");
	if (pad == FC_PAD_PKCS1 && md == 0) {
		n = RSA_private_encrypt((int)inlen, fcx_nonnull(in), sig, k->rsa, RSA_PKCS1_PADDING);
	} else if (!fcx_valid_md(md)) {
		return fcx_fail(err, FC_EUNSUPPORTED, "digest not available");
	} else if (inlen != (size_t)EVP_MD_size(fcx_mds[md])) {
		return fcx_fail(err, FC_EFAIL, "digest length does not match the digest");
	} else if (pad == FC_PAD_PKCS1) {
		if (RSA_sign(EVP_MD_type(fcx_mds[md]), in, (unsigned int)inlen, sig, &l, k->rsa) == 1)
			n = (int)l;
	} else if (pad == FC_PAD_PSS) {
		uint8_t *em = malloc((size_t)size);
		if (saltlen >= 0 && em != NULL &&
			RSA_padding_add_PKCS1_PSS_mgf1(k->rsa, em, in, fcx_mds[md], fcx_mds[md], saltlen))
			n = RSA_private_encrypt(size, em, sig, k->rsa, RSA_NO_PADDING);
		free(em);
	} else {
		return fcx_fail(err, FC_EUNSUPPORTED, "RSA padding not supported");
	}
	if (n <= 0)
		return fcx_fail(err, FC_EFAIL, "RSA signing");
	*siglen = (size_t)n;
	return FC_OK;
}

static int rsa_verify(fc_pkey *k, int md, int pad, int saltlen, const uint8_t *in, size_t inlen, const uint8_t *sig,
	size_t siglen, char **err)
{
	int size = RSA_size(k->rsa), ok = 0;
	if (pad != FC_PAD_PKCS1 && pad != FC_PAD_PSS)
		return fcx_fail(err, FC_EUNSUPPORTED, "RSA padding not supported");
	if (md != 0 && !fcx_valid_md(md))
		return fcx_fail(err, FC_EUNSUPPORTED, "digest not available");
	if (pad == FC_PAD_PSS && (md == 0 || (saltlen < 0 && saltlen != FC_SALT_AUTO)))
		return fcx_fail(err, FC_EFAIL, "PSS needs a digest and a salt length");
	if (siglen != (size_t)size || inlen > INT_MAX || (md != 0 && inlen != (size_t)EVP_MD_size(fcx_mds[md])))
		return fcx_fail(NULL, FC_EAUTH, NULL);
	if (pad == FC_PAD_PKCS1 && md != 0) {
		ok = RSA_verify(EVP_MD_type(fcx_mds[md]), in, (unsigned int)inlen, sig, (unsigned int)siglen, k->rsa) == 1;
	} else {
		uint8_t *buf = malloc((size_t)size);
		if (buf == NULL)
			return fcx_fail(err, FC_EFAIL, "out of memory");
		if (pad == FC_PAD_PKCS1) {
			int n = RSA_public_decrypt((int)siglen, sig, buf, k->rsa, RSA_PKCS1_PADDING);
			ok = n >= 0 && (size_t)n == inlen && CRYPTO_memcmp(buf, fcx_nonnull(in), inlen) == 0;
		} else {
			int sl = saltlen == FC_SALT_AUTO ? RSA_PSS_SALTLEN_AUTO : saltlen;
			ok = RSA_public_decrypt((int)siglen, sig, buf, k->rsa, RSA_NO_PADDING) == size &&
				RSA_verify_PKCS1_PSS_mgf1(k->rsa, in, fcx_mds[md], fcx_mds[md], buf, sl) == 1;
		}
		free(buf);
	}
	return ok ? FC_OK : fcx_fail(NULL, FC_EAUTH, NULL);
}

int fcx_pkey_sign(void *p, int md, int pad, int saltlen, const uint8_t *in, size_t inlen, uint8_t *sig,
	size_t *siglen, char **err)
{
	fc_pkey *k = p;
	if (k->kind == FC_PKEY_RSA)
		return rsa_sign(k, md, pad, saltlen, in, inlen, sig, siglen, err);
	if (pad != FC_PAD_NONE)
		return fcx_fail(err, FC_EUNSUPPORTED, "padding only applies to RSA");
	if (k->kind == FC_PKEY_ED25519) {
		if (!k->priv || *siglen < ED25519_SIGNATURE_LENGTH)
			return fcx_fail(err, FC_EFAIL, "Ed25519 signing needs a private key and 64 bytes");
		if (!ED25519_sign(sig, fcx_nonnull(in), inlen, k->pub, k->seed))
			return fcx_fail(err, FC_EFAIL, "ED25519_sign");
		*siglen = ED25519_SIGNATURE_LENGTH;
		return FC_OK;
	}
	if (!fcx_is_ec(k->kind))
		return fcx_fail(err, FC_EUNSUPPORTED, "the key cannot sign");
	/* ECDSA_sign writes up to ECDSA_size bytes: a smaller buffer gets the signature through tmp. */
	uint8_t tmp[160];
	size_t max = (size_t)ECDSA_size(k->ec);
	uint8_t *dst = *siglen >= max ? sig : tmp;
	unsigned int l;
	if (!k->priv || inlen > INT_MAX || max > sizeof tmp)
		return fcx_fail(err, FC_EFAIL, "ECDSA signing needs a private key");
	if (!ECDSA_sign(0, fcx_nonnull(in), (int)inlen, dst, &l, k->ec))
		return fcx_fail(err, FC_EFAIL, "ECDSA_sign");
	if (dst == tmp) {
		if (l > *siglen)
			return fcx_fail(err, FC_EFAIL, "signature buffer too small");
		memcpy(sig, tmp, l);
	}
	*siglen = l;
	return FC_OK;
}

int fcx_pkey_verify(void *p, int md, int pad, int saltlen, const uint8_t *in, size_t inlen, const uint8_t *sig,
	size_t siglen, char **err)
{
	fc_pkey *k = p;
	int ok;
	if (k->kind == FC_PKEY_RSA)
		return rsa_verify(k, md, pad, saltlen, in, inlen, sig, siglen, err);
	if (pad != FC_PAD_NONE)
		return fcx_fail(err, FC_EUNSUPPORTED, "padding only applies to RSA");
	if (k->kind == FC_PKEY_ED25519)
		ok = siglen == ED25519_SIGNATURE_LENGTH && ED25519_verify(fcx_nonnull(in), inlen, sig, k->pub) == 1;
	else if (fcx_is_ec(k->kind))
		/* 0 for a wrong signature, -1 for one that does not parse: both invalid. */
		ok = inlen <= INT_MAX && siglen <= INT_MAX &&
			ECDSA_verify(0, fcx_nonnull(in), (int)inlen, fcx_nonnull(sig), (int)siglen, k->ec) == 1;
	else
		return fcx_fail(err, FC_EUNSUPPORTED, "the key cannot verify");
	return ok ? FC_OK : fcx_fail(NULL, FC_EAUTH, NULL);
}

int fcx_pkey_derive(void *p, const uint8_t *peer, size_t peerlen, uint8_t *out, size_t *outlen, char **err)
{
	fc_pkey *k = p;
	if (!k->priv || (k->kind != FC_PKEY_X25519 && !fcx_is_ec(k->kind)))
		return fcx_fail(err, FC_EUNSUPPORTED, "key agreement needs an EC or X25519 private key");
	if (k->kind == FC_PKEY_X25519) {
		if (*outlen < X25519_KEY_LENGTH)
			return fcx_fail(err, FC_EFAIL, "output buffer too small");
		if (peer == NULL || peerlen != X25519_KEY_LENGTH)
			return fcx_fail(err, FC_EINVALIDKEY, "X25519 peer key must be 32 bytes");
		if (!X25519(out, k->seed, peer)) /* all zeros: a low-order peer point */
			return fcx_fail(err, FC_EINVALIDKEY, "X25519 result is all zeros");
		*outlen = X25519_KEY_LENGTH;
		return FC_OK;
	}
	const EC_GROUP *g = EC_KEY_get0_group(k->ec);
	size_t size = ec_sizes[k->kind];
	if (*outlen < size)
		return fcx_fail(err, FC_EFAIL, "output buffer too small");
	EC_POINT *pt = ec_point(g, k->kind, peer, peerlen);
	if (pt == NULL)
		return fcx_fail(err, FC_EINVALIDKEY, "EC peer point not on the curve");
	int n = ECDH_compute_key(out, size, pt, k->ec, NULL);
	EC_POINT_free(pt);
	if (n <= 0 || (size_t)n != size)
		return fcx_fail(err, FC_EFAIL, "ECDH_compute_key");
	*outlen = size;
	return FC_OK;
}

/* oaep_ctx makes a fresh context for one OAEP operation: keys are shared, contexts are not. */
static EVP_PKEY_CTX *oaep_ctx(fc_pkey *k, int decrypt, int md, int mgf1md, const uint8_t *label, size_t labellen)
{
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new(k->evp, NULL);
	if (c == NULL || (decrypt ? EVP_PKEY_decrypt_init(c) : EVP_PKEY_encrypt_init(c)) <= 0 ||
		EVP_PKEY_CTX_set_rsa_padding(c, RSA_PKCS1_OAEP_PADDING) <= 0 ||
		EVP_PKEY_CTX_set_rsa_oaep_md(c, fcx_mds[md]) <= 0 || EVP_PKEY_CTX_set_rsa_mgf1_md(c, fcx_mds[mgf1md]) <= 0)
		goto bad;
	if (labellen > 0) {
		/* The context takes ownership of the label. */
		uint8_t *l = malloc(labellen);
		if (l == NULL)
			goto bad;
		memcpy(l, label, labellen);
		if (EVP_PKEY_CTX_set0_rsa_oaep_label(c, l, (int)labellen) <= 0) {
			free(l);
			goto bad;
		}
	}
	return c;
bad:
	EVP_PKEY_CTX_free(c);
	return NULL;
}

int fcx_pkey_crypt(void *p, int decrypt, int pad, int md, int mgf1md, const uint8_t *label, size_t labellen,
	const uint8_t *in, size_t inlen, uint8_t *out, size_t *outlen, char **err)
{
	fc_pkey *k = p;
	if (k->kind != FC_PKEY_RSA)
		return fcx_fail(err, FC_EUNSUPPORTED, "encryption needs an RSA key");
	if (pad != FC_PAD_PKCS1 && pad != FC_PAD_OAEP)
		return fcx_fail(err, FC_EUNSUPPORTED, "RSA padding not supported");
	if (pad == FC_PAD_OAEP && (!fcx_valid_md(md) || !fcx_valid_md(mgf1md)))
		return fcx_fail(err, FC_EUNSUPPORTED, "OAEP digest not available");
	if (decrypt && !k->priv)
		return fcx_fail(err, FC_EFAIL, "decryption needs a private key");
	size_t size = (size_t)RSA_size(k->rsa);
	if (inlen > INT_MAX || labellen > INT_MAX)
		return fcx_fail(err, FC_EFAIL, "input too long");
	if (!decrypt && *outlen < size)
		return fcx_fail(err, FC_EFAIL, "output buffer too small");

	EVP_PKEY_CTX *c = NULL;
	if (pad == FC_PAD_OAEP && (c = oaep_ctx(k, decrypt, md, mgf1md, label, labellen)) == NULL)
		return fcx_fail(err, FC_EFAIL, "setting up OAEP");
	if (!decrypt) {
		size_t n = *outlen;
		int ok = pad == FC_PAD_OAEP ? EVP_PKEY_encrypt(c, out, &n, fcx_nonnull(in), inlen) > 0 :
			(int)(n = (size_t)RSA_public_encrypt((int)inlen, fcx_nonnull(in), out, k->rsa, RSA_PKCS1_PADDING)) > 0;
		EVP_PKEY_CTX_free(c);
		if (!ok)
			return fcx_fail(err, FC_EFAIL, "RSA encryption");
		*outlen = n;
		return FC_OK;
	}
	/* Both paths write up to RSA_size bytes: a smaller buffer gets the plaintext through tmp. */
	uint8_t *tmp = *outlen < size ? malloc(size) : NULL, *dst = *outlen < size ? tmp : out;
	size_t n = size;
	int st = FC_OK;
	if (dst == NULL) {
		EVP_PKEY_CTX_free(c);
		return fcx_fail(err, FC_EFAIL, "out of memory");
	}
	if (pad == FC_PAD_OAEP) {
		if (EVP_PKEY_decrypt(c, dst, &n, fcx_nonnull(in), inlen) <= 0)
			st = FC_EAUTH;
	} else {
		int r = RSA_private_decrypt((int)inlen, fcx_nonnull(in), dst, k->rsa, RSA_PKCS1_PADDING);
		if (r < 0)
			st = FC_EAUTH;
		n = (size_t)r;
	}
	EVP_PKEY_CTX_free(c);
	if (st == FC_OK && tmp != NULL) {
		if (n <= *outlen)
			memcpy(out, tmp, n);
		else
			st = FC_EFAIL;
	}
	if (tmp != NULL) {
		OPENSSL_cleanse(tmp, size);
		free(tmp);
	}
	if (st == FC_EFAIL) /* the plaintext does not fit: the queue is empty, so nothing leaks */
		return fcx_fail(err, st, "output buffer too small");
	if (st != FC_OK) /* no detail for a failed decryption */
		return fcx_fail(NULL, st, NULL);
	*outlen = n;
	return FC_OK;
}
