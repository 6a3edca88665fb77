/*
 * The boringssl package's private header, shared by its C files (fork.c and
 * one file per family); not part of the contract (shim/forkcrypto.h). It
 * checks that the headers are BoringSSL's, includes what the files share and
 * declares what more than one file uses: the algorithms init looks up, the
 * error-queue helpers and the slots of fc_boringssl_ops.
 */
#ifndef FORKCRYPTO_BORINGSSL_FORK_H
#define FORKCRYPTO_BORINGSSL_FORK_H

#include <openssl/opensslv.h> /* present in every fork, unlike base.h: the guard below can then speak */

#include <openssl/crypto.h>

#if !defined(OPENSSL_IS_BORINGSSL) || defined(OPENSSL_IS_AWSLC)
#error "forkcrypto: the boringssl build tag needs BoringSSL headers, but these belong to another fork. Point PKG_CONFIG_PATH at the directory holding BoringSSL's libcrypto.pc, or build with the tag of the fork these headers belong to (no tag for OpenSSL 3, -tags libressl or awslc)."
#endif

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/aead.h>
#include <openssl/cipher.h>
#include <openssl/crypto.h>
#include <openssl/digest.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "forkcrypto.h"

/* Looked up once by init (fork.c). */
extern const EVP_MD *fcx_mds[FC_MD_COUNT];
extern const EVP_AEAD *fcx_aead_gcm[3];
extern const EVP_CIPHER *fcx_ecb[3], *fcx_cbc[3], *fcx_ctr[3];
extern EC_GROUP *fcx_groups[FC_PKEY_P521 + 1];

/* fork.c: the error queue and lookups. */
int fcx_fail(char **err, int status, const char *what);
void *fcx_fail_null(char **err, const char *what);
int fcx_key_index(size_t keylen);
int fcx_valid_md(int md);

/* pkey.c: the EVP_MD of a contract digest, or NULL. */
const EVP_MD *fcx_md_of(int md);

/* The slots of fc_boringssl_ops (fork.c), each defined in its family's file. */
int fcx_rand_bytes(uint8_t *out, size_t n, char **err);

void *fcx_md_new(int md, char **err);
void fcx_md_free(void *ctx);
int fcx_md_copy(void *dst, const void *src);
int fcx_md_update(void *ctx, int md, int reset, const uint8_t *p, size_t n);
int fcx_md_sum(void *ctx, void *scratch, int md, int reset, const uint8_t *p, size_t n, uint8_t *out,
	size_t outlen);
int fcx_md_digest(int md, const uint8_t *p, size_t n, uint8_t *out, size_t outlen);
int fcx_md_state(void *ctx, int md, int set, fc_md_state *st);

int fcx_hmac_oneshot(int md, const uint8_t *key, size_t keylen, const uint8_t *p, size_t n, uint8_t *out,
	size_t outlen);
void *fcx_hmac_new(int md, const uint8_t *key, size_t keylen, char **err);
void fcx_hmac_free(void *p);
void *fcx_hmac_clone(const void *p, char **err);
int fcx_hmac_update(void *p, int reset, const uint8_t *in, size_t n);
int fcx_hmac_sum(void *p, int reset, const uint8_t *in, size_t n, uint8_t *out, size_t outlen);

void *fcx_aead_new(int aead, const uint8_t *key, size_t keylen, char **err);
void fcx_aead_free(void *t);
void *fcx_aead_worker(void *t, char **err);
void fcx_aead_worker_free(void *w);
int fcx_aead_seal(void *t, void *w, const uint8_t *nonce, size_t noncelen, const uint8_t *in, size_t inlen,
	const uint8_t *ad, size_t adlen, uint8_t *out);
int fcx_aead_seal_random(void *t, void *w, uint8_t *nonce, size_t noncelen, const uint8_t *in, size_t inlen,
	const uint8_t *ad, size_t adlen, uint8_t *out);
int fcx_aead_open(void *t, void *w, const uint8_t *nonce, size_t noncelen, const uint8_t *in, size_t inlen,
	const uint8_t *ad, size_t adlen, uint8_t *out);

void *fcx_cipher_new(int kind, const uint8_t *key, size_t keylen, const uint8_t *iv, size_t ivlen, char **err);
void *fcx_cipher_clone(const void *ctx, char **err);
void fcx_cipher_free(void *ctx);
int fcx_cipher_update(void *ctx, const uint8_t *in, uint8_t *out, size_t n);

int fcx_pkey_new(int kind, const uint8_t *const *parts, const size_t *lens, void **out, char **err);
int fcx_pkey_generate(int kind, int bits, void **out, char **err);
void fcx_pkey_free(void *p);
int fcx_pkey_get(const void *p, int part, uint8_t *out, size_t cap, size_t *len);
int fcx_pkey_sign(void *p, int md, int pad, int saltlen, const uint8_t *in, size_t inlen, uint8_t *sig,
	size_t *siglen, char **err);
int fcx_pkey_verify(void *p, int md, int pad, int saltlen, const uint8_t *in, size_t inlen, const uint8_t *sig,
	size_t siglen, char **err);
int fcx_pkey_derive(void *p, const uint8_t *peer, size_t peerlen, uint8_t *out, size_t *outlen, char **err);
int fcx_pkey_crypt(void *p, int decrypt, int pad, int md, int mgf1md, const uint8_t *label, size_t labellen,
	const uint8_t *in, size_t inlen, uint8_t *out, size_t *outlen, char **err);

/* floor.c: the C reference loops. */
int fcx_pkey_floor(int op, long iters, void *k, int md, int pad, const uint8_t *in, size_t n, const uint8_t *aux,
	size_t auxlen);
int fcx_floor_run(int op, long iters, const uint8_t *in, size_t n, const uint8_t *key, size_t keylen);

/* kdf.c and kem.c: key derivation and ML-KEM. */
int fcx_kdf_hkdf(int md, int mode, const uint8_t *key, size_t keylen, const uint8_t *salt, size_t saltlen,
	const uint8_t *info, size_t infolen, uint8_t *out, size_t outlen, char **err);
int fcx_kdf_pbkdf2(int md, const uint8_t *pass, size_t passlen, const uint8_t *salt, size_t saltlen, uint32_t iter,
	uint8_t *out, size_t outlen, char **err);
int fcx_kdf_tls12_prf(int md, const uint8_t *secret, size_t secretlen, const uint8_t *label, size_t labellen,
	const uint8_t *seed, size_t seedlen, uint8_t *out, size_t outlen, char **err);
int fcx_kdf_tls13_expand_label(int md, const uint8_t *secret, size_t secretlen, const uint8_t *label,
	size_t labellen, const uint8_t *context, size_t contextlen, uint8_t *out, size_t outlen, char **err);
int fcx_kdf_counter(int md, const uint8_t *key, size_t keylen, const uint8_t *fixed, size_t fixedlen,
	uint8_t *out, size_t outlen, char **err);
int fcx_kem_new(int kind, const uint8_t *seed, size_t seedlen, const uint8_t *ek, size_t eklen, void **k,
	char **err);
int fcx_kem_generate(int kind, void **k, char **err);
void fcx_kem_free(void *k);
int fcx_kem_get(const void *k, int part, uint8_t *out, size_t outlen);
int fcx_kem_encapsulate(void *k, const uint8_t *m, size_t mlen, uint8_t *ct, size_t ctlen, uint8_t *ss,
	size_t sslen, char **err);
int fcx_kem_decapsulate(void *k, const uint8_t *ct, size_t ctlen, uint8_t *ss, size_t sslen, char **err);
int fcx_kem_floor(int op, long iters, int kind, void *k, const uint8_t *in, size_t n);

/* sig.c: ML-DSA. */
int fcx_sig_new(int kind, const uint8_t *priv, size_t privlen, const uint8_t *pub, size_t publen, void **k,
	char **err);
int fcx_sig_generate(int kind, void **k, char **err);
void fcx_sig_free(void *k);
int fcx_sig_get(const void *k, int part, uint8_t *out, size_t outlen);
int fcx_sig_sign(void *k, int flags, const uint8_t *in, size_t inlen, const uint8_t *ctx, size_t ctxlen,
	const uint8_t *rnd, size_t rndlen, uint8_t *sig, size_t siglen, char **err);
int fcx_sig_verify(void *k, int flags, const uint8_t *in, size_t inlen, const uint8_t *ctx, size_t ctxlen,
	const uint8_t *sig, size_t siglen, char **err);
int fcx_sig_floor(int op, long iters, int kind, void *k, const uint8_t *in, size_t n, const uint8_t *aux,
	size_t auxlen);

#endif
