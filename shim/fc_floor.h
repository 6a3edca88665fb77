/*
 * The C loops of pkey_floor that are the same on every fork, written against
 * the fork package's own slot functions (fcx_pkey_new, fcx_pkey_generate,
 * fcx_pkey_free, declared by its fork.h before this file is included) and
 * the EC calls every fork has.
 */
#ifndef FORKCRYPTO_FLOOR_H
#define FORKCRYPTO_FLOOR_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/bn.h>
#include <openssl/ec.h>

#include "forkcrypto.h"

/*
 * fc_floor_unpack splits the parts FC_FLOOR_IMPORT_PRIVATE gets packed in one
 * buffer (each a 4-byte big-endian length, then its bytes, FC_PART_COUNT
 * times; shim.PKeyFloorPack writes it). 1 when the buffer holds exactly that.
 */
static inline int fc_floor_unpack(const uint8_t *in, size_t n, const uint8_t **parts, size_t *lens)
{
	for (int i = 0; i < FC_PART_COUNT; i++) {
		if (in == NULL || n < 4)
			return 0;
		size_t l = (size_t)in[0] << 24 | (size_t)in[1] << 16 | (size_t)in[2] << 8 | in[3];
		in += 4, n -= 4;
		if (l > n)
			return 0;
		parts[i] = l ? in : NULL, lens[i] = l;
		in += l, n -= l;
	}
	return n == 0;
}

/* FC_FLOOR_IMPORT_PRIVATE: pkey_new of kind from the packed parts, then pkey_free. */
static inline int fc_floor_import_private(long iters, int kind, const uint8_t *in, size_t n)
{
	const uint8_t *parts[FC_PART_COUNT];
	size_t lens[FC_PART_COUNT];
	int ok = fc_floor_unpack(in, n, parts, lens);
	for (long i = 0; ok && i < iters; i++) {
		void *key = NULL;
		ok = fcx_pkey_new(kind, parts, lens, &key, NULL) == FC_OK;
		fcx_pkey_free(key);
	}
	return ok;
}

/* FC_FLOOR_GENERATE: pkey_generate of kind (RSA: bits), then pkey_free. */
static inline int fc_floor_generate(long iters, int kind, int bits)
{
	int ok = 1;
	for (long i = 0; ok && i < iters; i++) {
		void *key = NULL;
		ok = fcx_pkey_generate(kind, bits, &key, NULL) == FC_OK;
		fcx_pkey_free(key);
	}
	return ok;
}

/* FC_FLOOR_EC_MUL_BASE: the scalar in times the base point of g (NULL: no such curve). */
static inline int fc_floor_mul_base(long iters, const EC_GROUP *g, const uint8_t *in, size_t n)
{
	BIGNUM *d = g != NULL && n <= 66 ? BN_bin2bn(in, (int)n, NULL) : NULL;
	EC_POINT *r = g != NULL ? EC_POINT_new(g) : NULL;
	int ok = d != NULL && r != NULL;
	for (long i = 0; ok && i < iters; i++)
		ok = EC_POINT_mul(g, r, d, NULL, NULL, NULL);
	EC_POINT_free(r);
	BN_clear_free(d);
	return ok;
}

#endif
