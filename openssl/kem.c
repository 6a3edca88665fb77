//go:build !libressl && !boringssl && !awslc

/*
 * ML-KEM (FC_FAMILY_KEM): not yet provided by this package; every slot
 * answers FC_EUNSUPPORTED and support() reports FC_ABSENT.
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

void fcx_init_kem(void)
{
}

int fcx_kem_support(int kind)
{
	return FC_ABSENT;
}

int fcx_kem_fips_allowed(int kind)
{
	return 1;
}
