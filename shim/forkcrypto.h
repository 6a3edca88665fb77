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

#define FC_ABI 6

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
enum { FC_FAMILY_MD = 1, FC_FAMILY_AEAD, FC_FAMILY_CIPHER, FC_FAMILY_HMAC, FC_FAMILY_PKEY, FC_FAMILY_KDF, FC_FAMILY_KEM,
	FC_FAMILY_SIG };

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

/* Public-key kinds (FC_FAMILY_PKEY). */
enum {
	FC_PKEY_P224 = 1,
	FC_PKEY_P256,
	FC_PKEY_P384,
	FC_PKEY_P521,
	FC_PKEY_ED25519,
	FC_PKEY_X25519,
	FC_PKEY_RSA,
	FC_PKEY_COUNT
};

/*
 * Key components, indexing the parts arrays of pkey_new and the part
 * argument of pkey_get. Integers are unsigned big-endian.
 *   EC:      PUB = uncompressed point 04||X||Y, PRIV = scalar (curve size)
 *   Ed25519: PUB = 32 bytes, PRIV = the 32-byte seed
 *   X25519:  PUB = 32 bytes, PRIV = the 32-byte scalar as given (unclamped)
 *   RSA:     PUB = n, PRIV = d, then E, P, Q, DP, DQ, QINV
 */
enum {
	FC_PART_PUB = 0,
	FC_PART_PRIV,
	FC_PART_E,
	FC_PART_P,
	FC_PART_Q,
	FC_PART_DP,
	FC_PART_DQ,
	FC_PART_QINV,
	FC_PART_COUNT
};

/*
 * For kem_get and sig_get only: the expanded private key of FIPS 203 (dk,
 * 2400 or 3168 bytes) or FIPS 204 (sk, 2560, 4032 or 4896 bytes).
 */
#define FC_PART_EXPANDED FC_PART_COUNT

/* Key derivation functions (FC_FAMILY_KDF); each takes a contract digest for its HMAC. */
enum {
	FC_KDF_HKDF = 1, /* RFC 5869 */
	FC_KDF_PBKDF2, /* RFC 8018 section 5.2, HMAC PRF */
	FC_KDF_TLS12_PRF, /* RFC 5246 section 5, P_hash */
	FC_KDF_TLS13, /* RFC 8446 section 7.1, HKDF-Expand-Label */
	FC_KDF_SP800_108, /* SP 800-108r1 counter mode, HMAC PRF, 32-bit counter before the fixed input */
	FC_KDF_COUNT
};

/* Steps of kdf_hkdf. */
enum { FC_HKDF_EXTRACT_AND_EXPAND = 0, FC_HKDF_EXTRACT_ONLY, FC_HKDF_EXPAND_ONLY };

/* Key-encapsulation mechanisms (FC_FAMILY_KEM), FIPS 203. */
enum { FC_MLKEM768 = 1, FC_MLKEM1024, FC_KEM_COUNT };

/* Signature schemes held as seeds (FC_FAMILY_SIG): ML-DSA, FIPS 204. */
enum { FC_MLDSA44 = 1, FC_MLDSA65, FC_MLDSA87, FC_SIG_COUNT };

/* Flags of sig_sign and sig_verify. */
#define FC_SIG_DETERMINISTIC 1 /* sign with rnd = 32 zero bytes (FIPS 204 Algorithm 2, deterministic variant) */
#define FC_SIG_MU 2 /* in is the 64-byte external mu, not the message; no context */

/* Paddings for RSA; EC and Ed25519 take FC_PAD_NONE. */
enum { FC_PAD_NONE = 0, FC_PAD_PKCS1, FC_PAD_PSS, FC_PAD_OAEP };

/* PSS salt length for pkey_verify: recover it from the signature. */
#define FC_SALT_AUTO (-2)

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

/*
 * C reference loops for benchmarks: the floor a Go wrapper is measured against.
 * HKDF: HKDF-SHA256 of secret in, salt key, no info, 32 bytes out. PBKDF2:
 * PBKDF2-HMAC-SHA256 of password in, salt key, 10 000 iterations, 32 bytes out.
 */
enum {
	FC_FLOOR_SHA256 = 1,
	FC_FLOOR_HMAC_SHA256,
	FC_FLOOR_AES_GCM_SEAL,
	FC_FLOOR_HKDF_SHA256,
	FC_FLOOR_PBKDF2_SHA256
};

/* C reference loops for ML-KEM, run by kem_floor. */
enum {
	FC_FLOOR_KEM_GENERATE = 1, /* kem_generate(kind) + kem_free */
	FC_FLOOR_KEM_ENCAPSULATE, /* kem_encapsulate(k) with the fork's randomness */
	FC_FLOOR_KEM_DECAPSULATE /* kem_decapsulate(k, in = ciphertext) */
};

/* C reference loops for ML-DSA, run by sig_floor. */
enum {
	FC_FLOOR_SIG_GENERATE = 1, /* sig_generate(kind) + sig_free */
	FC_FLOOR_SIG_SIGN, /* sig_sign(k, hedged, in = message, no context) */
	FC_FLOOR_SIG_VERIFY, /* sig_verify(k, in = message, aux = signature, no context) */
	FC_FLOOR_SIG_IMPORT_PUBLIC /* sig_new(kind, pub = in) + sig_free */
};

/* C reference loops for public keys, run by pkey_floor. */
enum {
	FC_FLOOR_SIGN = 1, /* pkey_sign(k, md, pad, in); PSS salt = digest size */
	FC_FLOOR_VERIFY, /* pkey_verify(k, md, pad, in, aux = signature); PSS salt = digest size */
	FC_FLOOR_DERIVE, /* pkey_derive(k, aux = peer) */
	FC_FLOOR_IMPORT_PUBLIC, /* pkey_new(md = kind, in = PUB, aux = E for RSA) + pkey_free */
	FC_FLOOR_D2I_PUBKEY, /* the fork's own DER decoder on in (SubjectPublicKeyInfo) + free */
	FC_FLOOR_IMPORT_PRIVATE, /* pkey_new(md = kind, parts packed in `in` by fc_floor_pack) + pkey_free */
	FC_FLOOR_D2I_PRIVATE, /* the fork's own DER decoder on in (PKCS #8 PrivateKeyInfo) + free */
	FC_FLOOR_GENERATE, /* pkey_generate(md = kind, pad = RSA bits) + pkey_free */
	FC_FLOOR_EC_MUL_BASE /* one fixed-base scalar multiplication on curve md, in = the scalar */
};

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

	/*
	 * Public keys. A key is immutable after pkey_new or pkey_generate and
	 * may be used by many threads at once.
	 *
	 * pkey_new and pkey_generate set *k on success.
	 * pkey_new imports a key from parts (FC_PART_COUNT pointers and
	 * lengths; an absent part has length 0). It is private when PRIV is
	 * present. The fork checks what needs its arithmetic and returns
	 * FC_EINVALIDKEY when a check fails: an EC point must be on the curve;
	 * an EC, Ed25519 or X25519 private key's public half is derived from
	 * PRIV and, when PUB is also given, must equal it; an RSA private key
	 * needs P and Q, gets DP, DQ and QINV computed when any is absent, and
	 * must pass the fork's consistency check. Sizes, exponent limits and
	 * encodings were checked in Go.
	 *
	 * pkey_get copies one part out (EC PRIV padded to the curve size, RSA
	 * integers without leading zeros). With out NULL it only sets *len;
	 * FC_EFAIL when cap is too small or the key lacks the part.
	 */
	int (*pkey_new)(int kind, const uint8_t *const *parts, const size_t *lens, void **k, char **err);
	int (*pkey_generate)(int kind, int bits, void **k, char **err); /* bits: RSA only, e = 65537 */
	void (*pkey_free)(void *k);
	int (*pkey_get)(const void *k, int part, uint8_t *out, size_t cap, size_t *len);

	/*
	 * Signatures. ECDSA signs the digest in as given (any length, truncated
	 * as the standard says) and writes DER; Ed25519 signs the message in
	 * (pure Ed25519); RSA takes a digest of md (md 0 with FC_PAD_PKCS1:
	 * no DigestInfo prefix), and for FC_PAD_PSS an explicit salt length
	 * with MGF1 over md. *siglen is the capacity on entry and the length
	 * on return. pkey_verify returns FC_OK for a valid signature and
	 * FC_EAUTH, with *err unset, for an invalid one; it also takes
	 * FC_SALT_AUTO.
	 */
	int (*pkey_sign)(void *k, int md, int pad, int saltlen, const uint8_t *in, size_t inlen,
		uint8_t *sig, size_t *siglen, char **err);
	int (*pkey_verify)(void *k, int md, int pad, int saltlen, const uint8_t *in, size_t inlen,
		const uint8_t *sig, size_t siglen, char **err);

	/*
	 * Key agreement with the peer's public key as PUB bytes. An EC peer
	 * point off the curve, or an X25519 result of all zeros, gives
	 * FC_EINVALIDKEY. Writes the x-coordinate (EC) or the 32-byte shared
	 * secret; *outlen as in pkey_sign.
	 */
	int (*pkey_derive)(void *k, const uint8_t *peer, size_t peerlen, uint8_t *out, size_t *outlen,
		char **err);

	/*
	 * RSA encryption (decrypt 0) and decryption (decrypt 1) with
	 * FC_PAD_PKCS1 or FC_PAD_OAEP (md and mgf1md name the digests, label
	 * is OAEP's). A decryption failure returns FC_EAUTH with *err unset,
	 * so no padding detail leaks. *outlen as in pkey_sign.
	 */
	int (*pkey_crypt)(void *k, int decrypt, int pad, int md, int mgf1md, const uint8_t *label,
		size_t labellen, const uint8_t *in, size_t inlen, uint8_t *out, size_t *outlen, char **err);

	/* Runs a C loop of iters public-key operations (FC_FLOOR_SIGN...), for benchmarks. */
	int (*pkey_floor)(int op, long iters, void *k, int md, int pad, const uint8_t *in, size_t n,
		const uint8_t *aux, size_t auxlen);

	/* Runs a C loop of iters operations, for benchmarks. */
	int (*floor)(int op, long iters, const uint8_t *in, size_t n, const uint8_t *key,
		size_t keylen);

	/*
	 * Key derivation. Each writes exactly outlen bytes, computed by the fork:
	 * natively, or composed in the fork package from the fork's HMAC or HKDF
	 * (support() says which). md is the digest of the HMAC PRF. Go checked
	 * everything first: outlen within the KDF's limit and above 0, md one
	 * the fork has as an HMAC, iter >= 1, and every length <= INT_MAX (some
	 * forks take int). Returns FC_OK, FC_EUNSUPPORTED (the KDF, or md with
	 * it, is missing), FC_EFIPS (the FIPS module in force refuses it), or
	 * FC_EFAIL with *err.
	 *
	 * kdf_hkdf: FC_HKDF_EXTRACT_ONLY writes the PRK (outlen = digest size)
	 * from key (the input keying material) and salt; FC_HKDF_EXPAND_ONLY
	 * expands key (the PRK) with info, ignoring salt; the default does both.
	 * No lower bound on lengths or iterations is enforced in C: that policy
	 * belongs to the Go side, the same on every fork.
	 */
	int (*kdf_hkdf)(int md, int mode, const uint8_t *key, size_t keylen, const uint8_t *salt,
		size_t saltlen, const uint8_t *info, size_t infolen, uint8_t *out, size_t outlen, char **err);
	int (*kdf_pbkdf2)(int md, const uint8_t *pass, size_t passlen, const uint8_t *salt, size_t saltlen,
		uint32_t iter, uint8_t *out, size_t outlen, char **err);
	/* P_hash(secret, label || seed) of RFC 5246 section 5. */
	int (*kdf_tls12_prf)(int md, const uint8_t *secret, size_t secretlen, const uint8_t *label,
		size_t labellen, const uint8_t *seed, size_t seedlen, uint8_t *out, size_t outlen, char **err);
	/*
	 * HKDF-Expand-Label(secret, label, context, outlen) of RFC 8446: label
	 * comes without the "tls13 " prefix, which C adds (len(label) <= 249,
	 * contextlen <= 255, outlen <= 65535, checked in Go).
	 */
	int (*kdf_tls13_expand_label)(int md, const uint8_t *secret, size_t secretlen, const uint8_t *label,
		size_t labellen, const uint8_t *context, size_t contextlen, uint8_t *out, size_t outlen,
		char **err);
	/*
	 * SP 800-108r1 counter mode with HMAC: K(i) = HMAC(key, [i]32 || fixed)
	 * for i = 1, 2, ..., out = the first outlen bytes of K(1) || K(2) || ...
	 * fixed is the whole fixed input (Go builds label || 0x00 || context ||
	 * [L]32; known-answer tests pass theirs as given).
	 */
	int (*kdf_counter)(int md, const uint8_t *key, size_t keylen, const uint8_t *fixed, size_t fixedlen,
		uint8_t *out, size_t outlen, char **err);

	/*
	 * ML-KEM (FIPS 203), FC_MLKEM768 and FC_MLKEM1024. A key is immutable
	 * after kem_new or kem_generate and may be used by many threads at once.
	 *
	 * kem_new imports a decapsulation key (seed given, ek NULL) or an
	 * encapsulation key (ek given, seed NULL; 1184 or 1568 bytes, already
	 * modulus-checked in Go: a fork that checks again answers
	 * FC_EINVALIDKEY). A decapsulation key comes as its 64-byte seed d || z,
	 * or, when seedlen is 2400 or 3168, as FIPS 203's expanded decapsulation
	 * key (checked in Go; such a key has no seed to give back).
	 * kem_generate makes a decapsulation key with the fork's own key
	 * generation. Both set *k on success.
	 *
	 * kem_get copies out FC_PART_PUB (the encapsulation key; every key),
	 * FC_PART_PRIV (the 64-byte seed; decapsulation keys made from a seed or
	 * generated) or FC_PART_EXPANDED (the expanded decapsulation key; every
	 * decapsulation key); outlen must be that part's exact size, else FC_EFAIL.
	 *
	 * kem_encapsulate works on either kind of key: it writes the ciphertext
	 * (ctlen exact) and the 32-byte shared secret. With m given (32 bytes) it
	 * encapsulates deterministically with that randomness, for known-answer
	 * tests, or returns FC_EUNSUPPORTED where the fork offers no way to pass
	 * it. kem_decapsulate needs a decapsulation key and a ciphertext of the
	 * exact length; a well-formed but wrong ciphertext yields the implicit-
	 * rejection secret (FC_OK), as FIPS 203 says.
	 */
	int (*kem_new)(int kind, const uint8_t *seed, size_t seedlen, const uint8_t *ek, size_t eklen, void **k,
		char **err);
	int (*kem_generate)(int kind, void **k, char **err);
	void (*kem_free)(void *k);
	int (*kem_get)(const void *k, int part, uint8_t *out, size_t outlen);
	int (*kem_encapsulate)(void *k, const uint8_t *m, size_t mlen, uint8_t *ct, size_t ctlen, uint8_t *ss,
		size_t sslen, char **err);
	int (*kem_decapsulate)(void *k, const uint8_t *ct, size_t ctlen, uint8_t *ss, size_t sslen, char **err);
	/* Runs a C loop of iters ML-KEM operations (FC_FLOOR_KEM_*), for benchmarks. */
	int (*kem_floor)(int op, long iters, int kind, void *k, const uint8_t *in, size_t n);

	/*
	 * ML-DSA (FIPS 204), FC_MLDSA44/65/87. A key is immutable after sig_new
	 * or sig_generate and may be used by many threads at once. A fork
	 * without ML-DSA answers FC_EUNSUPPORTED from every slot (FC_EFIPS when
	 * the FIPS module in force refuses it).
	 *
	 * sig_new imports a private key (priv given, pub NULL) from its 32-byte
	 * seed xi or from FIPS 204's expanded private key (sk; such a key has no
	 * seed to give back), or a public key (pub given, priv NULL; exactly the
	 * parameter set's size). A fork that rejects the key answers
	 * FC_EINVALIDKEY. sig_generate makes a private key with the fork's own
	 * key generation; its seed must be retrievable. Both set *k.
	 *
	 * sig_get copies out FC_PART_PUB (every key), FC_PART_PRIV (the seed;
	 * keys made from one or generated) or FC_PART_EXPANDED (sk; every
	 * private key); outlen must be that part's exact size, else FC_EFAIL.
	 *
	 * sig_sign writes a signature of exactly siglen (the parameter set's
	 * size) over the message in with the context ctx (ctxlen <= 255, checked
	 * in Go), in FIPS 204's pure mode (M' = 0 || ctxlen || ctx || M). The
	 * randomness is the fork's (hedged), 32 zero bytes with
	 * FC_SIG_DETERMINISTIC, or rnd when given (32 bytes; known-answer tests;
	 * FC_EUNSUPPORTED where the fork cannot take it; FC_EFAIL together with
	 * FC_SIG_DETERMINISTIC). With FC_SIG_MU, in is
	 * the 64-byte mu of FIPS 204 Algorithm 7 line 6 and ctx is empty;
	 * FC_EUNSUPPORTED where the fork cannot sign one. sig_verify checks a
	 * signature the same way and returns FC_OK, or FC_EAUTH with *err unset
	 * for an invalid one (a wrong length included).
	 */
	int (*sig_new)(int kind, const uint8_t *priv, size_t privlen, const uint8_t *pub, size_t publen, void **k,
		char **err);
	int (*sig_generate)(int kind, void **k, char **err);
	void (*sig_free)(void *k);
	int (*sig_get)(const void *k, int part, uint8_t *out, size_t outlen);
	int (*sig_sign)(void *k, int flags, const uint8_t *in, size_t inlen, const uint8_t *ctx, size_t ctxlen,
		const uint8_t *rnd, size_t rndlen, uint8_t *sig, size_t siglen, char **err);
	int (*sig_verify)(void *k, int flags, const uint8_t *in, size_t inlen, const uint8_t *ctx, size_t ctxlen,
		const uint8_t *sig, size_t siglen, char **err);
	/* Runs a C loop of iters ML-DSA operations (FC_FLOOR_SIG_*), for benchmarks. */
	int (*sig_floor)(int op, long iters, int kind, void *k, const uint8_t *in, size_t n, const uint8_t *aux,
		size_t auxlen);

	/*
	 * The FIPS module in force, as the module names itself (OpenSSL 3: the
	 * provider's name, version and build information), or "" when none is.
	 * Fixed after init.
	 */
	const char *(*fips_module)(void);
	/*
	 * aead_seal with a nonce of noncelen bytes drawn from the fork's DRBG
	 * into nonce first, in the same call: the nonce comes from inside the
	 * module, as FIPS 140-3 wants of AES-GCM.
	 */
	int (*aead_seal_random)(void *tmpl, void *worker, uint8_t *nonce, size_t noncelen, const uint8_t *in,
		size_t inlen, const uint8_t *ad, size_t adlen, uint8_t *out);
} fc_ops;

#endif
