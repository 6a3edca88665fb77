/*
 * fc_floor_unpack: the parts of a key for the FC_FLOOR_IMPORT_PRIVATE loop,
 * which gets them packed in one buffer (each part a 4-byte big-endian length,
 * then its bytes, FC_PART_COUNT times; shim.PKeyFloorPack writes it).
 * Returns 1 when the buffer holds exactly FC_PART_COUNT parts.
 */
#ifndef FORKCRYPTO_FLOOR_H
#define FORKCRYPTO_FLOOR_H

#include <stddef.h>
#include <stdint.h>

#include "forkcrypto.h"

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

#endif
