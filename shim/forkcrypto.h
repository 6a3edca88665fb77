/*
 * The contract between the Go side of forkcrypto and one fork's C.
 *
 * Each fork package (openssl, libressl, boringssl, awslc) fills one
 * fc_ops table; the shim package calls through it. The header declares
 * exactly what crosses the boundary: opaque handles, contract numbers for
 * algorithms (never a fork's NIDs, which differ between forks) and plain
 * C types, so the shim never includes a libcrypto header.
 *
 * Rules every operation follows:
 *  - Inputs were validated in Go (sizes, nonce and tag lengths); the C
 *    checks again only what would otherwise be memory-unsafe.
 *  - No pointer passed in is kept after the call returns.
 *  - A fallible operation returns FC_OK or a negative FC_E* class. Where it
 *    takes `char **err`, a failure also sets *err to a malloc'd text holding
 *    the fork's drained error queue (free it with free_err). The queue is
 *    thread-local and a goroutine may change threads between calls, so it is
 *    always drained or cleared before the operation returns.
 *
 * FC_ABI changes whenever this table changes; the shim refuses a table whose
 * stamp or size differs, so a stale fork object fails loudly at start-up
 * instead of calling through the wrong slot. Go's build cache does not see
 * this header change inside a fork package, so each fork package also names
 * the ABI it fills in its own #cgo CFLAGS (FC_ABI_BUILT): bumping FC_ABI
 * stops every fork's build until that line is updated, and updating it makes
 * Go recompile the fork's C.
 */
#ifndef FORKCRYPTO_SHIM_H
#define FORKCRYPTO_SHIM_H

#include <stddef.h>
#include <stdint.h>

#define FC_ABI 2

#if defined(FC_ABI_BUILT) && FC_ABI_BUILT != FC_ABI
#error "forkcrypto: this fork package fills an older contract: update it to shim/forkcrypto.h and set -DFC_ABI_BUILT in its #cgo CFLAGS to the new FC_ABI"
#endif

/* Status. */
#define FC_OK 1
#define FC_EFAIL 0 /* the fork failed; *err says why */
#define FC_EAUTH (-1) /* AEAD authentication failed */
#define FC_EUNSUPPORTED (-2) /* the fork lacks the algorithm */
#define FC_EINVALIDKEY (-3) /* the fork rejected the key */
#define FC_EFIPS (-4) /* refused by the active FIPS module */

/* Support levels reported by support(). */
#define FC_ABSENT 0
#define FC_COMPOSED 1 /* built in the fork package from the fork's primitives */
#define FC_NATIVE 2

/* Families for support(). */
enum { FC_FAMILY_MD = 1, FC_FAMILY_AEAD, FC_FAMILY_CIPHER, FC_FAMILY_HMAC };

/* Digests. */
enum {
	FC_MD5 = 1,
	FC_SHA1,
	FC_SHA224,
	FC_SHA256,
	FC_SHA384,
	FC_SHA512,
	FC_SHA512_224,
	FC_SHA512_256,
	FC_SHA3_224,
	FC_SHA3_256,
	FC_SHA3_384,
	FC_SHA3_512,
	FC_SHAKE128,
	FC_SHAKE256,
	FC_MD_COUNT
};

/* AEADs; every one takes a 16-byte tag. */
enum {
	FC_AES_GCM = 1, /* 16/24/32-byte key, 12-byte nonce */
	FC_CHACHA20_POLY1305, /* 32-byte key, 12-byte nonce */
	FC_XCHACHA20_POLY1305, /* 32-byte key, 24-byte nonce */
	FC_AEAD_COUNT
};

/* Unauthenticated AES modes. */
enum {
	FC_AES_ECB_ENCRYPT = 1,
	FC_AES_ECB_DECRYPT,
	FC_AES_CBC_ENCRYPT,
	FC_AES_CBC_DECRYPT,
	FC_AES_CTR,
	FC_CIPHER_COUNT
};

/*
 * Digest state in the layout the Go standard library marshals: h holds the
 * chaining words (32-bit words widened), block the buffered bytes.
 */
typedef struct fc_md_state {
	uint64_t h[8];
	uint8_t block[128];
	uint64_t len; /* bytes absorbed so far */
	uint32_t nblock; /* bytes in block */
} fc_md_state;

/* C reference loops for benchmarks: the floor a Go wrapper is measured against. */
enum { FC_FLOOR_SHA256 = 1, FC_FLOOR_HMAC_SHA256, FC_FLOOR_AES_GCM_SEAL };

typedef struct fc_ops {
	uint32_t abi; /* FC_ABI */
	uint32_t size; /* sizeof(fc_ops) */
	const char *fork; /* "openssl", "libressl", "boringssl", "awslc" */
	const char *built_version; /* the version the headers announced */

	/*
	 * Called once before anything else: loads configuration, fetches
	 * algorithms, and checks that the library loaded at run time is the
	 * fork and major version the package was built against.
	 */
	int (*init)(char **err);
	const char *(*version)(void); /* the library's own version text */
	void (*fips)(int *capable, int *enabled);
	int (*support)(int family, int alg); /* FC_NATIVE / FC_COMPOSED / FC_ABSENT */
	int (*fips_allowed)(int family, int alg); /* 1 when the FIPS module in force permits it */
	void (*free_err)(char *err);

	int (*rand_bytes)(uint8_t *out, size_t n, char **err);

	/*
	 * Digests. The Go side buffers small writes and defers Reset, so
	 * update and sum take the pending bytes and a reset flag: with reset
	 * set, ctx is treated as freshly initialised. sum leaves ctx's logical
	 * state unchanged: without reset it works on a copy in scratch; with
	 * reset it may use ctx itself, whose state is being discarded anyway.
	 */
	void *(*md_new)(int md, char **err);
	void (*md_free)(void *ctx);
	int (*md_copy)(void *dst, const void *src);
	int (*md_update)(void *ctx, int md, int reset, const uint8_t *p, size_t n);
	int (*md_sum)(void *ctx, void *scratch, int md, int reset, const uint8_t *p, size_t n,
		uint8_t *out, size_t outlen);
	int (*md_digest)(int md, const uint8_t *p, size_t n, uint8_t *out, size_t outlen);
	/* get (set=0) or set (set=1) the state; FC_EUNSUPPORTED where the fork hides it. */
	int (*md_state)(void *ctx, int md, int set, fc_md_state *st);

	/*
	 * HMAC with the same reset/pending convention as the digests. A sum with
	 * reset set may use h itself, since its state is being discarded.
	 * hmac_oneshot computes a whole MAC without a per-key object, for the
	 * common one-message-per-key use.
	 */
	int (*hmac_oneshot)(int md, const uint8_t *key, size_t keylen, const uint8_t *p, size_t n, uint8_t *out,
		size_t outlen);
	void *(*hmac_new)(int md, const uint8_t *key, size_t keylen, char **err);
	void (*hmac_free)(void *h);
	void *(*hmac_clone)(const void *h, char **err);
	int (*hmac_update)(void *h, int reset, const uint8_t *p, size_t n);
	int (*hmac_sum)(void *h, int reset, const uint8_t *p, size_t n, uint8_t *out, size_t outlen);

	/*
	 * AEADs. aead_new keys a template. aead_worker returns a context for one
	 * goroutine at a time, or NULL with *err unset when the template itself
	 * may be used by many threads at once. seal writes inlen+16 bytes; open
	 * takes the tag at the end of in and writes inlen-16 bytes. out may
	 * equal in exactly.
	 */
	void *(*aead_new)(int aead, const uint8_t *key, size_t keylen, char **err);
	void (*aead_free)(void *tmpl);
	void *(*aead_worker)(void *tmpl, char **err);
	void (*aead_worker_free)(void *worker);
	int (*aead_seal)(void *tmpl, void *worker, const uint8_t *nonce, size_t noncelen,
		const uint8_t *in, size_t inlen, const uint8_t *ad, size_t adlen, uint8_t *out);
	int (*aead_open)(void *tmpl, void *worker, const uint8_t *nonce, size_t noncelen,
		const uint8_t *in, size_t inlen, const uint8_t *ad, size_t adlen, uint8_t *out);

	/* AES ECB/CBC/CTR without padding; update processes n bytes. */
	void *(*cipher_new)(int kind, const uint8_t *key, size_t keylen, const uint8_t *iv,
		size_t ivlen, char **err);
	void *(*cipher_clone)(const void *ctx, char **err);
	void (*cipher_free)(void *ctx);
	int (*cipher_update)(void *ctx, const uint8_t *in, uint8_t *out, size_t n);

	/* Runs a C loop of iters operations, for benchmarks. */
	int (*floor)(int op, long iters, const uint8_t *in, size_t n, const uint8_t *key,
		size_t keylen);
} fc_ops;

#endif
