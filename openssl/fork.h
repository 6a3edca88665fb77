/*
 * The openssl package's private header: the check that the headers are
 * OpenSSL 3's, the includes every C file of the package shares, and what
 * more than one of them uses (the algorithms init fetches, the error-queue
 * helpers, the key struct) or the fc_openssl_ops table in fork.c points to.
 */
#ifndef FORKCRYPTO_OPENSSL_FORK_H
#define FORKCRYPTO_OPENSSL_FORK_H

#include <openssl/opensslv.h>

#if defined(OPENSSL_IS_AWSLC) || defined(OPENSSL_IS_BORINGSSL) || defined(LIBRESSL_VERSION_NUMBER) || \
	!defined(OPENSSL_VERSION_MAJOR) || OPENSSL_VERSION_MAJOR < 3
#error "forkcrypto: the openssl build tag needs OpenSSL 3 headers, but these belong to another fork or version. Point PKG_CONFIG_PATH at the directory holding OpenSSL 3's libcrypto.pc, or build with the tag of the fork these headers belong to (-tags libressl, boringssl or awslc)."
#endif

#include <limits.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include "forkcrypto.h"

/* Names of the contract's digests in OpenSSL 3's provider namespace (fork.c). */
extern const char *const fcx_md_names[FC_MD_COUNT];

/* Fetched once in fc_init (fork.c); read-only afterwards. */
extern EVP_MD *fcx_mds[FC_MD_COUNT];
extern EVP_MAC *fcx_hmac_mac;
extern EVP_CIPHER *fcx_gcm[3], *fcx_ecb[3], *fcx_cbc[3], *fcx_ctr[3], *fcx_chacha_poly, *fcx_chacha;
extern int fcx_fips_enabled;
/* Set when a fetch failed while FIPS was in force: the fork has the algorithm but the module refuses it. */
extern unsigned char fcx_pkey_fips_refused[FC_PKEY_COUNT];
extern unsigned char fcx_md_fips_refused[FC_MD_COUNT];

/* fork.c: the error queue and the key sizes. */
int fcx_fail(char **err, int status, const char *what);
void *fcx_fail_null(char **err, const char *what);
int fcx_key_index(size_t keylen);

/* digest.c */
int fcx_is_xof(int md);
int fcx_valid_md(int md);

/* aead.c; cipher.c uses it too. */
int fcx_update_chunked(EVP_CIPHER_CTX *c, uint8_t *out, const uint8_t *in, size_t n);

/* hmac.c and pkey.c: the start-up steps init calls, and what support asks of pkey.c (fork.c). */
void fcx_init_hmac(void);
void fcx_init_pkey(void);
int fcx_pkey_available(int kind);

/* hmac.c, for kdf.c's composed HKDF: a copy of md's unkeyed EVP_MAC_CTX (NULL when absent). */
int fcx_hmac_unkeyed_available(int md);
EVP_MAC_CTX *fcx_hmac_unkeyed_dup(int md);

/* kdf.c and kem.c: start-up (fetches) and what support and fips_allowed ask of them (fork.c). */
void fcx_init_kdf(void);
int fcx_kdf_support(int kdf);
int fcx_kdf_fips_allowed(int kdf);
void fcx_init_kem(void);
/* kem.c, for sig.c too: a key from one octet-string parameter, or generated, on a copy of tmpl. */
EVP_PKEY *fcx_template_fromdata(EVP_PKEY_CTX *tmpl, int selection, const char *name, const uint8_t *in,
	size_t inlen);
EVP_PKEY *fcx_template_keygen(EVP_PKEY_CTX *tmpl);
int fcx_kem_support(int kind);
int fcx_kem_fips_allowed(int kind);
int fcx_kem_available(int kind);
size_t fcx_kem_ctlen(int kind);

/* sig.c: the same for ML-DSA. */
void fcx_init_sig(void);
int fcx_sig_support(int kind);
int fcx_sig_fips_allowed(int kind);
int fcx_sig_available(int kind);
size_t fcx_sig_siglen(int kind);

/* A public key (pkey.c; floor.c reads it too). */
#define EC_PUB_MAX (1 + 2 * 66)

typedef struct {
	int kind;
	int priv; /* holds a private key */
	EVP_PKEY *pkey;
	size_t publen; /* EC, Ed25519, X25519: the public part, cached at creation */
	uint8_t pub[EC_PUB_MAX];
} fc_pkey;

/* The slots of fc_openssl_ops (fork.c), each defined in its family's file. */
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
void fcx_hmac_free(void *h);
void *fcx_hmac_clone(const void *h, char **err);
int fcx_hmac_update(void *h, int reset, const uint8_t *in, size_t n);
int fcx_hmac_sum(void *h, int reset, const uint8_t *in, size_t n, uint8_t *out, size_t outlen);

void *fcx_aead_new(int aead, const uint8_t *key, size_t keylen, char **err);
void fcx_aead_free(void *p);
void *fcx_aead_worker(void *p, char **err);
void fcx_aead_worker_free(void *p);
int fcx_aead_seal(void *t, void *wp, const uint8_t *nonce, size_t noncelen, const uint8_t *in, size_t inlen,
	const uint8_t *ad, size_t adlen, uint8_t *out);
int fcx_aead_seal_random(void *t, void *w, uint8_t *nonce, size_t noncelen, const uint8_t *in, size_t inlen,
	const uint8_t *ad, size_t adlen, uint8_t *out);
int fcx_aead_open(void *t, void *wp, const uint8_t *nonce, size_t noncelen, const uint8_t *in, size_t inlen,
	const uint8_t *ad, size_t adlen, uint8_t *out);

void *fcx_cipher_new(int kind, const uint8_t *key, size_t keylen, const uint8_t *iv, size_t ivlen, char **err);
void *fcx_cipher_clone(const void *ctx, char **err);
void fcx_cipher_free(void *ctx);
int fcx_cipher_update(void *ctx, const uint8_t *in, uint8_t *out, size_t n);

/* pkey.c: each curve's group, built in fc_init; read-only afterwards (the floor's scalar loop uses it too). */
extern EC_GROUP *fcx_groups[FC_PKEY_P521 + 1];
int fcx_pkey_new(int kind, const uint8_t *const *parts, const size_t *lens, void **k, char **err);
int fcx_pkey_generate(int kind, int bits, void **k, char **err);
void fcx_pkey_free(void *p);
int fcx_pkey_get(const void *p, int part, uint8_t *out, size_t cap, size_t *len);
int fcx_pkey_sign(void *p, int md, int pad, int saltlen, const uint8_t *in, size_t inlen, uint8_t *sig,
	size_t *siglen, char **err);
int fcx_pkey_verify(void *p, int md, int pad, int saltlen, const uint8_t *in, size_t inlen, const uint8_t *sig,
	size_t siglen, char **err);
int fcx_pkey_derive(void *p, const uint8_t *peer, size_t peerlen, uint8_t *out, size_t *outlen, char **err);
int fcx_pkey_crypt(void *p, int decrypt, int pad, int md, int mgf1md, const uint8_t *label, size_t labellen,
	const uint8_t *in, size_t inlen, uint8_t *out, size_t *outlen, char **err);

/* floor.c */
int fcx_pkey_floor(int op, long iters, void *k, int md, int pad, const uint8_t *in, size_t n, const uint8_t *aux,
	size_t auxlen);
int fcx_floor_run(int op, long iters, const uint8_t *in, size_t n, const uint8_t *key, size_t keylen);
int fcx_kem_floor(int op, long iters, int kind, void *k, const uint8_t *in, size_t n);
int fcx_sig_floor(int op, long iters, int kind, void *k, const uint8_t *in, size_t n, const uint8_t *aux,
	size_t auxlen);

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

#endif
