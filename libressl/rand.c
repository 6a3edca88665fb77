//go:build libressl

/* forkcrypto's random bytes (the rand_bytes slot) on LibreSSL. */
#include "fork.h"

/* ---- random ---- */

int fcx_rand_bytes(uint8_t *out, size_t n, char **err)
{
	/* RAND_bytes is arc4random_buf behind an int length. */
	while (n > 0) {
		int chunk = n > INT_MAX ? INT_MAX : (int)n;
		if (RAND_bytes(out, chunk) != 1)
			return fcx_fail(err, FC_EFAIL, "RAND_bytes");
		out += chunk;
		n -= (size_t)chunk;
	}
	return FC_OK;
}
