/*
 * fc_rsa_consistent: the one consistency check of an RSA private key that the
 * OpenSSL and LibreSSL packages run at import (BoringSSL's and AWS-LC's
 * RSA_check_key checks the same relations), written against the BIGNUM
 * calls every fork has, so that the forks accept and refuse the same keys:
 *
 *   n = p q,  d e = 1 mod p-1 and mod q-1,
 *   dp = d mod p-1,  dq = d mod q-1,  0 < qinv < p and qinv q = 1 mod p.
 *
 * It does not test p and q for primality: those relations already prove
 * the key's parts belong together, the standard library does not test
 * either, and the forks' full checks that do (OpenSSL's EVP_PKEY_check,
 * LibreSSL's RSA_check_key) cost milliseconds: 11 ms for RSA-2048 on LibreSSL.
 * Returns 1 if consistent, 0 if not, -1 on an allocation failure.
 */
#ifndef FORKCRYPTO_RSA_CHECK_H
#define FORKCRYPTO_RSA_CHECK_H

#include <openssl/bn.h>

static inline int fc_rsa_consistent(const BIGNUM *n, const BIGNUM *e, const BIGNUM *d, const BIGNUM *p,
	const BIGNUM *q, const BIGNUM *dp, const BIGNUM *dq, const BIGNUM *qinv, BN_CTX *ctx)
{
	BN_CTX_start(ctx);
	BIGNUM *t = BN_CTX_get(ctx), *pm1 = BN_CTX_get(ctx), *qm1 = BN_CTX_get(ctx), *r = BN_CTX_get(ctx);
	int st = -1; /* until every BIGNUM call has succeeded */
	if (r == NULL)
		goto out;
	BN_set_flags(t, BN_FLG_CONSTTIME);
	BN_set_flags(r, BN_FLG_CONSTTIME);
	/* p, q > 1 keep the moduli below nonzero. */
	if (BN_cmp(p, BN_value_one()) <= 0 || BN_cmp(q, BN_value_one()) <= 0 || BN_is_zero(qinv) ||
		BN_is_negative(qinv) || BN_cmp(qinv, p) >= 0) {
		st = 0;
		goto out;
	}
	if (!BN_sub(pm1, p, BN_value_one()) || !BN_sub(qm1, q, BN_value_one()) || !BN_mul(t, p, q, ctx))
		goto out;
	int ok = BN_cmp(t, n) == 0;
	if (!BN_mul(t, d, e, ctx) || !BN_mod(r, t, pm1, ctx))
		goto out;
	ok &= BN_is_one(r);
	if (!BN_mod(r, t, qm1, ctx))
		goto out;
	ok &= BN_is_one(r);
	if (!BN_mod(r, d, pm1, ctx))
		goto out;
	ok &= BN_cmp(r, dp) == 0;
	if (!BN_mod(r, d, qm1, ctx))
		goto out;
	ok &= BN_cmp(r, dq) == 0;
	if (!BN_mod_mul(r, qinv, q, p, ctx))
		goto out;
	ok &= BN_is_one(r);
	st = ok;
out:
	BN_CTX_end(ctx);
	return st;
}

#endif
