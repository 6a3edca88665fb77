//go:build boringssl

/*
 * ML-KEM (kem_*) on BoringSSL: absent. BoringSSL 13 and 14 as Debian ships
 * them (android-libboringssl-dev) have no <openssl/mlkem.h>: 13 offers only
 * HRSS, 14 only the pre-standard Kyber768 draft (kyber.h), which is not
 * FIPS 203 and gives other keys and ciphertexts. Composing ML-KEM here would
 * mean computing the primitive outside the fork, so every slot answers
 * FC_EUNSUPPORTED (kem_get FC_EFAIL: no key can exist), kem_floor runs no
 * loop, and support(FC_FAMILY_KEM, ...) reports FC_ABSENT.
 */
#include "fork.h"

int fcx_kem_new(int kind, const uint8_t *seed, size_t seedlen, const uint8_t *ek, size_t eklen, void **k,
	char **err)
{
	return FC_EUNSUPPORTED;
}

int fcx_kem_generate(int kind, void **k, char **err)
{
	return FC_EUNSUPPORTED;
}

void fcx_kem_free(void *k)
{
}

int fcx_kem_get(const void *k, int part, uint8_t *out, size_t outlen)
{
	return FC_EFAIL;
}

int fcx_kem_encapsulate(void *k, const uint8_t *m, size_t mlen, uint8_t *ct, size_t ctlen, uint8_t *ss,
	size_t sslen, char **err)
{
	return FC_EUNSUPPORTED;
}

int fcx_kem_decapsulate(void *k, const uint8_t *ct, size_t ctlen, uint8_t *ss, size_t sslen, char **err)
{
	return FC_EUNSUPPORTED;
}

int fcx_kem_floor(int op, long iters, int kind, void *k, const uint8_t *in, size_t n)
{
	return FC_EUNSUPPORTED;
}
