//go:build !libressl && !boringssl && !awslc

/* forkcrypto's random bytes (the rand_bytes slot) on OpenSSL 3. */
#include "fork.h"

#include <openssl/rand.h>

int fcx_rand_bytes(uint8_t *out, size_t n, char **err)
{
	while (n > 0) {
		int chunk = n > INT_MAX ? INT_MAX : (int)n;
		if (RAND_bytes(out, chunk) != 1)
			return fcx_fail(err, FC_EFAIL, "RAND_bytes");
		out += chunk;
		n -= (size_t)chunk;
	}
	return FC_OK;
}
