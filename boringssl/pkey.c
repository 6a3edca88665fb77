//go:build boringssl

/*
 * Public keys (pkey_*) on BoringSSL.
 *
 * What sets BoringSSL apart from the other forks here:
 *  - Public keys use the native low-level objects, not EVP_PKEY: EC_KEY with
 *    ECDSA_sign/ECDSA_verify and ECDH_compute_key, RSA with RSA_sign*,
 *    RSA_verify* and RSA_encrypt/RSA_decrypt, and the raw curve25519
 *    functions over 32/64-byte arrays. BoringSSL has no EVP_PKEY_fromdata and
 *    no RSA_new_private_key, and 13 cannot set an EC point on an EVP_PKEY, so
 *    keys are built with RSA_set0_* and EC_KEY_set_*; the EC public point is
 *    derived with EC_POINT_mul (no setter derives it). Every object is only
 *    read after import: RSA's lazily built Montgomery/blinding state is under
 *    BoringSSL's own lock.
 *  - OAEP with an MGF1 digest other than the OAEP digest: encryption pads
 *    with RSA_padding_add_PKCS1_OAEP_mgf1 then RSA_NO_PADDING (no EVP_PKEY);
 *    decryption needs an EVP_PKEY_CTX, made per call from the RSA, because
 *    the OAEP unpadding function is not exported.
 *  - RSA PKCS #1 v1.5 without a hash (md 0) is RSA_sign_raw/RSA_verify_raw
 *    with RSA_PKCS1_PADDING; PSS salt -2 means "recover" in
 *    RSA_verify_pss_mgf1, which is FC_SALT_AUTO as it stands.
 *  - PKCS #1 v1.5 decryption is RSA_decrypt with RSA_PKCS1_PADDING, which
 *    BoringSSL documents as deprecated (no implicit rejection); any failure
 *    is FC_EAUTH with the queue cleared.
 */
#include "fork.h"

#include <openssl/bn.h>
#include <openssl/curve25519.h>
#include <openssl/ec_key.h>
#include <openssl/ecdh.h>
#include <openssl/ecdsa.h>
#include <openssl/mem.h>
#include <openssl/rsa.h>

/* A key: immutable once built, so many threads may use it at once. */
typedef struct {
	int kind, priv;
	EC_KEY *ec;
	RSA *rsa;
	uint8_t pub[32]; /* Ed25519, X25519 */
	uint8_t sk[64]; /* Ed25519: seed || public key; X25519: the scalar as given */
} fc_pkey;

static int is_ec(int kind) { return kind >= FC_PKEY_P224 && kind <= FC_PKEY_P521; }

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

static BIGNUM *bn_part(const uint8_t *const *parts, const size_t *lens, int part)
{
	return lens[part] && parts[part] != NULL ? BN_bin2bn(parts[part], lens[part], NULL) : NULL;
}

/* The EC point in bytes, or NULL (queue cleared) when it is not a point of the group. */
static EC_POINT *ec_point(const EC_GROUP *g, const uint8_t *in, size_t n)
{
	EC_POINT *pt = EC_POINT_new(g);
	/* EC_POINT_oct2point rejects points off the curve. */
	if (pt == NULL || n == 0 || in == NULL || !EC_POINT_oct2point(g, pt, in, n, NULL) ||
		EC_POINT_is_at_infinity(g, pt)) {
		EC_POINT_free(pt);
		ERR_clear_error();
		return NULL;
	}
	return pt;
}

static int ec_new(fc_pkey *k, const uint8_t *const *parts, const size_t *lens, char **err)
{
	const EC_GROUP *g = fcx_groups[k->kind];
	EC_POINT *pub = NULL, *given = NULL;
	BIGNUM *d = NULL;
	int st = FC_EFAIL;
	if ((k->ec = EC_KEY_new()) == NULL || !EC_KEY_set_group(k->ec, g))
		goto out;
	if (k->priv) {
		if ((d = bn_part(parts, lens, FC_PART_PRIV)) == NULL)
			goto out;
		if (BN_is_zero(d) || BN_cmp(d, EC_GROUP_get0_order(g)) >= 0) {
			st = FC_EINVALIDKEY;
			goto out;
		}
		if ((pub = EC_POINT_new(g)) == NULL || !EC_POINT_mul(g, pub, d, NULL, NULL, NULL) ||
			!EC_KEY_set_private_key(k->ec, d))
			goto out;
		if (lens[FC_PART_PUB]) {
			if ((given = ec_point(g, parts[FC_PART_PUB], lens[FC_PART_PUB])) == NULL ||
				EC_POINT_cmp(g, pub, given, NULL) != 0) {
				st = FC_EINVALIDKEY;
				goto out;
			}
		}
	} else if ((pub = ec_point(g, parts[FC_PART_PUB], lens[FC_PART_PUB])) == NULL) {
		st = FC_EINVALIDKEY;
		goto out;
	}
	if (EC_KEY_set_public_key(k->ec, pub))
		st = FC_OK;
out:
	BN_clear_free(d);
	EC_POINT_free(pub);
	EC_POINT_free(given);
	return st == FC_OK ? FC_OK : fcx_fail(err, st, st == FC_EINVALIDKEY ? "invalid EC key" : "EC key import");
}

static int rsa_new(fc_pkey *k, const uint8_t *const *parts, const size_t *lens, char **err)
{
	BIGNUM *n = bn_part(parts, lens, FC_PART_PUB), *e = bn_part(parts, lens, FC_PART_E), *d = NULL, *p = NULL,
	       *q = NULL, *dp = NULL, *dq = NULL, *qinv = NULL, *t = NULL;
	BN_CTX *ctx = NULL;
	int st = FC_EFAIL;
	if (n == NULL || e == NULL) {
		st = FC_EINVALIDKEY;
		goto out;
	}
	if ((k->rsa = RSA_new()) == NULL || !RSA_set0_key(k->rsa, n, e, NULL))
		goto out;
	n = e = NULL;
	if (!k->priv) {
		st = FC_OK;
		goto out;
	}
	d = bn_part(parts, lens, FC_PART_PRIV), p = bn_part(parts, lens, FC_PART_P), q = bn_part(parts, lens, FC_PART_Q);
	if (d == NULL || p == NULL || q == NULL || BN_is_zero(p) || BN_is_zero(q)) {
		st = FC_EINVALIDKEY;
		goto out;
	}
	if (lens[FC_PART_DP] && lens[FC_PART_DQ] && lens[FC_PART_QINV]) {
		dp = bn_part(parts, lens, FC_PART_DP), dq = bn_part(parts, lens, FC_PART_DQ);
		qinv = bn_part(parts, lens, FC_PART_QINV);
		if (dp == NULL || dq == NULL || qinv == NULL)
			goto out;
	} else {
		/* dp = d mod (p-1), dq = d mod (q-1), qinv = q^-1 mod p */
		if ((ctx = BN_CTX_new()) == NULL || (t = BN_new()) == NULL || (dp = BN_new()) == NULL ||
			(dq = BN_new()) == NULL)
			goto out;
		if (!BN_copy(t, p) || !BN_sub_word(t, 1) || !BN_mod(dp, d, t, ctx) || !BN_copy(t, q) ||
			!BN_sub_word(t, 1) || !BN_mod(dq, d, t, ctx))
			goto out;
		if ((qinv = BN_mod_inverse(NULL, q, p, ctx)) == NULL) {
			st = FC_EINVALIDKEY;
			goto out;
		}
	}
	if (!RSA_set0_key(k->rsa, NULL, NULL, d))
		goto out;
	d = NULL;
	if (!RSA_set0_factors(k->rsa, p, q))
		goto out;
	p = q = NULL;
	if (!RSA_set0_crt_params(k->rsa, dp, dq, qinv))
		goto out;
	dp = dq = qinv = NULL;
	st = RSA_check_key(k->rsa) ? FC_OK : FC_EINVALIDKEY;
out:
	BN_free(n);
	BN_free(e);
	BN_clear_free(d);
	BN_clear_free(p);
	BN_clear_free(q);
	BN_clear_free(dp);
	BN_clear_free(dq);
	BN_clear_free(qinv);
	BN_clear_free(t);
	BN_CTX_free(ctx);
	return st == FC_OK ? FC_OK : fcx_fail(err, st, st == FC_EINVALIDKEY ? "invalid RSA key" : "RSA key import");
}

int fcx_pkey_new(int kind, const uint8_t *const *parts, const size_t *lens, void **out, char **err)
{
	if (kind <= 0 || kind >= FC_PKEY_COUNT)
		return fcx_fail(err, FC_EUNSUPPORTED, "unknown key kind");
	fc_pkey *k = calloc(1, sizeof *k);
	if (k == NULL)
		return fcx_fail(err, FC_EFAIL, "out of memory");
	k->kind = kind;
	k->priv = lens[FC_PART_PRIV] != 0 && parts[FC_PART_PRIV] != NULL;
	int st = FC_OK;
	if (is_ec(kind)) {
		st = ec_new(k, parts, lens, err);
	} else if (kind == FC_PKEY_RSA) {
		st = rsa_new(k, parts, lens, err);
	} else { /* Ed25519, X25519: 32-byte PUB and PRIV */
		if (k->priv && lens[FC_PART_PRIV] == 32) {
			uint8_t derived[32];
			if (kind == FC_PKEY_ED25519) {
				ED25519_keypair_from_seed(derived, k->sk, parts[FC_PART_PRIV]);
			} else {
				memcpy(k->sk, parts[FC_PART_PRIV], 32);
				X25519_public_from_private(derived, k->sk);
			}
			memcpy(k->pub, derived, 32);
			if (lens[FC_PART_PUB] && (lens[FC_PART_PUB] != 32 || CRYPTO_memcmp(derived, parts[FC_PART_PUB], 32) != 0))
				st = fcx_fail(err, FC_EINVALIDKEY, "the public key does not match the private key");
		} else if (!k->priv && lens[FC_PART_PUB] == 32 && parts[FC_PART_PUB] != NULL) {
			memcpy(k->pub, parts[FC_PART_PUB], 32);
		} else {
			st = fcx_fail(err, FC_EINVALIDKEY, "a 32-byte key is needed");
		}
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
	int ok = 0;
	if (k == NULL)
		return fcx_fail(err, FC_EFAIL, "out of memory");
	k->kind = kind, k->priv = 1;
	if (is_ec(kind)) {
		ok = (k->ec = EC_KEY_new()) != NULL && EC_KEY_set_group(k->ec, fcx_groups[kind]) && EC_KEY_generate_key(k->ec);
	} else if (kind == FC_PKEY_RSA) {
		BIGNUM *e = BN_new();
		ok = e != NULL && BN_set_word(e, RSA_F4) && (k->rsa = RSA_new()) != NULL &&
			RSA_generate_key_ex(k->rsa, bits, e, NULL);
		BN_free(e);
	} else if (kind == FC_PKEY_ED25519) {
		ED25519_keypair(k->pub, k->sk);
		ok = 1;
	} else if (kind == FC_PKEY_X25519) {
		X25519_keypair(k->pub, k->sk);
		ok = 1;
	} else {
		free(k);
		return fcx_fail(err, FC_EUNSUPPORTED, "unknown key kind");
	}
	if (!ok) {
		fcx_pkey_free(k);
		return fcx_fail(err, FC_EFAIL, "key generation");
	}
	*out = k;
	return FC_OK;
}

static int put_bytes(const uint8_t *b, size_t n, uint8_t *out, size_t cap, size_t *len)
{
	*len = n;
	if (out == NULL)
		return FC_OK;
	if (cap < n)
		return FC_EFAIL;
	memcpy(out, b, n);
	return FC_OK;
}

static int put_bn(const BIGNUM *bn, size_t padded, uint8_t *out, size_t cap, size_t *len)
{
	if (bn == NULL)
		return FC_EFAIL;
	size_t n = padded ? padded : BN_num_bytes(bn);
	*len = n;
	if (out == NULL)
		return FC_OK;
	if (cap < n || !BN_bn2bin_padded(out, n, bn))
		return FC_EFAIL;
	return FC_OK;
}

int fcx_pkey_get(const void *p, int part, uint8_t *out, size_t cap, size_t *len)
{
	const fc_pkey *k = p;
	if (is_ec(k->kind)) {
		const EC_GROUP *g = EC_KEY_get0_group(k->ec);
		if (part == FC_PART_PRIV)
			return put_bn(EC_KEY_get0_private_key(k->ec), (EC_GROUP_order_bits(g) + 7) / 8, out, cap, len);
		if (part != FC_PART_PUB)
			return FC_EFAIL;
		size_t n = EC_POINT_point2oct(g, EC_KEY_get0_public_key(k->ec), POINT_CONVERSION_UNCOMPRESSED,
			out, out == NULL ? 0 : cap, NULL);
		if (n == 0)
			return fcx_fail(NULL, FC_EFAIL, NULL);
		*len = n;
		return FC_OK;
	}
	if (k->kind == FC_PKEY_RSA) {
		const RSA *r = k->rsa;
		const BIGNUM *b = NULL;
		switch (part) {
		case FC_PART_PUB: b = RSA_get0_n(r); break;
		case FC_PART_E: b = RSA_get0_e(r); break;
		case FC_PART_PRIV: b = RSA_get0_d(r); break;
		case FC_PART_P: b = RSA_get0_p(r); break;
		case FC_PART_Q: b = RSA_get0_q(r); break;
		case FC_PART_DP: b = RSA_get0_dmp1(r); break;
		case FC_PART_DQ: b = RSA_get0_dmq1(r); break;
		case FC_PART_QINV: b = RSA_get0_iqmp(r); break;
		}
		return put_bn(b, 0, out, cap, len);
	}
	if (part == FC_PART_PUB)
		return put_bytes(k->pub, 32, out, cap, len);
	if (part == FC_PART_PRIV && k->priv)
		return put_bytes(k->sk, 32, out, cap, len);
	return FC_EFAIL;
}

/* The EVP_MD of a contract digest, or NULL. */
const EVP_MD *fcx_md_of(int md) { return fcx_valid_md(md) ? fcx_mds[md] : NULL; }

/*
 * BoringSSL's PKCS #1 v1.5 table has no DigestInfo for SHA-512/256, so
 * RSA_sign and RSA_verify refuse it. with_digest_info builds the DigestInfo
 * (RFC 8017, 9.2 note 1) into di and points in at it, so that the raw
 * PKCS #1 path signs exactly what RSA_sign would.
 */
static const uint8_t sha512_256_digest_info[19] = {0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
	0x65, 0x03, 0x04, 0x02, 0x06, 0x05, 0x00, 0x04, 0x20};

static int with_digest_info(int *md, const uint8_t **in, size_t *inlen, uint8_t di[51])
{
	if (*md != FC_SHA512_256)
		return 1;
	if (*inlen != 32)
		return 0;
	memcpy(di, sha512_256_digest_info, sizeof sha512_256_digest_info);
	memcpy(di + sizeof sha512_256_digest_info, *in, 32);
	*md = 0;
	*in = di;
	*inlen = 51;
	return 1;
}

int fcx_pkey_sign(void *p, int md, int pad, int saltlen, const uint8_t *in, size_t inlen, uint8_t *sig,
	size_t *siglen, char **err)
{
	fc_pkey *k = p;
	if (!k->priv)
		return fcx_fail(err, FC_EFAIL, "signing needs a private key");
	if (is_ec(k->kind)) {
		uint8_t tmp[160]; /* ECDSA_size is 139 for P-521 */
		unsigned n = 0;
		size_t max = ECDSA_size(k->ec);
		uint8_t *o = *siglen >= max ? sig : tmp;
		if (max > sizeof tmp || !ECDSA_sign(0, in, inlen, o, &n, k->ec))
			return fcx_fail(err, FC_EFAIL, "ECDSA_sign");
		if (o == tmp) {
			if (*siglen < n)
				return fcx_fail(err, FC_EFAIL, "signature buffer too small");
			memcpy(sig, tmp, n);
		}
		*siglen = n;
		return FC_OK;
	}
	if (k->kind == FC_PKEY_ED25519) {
		if (*siglen < 64)
			return fcx_fail(err, FC_EFAIL, "signature buffer too small");
		if (!ED25519_sign(sig, in, inlen, k->sk))
			return fcx_fail(err, FC_EFAIL, "ED25519_sign");
		*siglen = 64;
		return FC_OK;
	}
	if (k->kind != FC_PKEY_RSA)
		return fcx_fail(err, FC_EUNSUPPORTED, "this key does not sign");
	if (*siglen < RSA_size(k->rsa))
		return fcx_fail(err, FC_EFAIL, "signature buffer too small");
	const EVP_MD *m = fcx_md_of(md);
	size_t n = 0;
	int ok;
	uint8_t di[51];
	if (pad == FC_PAD_PKCS1 && !with_digest_info(&md, &in, &inlen, di))
		return fcx_fail(err, FC_EFAIL, "the digest's length does not match its algorithm");
	if (pad == FC_PAD_PKCS1 && md == 0) {
		ok = RSA_sign_raw(k->rsa, &n, sig, *siglen, in, inlen, RSA_PKCS1_PADDING);
	} else if (pad == FC_PAD_PKCS1 && m != NULL) {
		unsigned u = 0;
		ok = inlen <= UINT_MAX && RSA_sign(EVP_MD_type(m), in, (unsigned)inlen, sig, &u, k->rsa);
		n = u;
	} else if (pad == FC_PAD_PSS && m != NULL) {
		if (inlen != EVP_MD_size(m))
			return fcx_fail(err, FC_EFAIL, "the digest's length does not match its algorithm");
		ok = RSA_sign_pss_mgf1(k->rsa, &n, sig, *siglen, in, inlen, m, NULL, saltlen);
	} else {
		return fcx_fail(err, FC_EUNSUPPORTED, "RSA signature padding or digest not available");
	}
	if (!ok)
		return fcx_fail(err, FC_EFAIL, "RSA signing");
	*siglen = n;
	return FC_OK;
}

/* An invalid signature: FC_EAUTH, nothing queued, *err untouched. */
static int bad_sig(void)
{
	ERR_clear_error();
	return FC_EAUTH;
}

int fcx_pkey_verify(void *p, int md, int pad, int saltlen, const uint8_t *in, size_t inlen, const uint8_t *sig,
	size_t siglen, char **err)
{
	fc_pkey *k = p;
	if (is_ec(k->kind))
		return ECDSA_verify(0, in, inlen, sig, siglen, k->ec) ? FC_OK : bad_sig();
	if (k->kind == FC_PKEY_ED25519)
		return siglen == 64 && ED25519_verify(in, inlen, sig, k->pub) ? FC_OK : bad_sig();
	if (k->kind != FC_PKEY_RSA)
		return fcx_fail(err, FC_EUNSUPPORTED, "this key does not verify");
	const EVP_MD *m = fcx_md_of(md);
	uint8_t di[51];
	if (pad == FC_PAD_PKCS1 && !with_digest_info(&md, &in, &inlen, di))
		return bad_sig();
	if (pad == FC_PAD_PKCS1 && md == 0) {
		size_t max = RSA_size(k->rsa), n = 0;
		uint8_t *buf = malloc(max);
		if (buf == NULL)
			return fcx_fail(err, FC_EFAIL, "out of memory");
		int ok = RSA_verify_raw(k->rsa, &n, buf, max, sig, siglen, RSA_PKCS1_PADDING) && n == inlen &&
			CRYPTO_memcmp(buf, in, n) == 0;
		free(buf);
		return ok ? FC_OK : bad_sig();
	}
	if (pad == FC_PAD_PKCS1 && m != NULL)
		return RSA_verify(EVP_MD_type(m), in, inlen, sig, siglen, k->rsa) ? FC_OK : bad_sig();
	if (pad == FC_PAD_PSS && m != NULL) {
		if (inlen != EVP_MD_size(m))
			return bad_sig();
		return RSA_verify_pss_mgf1(k->rsa, in, inlen, m, NULL, saltlen, sig, siglen) ? FC_OK : bad_sig();
	}
	return fcx_fail(err, FC_EUNSUPPORTED, "RSA signature padding or digest not available");
}

int fcx_pkey_derive(void *p, const uint8_t *peer, size_t peerlen, uint8_t *out, size_t *outlen, char **err)
{
	fc_pkey *k = p;
	if (!k->priv)
		return fcx_fail(err, FC_EFAIL, "key agreement needs a private key");
	if (k->kind == FC_PKEY_X25519) {
		if (peerlen != 32 || peer == NULL)
			return fcx_fail(err, FC_EINVALIDKEY, "the X25519 peer key must be 32 bytes");
		if (*outlen < 32)
			return fcx_fail(err, FC_EFAIL, "output buffer too small");
		if (!X25519(out, k->sk, peer)) /* an all-zero result: a low-order point */
			return fcx_fail(err, FC_EINVALIDKEY, "X25519: the shared secret is zero");
		*outlen = 32;
		return FC_OK;
	}
	if (!is_ec(k->kind))
		return fcx_fail(err, FC_EUNSUPPORTED, "this key does not agree secrets");
	const EC_GROUP *g = EC_KEY_get0_group(k->ec);
	size_t n = (EC_GROUP_get_degree(g) + 7) / 8;
	if (*outlen < n)
		return fcx_fail(err, FC_EFAIL, "output buffer too small");
	EC_POINT *pt = ec_point(g, peer, peerlen);
	if (pt == NULL)
		return fcx_fail(err, FC_EINVALIDKEY, "the peer's point is not on the curve");
	int got = ECDH_compute_key(out, n, pt, k->ec, NULL);
	EC_POINT_free(pt);
	if (got < 0 || (size_t)got != n)
		return fcx_fail(err, FC_EFAIL, "ECDH_compute_key");
	*outlen = n;
	return FC_OK;
}

/* A failed decryption says nothing about why. */
static int bad_decrypt(void)
{
	ERR_clear_error();
	return FC_EAUTH;
}

static int oaep_decrypt(RSA *rsa, const EVP_MD *m, const EVP_MD *mgf1, const uint8_t *label, size_t labellen,
	const uint8_t *in, size_t inlen, uint8_t *out, size_t *outlen, char **err)
{
	EVP_PKEY *pk = EVP_PKEY_new();
	EVP_PKEY_CTX *c = NULL;
	uint8_t *l = NULL;
	int st = FC_EFAIL;
	if (pk == NULL || !EVP_PKEY_set1_RSA(pk, rsa) || (c = EVP_PKEY_CTX_new(pk, NULL)) == NULL ||
		!EVP_PKEY_decrypt_init(c) || !EVP_PKEY_CTX_set_rsa_padding(c, RSA_PKCS1_OAEP_PADDING) ||
		!EVP_PKEY_CTX_set_rsa_oaep_md(c, m) || !EVP_PKEY_CTX_set_rsa_mgf1_md(c, mgf1))
		goto out;
	if (labellen > 0) {
		/* set0 takes ownership and OPENSSL_free's it with the context. */
		if ((l = OPENSSL_malloc(labellen)) == NULL)
			goto out;
		memcpy(l, label, labellen);
		if (!EVP_PKEY_CTX_set0_rsa_oaep_label(c, l, labellen)) {
			OPENSSL_free(l);
			goto out;
		}
	}
	st = EVP_PKEY_decrypt(c, out, outlen, in, inlen) ? FC_OK : FC_EAUTH;
out:
	EVP_PKEY_CTX_free(c);
	EVP_PKEY_free(pk);
	if (st == FC_EAUTH)
		return bad_decrypt();
	return st == FC_OK ? FC_OK : fcx_fail(err, st, "OAEP decryption set-up");
}

int fcx_pkey_crypt(void *p, int decrypt, int pad, int md, int mgf1md, const uint8_t *label, size_t labellen,
	const uint8_t *in, size_t inlen, uint8_t *out, size_t *outlen, char **err)
{
	fc_pkey *k = p;
	if (k->kind != FC_PKEY_RSA)
		return fcx_fail(err, FC_EUNSUPPORTED, "only RSA encrypts");
	if (decrypt && !k->priv)
		return fcx_fail(err, FC_EFAIL, "decryption needs a private key");
	size_t size = RSA_size(k->rsa), n = 0;
	/* Both directions need RSA_size bytes of room; a public size, so no oracle. */
	if (*outlen < size)
		return fcx_fail(err, FC_EFAIL, "output buffer too small");
	if (pad == FC_PAD_PKCS1) {
		if (decrypt)
			return RSA_decrypt(k->rsa, outlen, out, *outlen, in, inlen, RSA_PKCS1_PADDING) ? FC_OK
												   : bad_decrypt();
		if (!RSA_encrypt(k->rsa, &n, out, *outlen, in, inlen, RSA_PKCS1_PADDING))
			return fcx_fail(err, FC_EFAIL, "RSA_encrypt");
		*outlen = n;
		return FC_OK;
	}
	if (pad != FC_PAD_OAEP || fcx_md_of(md) == NULL || fcx_md_of(mgf1md) == NULL)
		return fcx_fail(err, FC_EUNSUPPORTED, "RSA encryption padding or digest not available");
	if (decrypt)
		return oaep_decrypt(k->rsa, fcx_mds[md], fcx_mds[mgf1md], label, labellen, in, inlen, out, outlen, err);
	uint8_t *em = malloc(size);
	if (em == NULL)
		return fcx_fail(err, FC_EFAIL, "out of memory");
	int ok = RSA_padding_add_PKCS1_OAEP_mgf1(em, size, in, inlen, label, labellen, fcx_mds[md], fcx_mds[mgf1md]) &&
		RSA_encrypt(k->rsa, &n, out, *outlen, em, size, RSA_NO_PADDING);
	OPENSSL_cleanse(em, size);
	free(em);
	if (!ok)
		return fcx_fail(err, FC_EFAIL, "OAEP encryption");
	*outlen = n;
	return FC_OK;
}
