//go:build boringssl

/* Random bytes (rand_bytes) on BoringSSL. */
#include "fork.h"

#include <openssl/rand.h>

int fcx_rand_bytes(uint8_t *out, size_t n, char **err)
{
	return RAND_bytes(out, n) == 1 ? FC_OK : fcx_fail(err, FC_EFAIL, "RAND_bytes");
}
