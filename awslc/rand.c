//go:build awslc

/* forkcrypto's random bytes (the rand_bytes slot) on AWS-LC: RAND_bytes. */
#include "fork.h"

int fcx_rand_bytes(uint8_t *out, size_t n, char **err)
{
	return RAND_bytes(out, n) == 1 ? FC_OK : fcx_fail(err, FC_EFAIL, "RAND_bytes");
}
