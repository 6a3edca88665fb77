//go:build libressl

/*
 * Key derivation (FC_FAMILY_KDF): not yet provided by this package; every
 * slot answers FC_EUNSUPPORTED and support() reports FC_ABSENT.
 */
#include "fork.h"

int fcx_kdf_hkdf(int md, int mode, const uint8_t *key, size_t keylen, const uint8_t *salt, size_t saltlen,
	const uint8_t *info, size_t infolen, uint8_t *out, size_t outlen, char **err)
{
	return FC_EUNSUPPORTED;
}

int fcx_kdf_pbkdf2(int md, const uint8_t *pass, size_t passlen, const uint8_t *salt, size_t saltlen, uint32_t iter,
	uint8_t *out, size_t outlen, char **err)
{
	return FC_EUNSUPPORTED;
}

int fcx_kdf_tls12_prf(int md, const uint8_t *secret, size_t secretlen, const uint8_t *label, size_t labellen,
	const uint8_t *seed, size_t seedlen, uint8_t *out, size_t outlen, char **err)
{
	return FC_EUNSUPPORTED;
}

int fcx_kdf_tls13_expand_label(int md, const uint8_t *secret, size_t secretlen, const uint8_t *label,
	size_t labellen, const uint8_t *context, size_t contextlen, uint8_t *out, size_t outlen, char **err)
{
	return FC_EUNSUPPORTED;
}

int fcx_kdf_counter(int md, const uint8_t *key, size_t keylen, const uint8_t *fixed, size_t fixedlen,
	uint8_t *out, size_t outlen, char **err)
{
	return FC_EUNSUPPORTED;
}
