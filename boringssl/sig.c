//go:build boringssl

/*
 * ML-DSA (sig_*) on BoringSSL: absent. BoringSSL 13 and 14 as Debian ships
 * them (android-libboringssl-dev) have no <openssl/mldsa.h>. Computing the
 * primitive outside the fork is not an option, so every slot answers FC_EUNSUPPORTED (sig_get FC_EFAIL:
 * no key can exist), sig_floor runs no loop, and support(FC_FAMILY_SIG, ...)
 * reports FC_ABSENT.
 */
#include "fork.h"

int fcx_sig_new(int kind, const uint8_t *priv, size_t privlen, const uint8_t *pub, size_t publen, void **k,
	char **err)
{
	return FC_EUNSUPPORTED;
}

int fcx_sig_generate(int kind, void **k, char **err)
{
	return FC_EUNSUPPORTED;
}

void fcx_sig_free(void *k)
{
}

int fcx_sig_get(const void *k, int part, uint8_t *out, size_t outlen)
{
	return FC_EFAIL;
}

int fcx_sig_sign(void *k, int flags, const uint8_t *in, size_t inlen, const uint8_t *ctx, size_t ctxlen,
	const uint8_t *rnd, size_t rndlen, uint8_t *sig, size_t siglen, char **err)
{
	return FC_EUNSUPPORTED;
}

int fcx_sig_verify(void *k, int flags, const uint8_t *in, size_t inlen, const uint8_t *ctx, size_t ctxlen,
	const uint8_t *sig, size_t siglen, char **err)
{
	return FC_EUNSUPPORTED;
}

int fcx_sig_floor(int op, long iters, int kind, void *k, const uint8_t *in, size_t n, const uint8_t *aux,
	size_t auxlen)
{
	return FC_EUNSUPPORTED;
}
