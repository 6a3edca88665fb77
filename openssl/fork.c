//go:build !libressl && !boringssl && !awslc

/*
 * forkcrypto's contract (shim/forkcrypto.h) on OpenSSL 3.
 *
 * OpenSSL 3 differs from the other forks in ways that shape this package:
 *  - Algorithms come from providers. An implicit fetch per call (EVP_sha256()
 *    and friends) costs 2-4x the digest itself on small inputs, so every
 *    algorithm is fetched once in fc_init and kept for the process.
 *  - The configuration must load before any provider query, or the default
 *    provider activates first and a FIPS configuration is bypassed.
 *
 * This file holds start-up, the error queue and the fc_ops table. Each family
 * has its own file (rand.c, digest.c, hmac.c, aead.c, cipher.c, pkey.c,
 * kdf.c, kem.c, sig.c; the C reference loops in floor.c), headed by what sets
 * OpenSSL 3 apart there; fork.h declares what more than one file uses.
 */
#include "fork.h"

#include <stdio.h>

#include <openssl/provider.h>

/* Names of the contract's digests in OpenSSL 3's provider namespace. */
const char *const fcx_md_names[FC_MD_COUNT] = {
	[FC_MD5] = "MD5",
	[FC_SHA1] = "SHA1",
	[FC_SHA224] = "SHA2-224",
	[FC_SHA256] = "SHA2-256",
	[FC_SHA384] = "SHA2-384",
	[FC_SHA512] = "SHA2-512",
	[FC_SHA512_224] = "SHA2-512/224",
	[FC_SHA512_256] = "SHA2-512/256",
	[FC_SHA3_224] = "SHA3-224",
	[FC_SHA3_256] = "SHA3-256",
	[FC_SHA3_384] = "SHA3-384",
	[FC_SHA3_512] = "SHA3-512",
	[FC_SHAKE128] = "SHAKE-128",
	[FC_SHAKE256] = "SHAKE-256",
};

/* Key sizes 16, 24, 32 map to index 0, 1, 2. */
static const char *const gcm_names[3] = {"AES-128-GCM", "AES-192-GCM", "AES-256-GCM"};
static const char *const ecb_names[3] = {"AES-128-ECB", "AES-192-ECB", "AES-256-ECB"};
static const char *const cbc_names[3] = {"AES-128-CBC", "AES-192-CBC", "AES-256-CBC"};
static const char *const ctr_names[3] = {"AES-128-CTR", "AES-192-CTR", "AES-256-CTR"};

/* Fetched once in fc_init; read-only afterwards. */
EVP_MD *fcx_mds[FC_MD_COUNT];
EVP_MAC *fcx_hmac_mac;
EVP_CIPHER *fcx_gcm[3], *fcx_ecb[3], *fcx_cbc[3], *fcx_ctr[3], *fcx_chacha_poly, *fcx_chacha;
int fcx_fips_enabled;
static int fips_capable;
/* Set when a fetch failed while FIPS was in force: the fork has the algorithm but the module refuses it. */
unsigned char fcx_md_fips_refused[FC_MD_COUNT];
static unsigned char aead_fips_refused[FC_AEAD_COUNT];
unsigned char fcx_pkey_fips_refused[FC_PKEY_COUNT];

/* err_text drains the thread's error queue into a malloc'd string. */
static char *err_text(const char *what)
{
	char buf[1024], line[256];
	size_t off = 0;
	const char *data;
	int flags;
	unsigned long e;

	off = (size_t)snprintf(buf, sizeof buf, "%s", what);
	while ((e = ERR_get_error_all(NULL, NULL, NULL, &data, &flags)) != 0) {
		ERR_error_string_n(e, line, sizeof line);
		if (off < sizeof buf)
			off += (size_t)snprintf(buf + off, sizeof buf - off, "; %s", line);
		if (data != NULL && (flags & ERR_TXT_STRING) && *data && off < sizeof buf)
			off += (size_t)snprintf(buf + off, sizeof buf - off, " (%s)", data);
	}
	return strdup(buf);
}

/* fcx_fail reports status with the queue's text in *err, or clears the queue when err is NULL. */
int fcx_fail(char **err, int status, const char *what)
{
	if (err != NULL)
		*err = err_text(what);
	else
		ERR_clear_error();
	return status;
}

void *fcx_fail_null(char **err, const char *what)
{
	fcx_fail(err, FC_EFAIL, what);
	return NULL;
}

static void free_err(char *err) { free(err); }

int fcx_key_index(size_t keylen)
{
	switch (keylen) {
	case 16: return 0;
	case 24: return 1;
	case 32: return 2;
	}
	return -1;
}

/* ---- start-up ---- */

static EVP_CIPHER *fetch_cipher(const char *name)
{
	EVP_CIPHER *c = EVP_CIPHER_fetch(NULL, name, NULL);
	ERR_clear_error();
	return c;
}

/*
 * The FIPS provider in force names itself through its parameters; read once
 * in init (the provider stays loaded for the life of the program).
 */
static char fips_module_name[256];

static void read_fips_module(void)
{
	OSSL_PROVIDER *p = fcx_fips_enabled ? OSSL_PROVIDER_load(NULL, "fips") : NULL;
	if (p == NULL)
		return;
	char *name = NULL, *version = NULL, *build = NULL;
	OSSL_PARAM params[] = {
		OSSL_PARAM_construct_utf8_ptr(OSSL_PROV_PARAM_NAME, &name, 0),
		OSSL_PARAM_construct_utf8_ptr(OSSL_PROV_PARAM_VERSION, &version, 0),
		OSSL_PARAM_construct_utf8_ptr(OSSL_PROV_PARAM_BUILDINFO, &build, 0),
		OSSL_PARAM_construct_end(),
	};
	if (OSSL_PROVIDER_get_params(p, params) && name != NULL)
		snprintf(fips_module_name, sizeof fips_module_name, "%s %s%s%s%s", name, version ? version : "",
			build ? " (" : "", build ? build : "", build ? ")" : "");
	ERR_clear_error();
}

static const char *fips_module(void) { return fips_module_name; }

static int init(char **err)
{
	/* The configuration first: a provider query before it activates the default provider. */
	if (!OPENSSL_init_crypto(OPENSSL_INIT_LOAD_CONFIG, NULL))
		return fcx_fail(err, FC_EFAIL, "loading the OpenSSL configuration");

	const char *v = OpenSSL_version(OPENSSL_VERSION);
	if (strncmp(v, "OpenSSL ", 8) != 0 || OPENSSL_version_major() != OPENSSL_VERSION_MAJOR ||
		OPENSSL_version_minor() < OPENSSL_VERSION_MINOR) {
		char buf[256];
		snprintf(buf, sizeof buf,
			"built against OpenSSL %d.%d headers, but the libcrypto loaded at run time is \"%s\"; "
			"run with the library the program was built against or rebuild against this one",
			OPENSSL_VERSION_MAJOR, OPENSSL_VERSION_MINOR, v);
		*err = strdup(buf);
		return FC_EFAIL;
	}

	fcx_fips_enabled = EVP_default_properties_is_fips_enabled(NULL);
	fips_capable = OSSL_PROVIDER_available(NULL, "fips");
	read_fips_module();

	for (int md = 1; md < FC_MD_COUNT; md++) {
		fcx_mds[md] = EVP_MD_fetch(NULL, fcx_md_names[md], NULL);
		fcx_md_fips_refused[md] = fcx_mds[md] == NULL && fcx_fips_enabled;
	}
	fcx_hmac_mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	fcx_init_hmac();
	for (int i = 0; i < 3; i++) {
		fcx_gcm[i] = fetch_cipher(gcm_names[i]);
		fcx_ecb[i] = fetch_cipher(ecb_names[i]);
		fcx_cbc[i] = fetch_cipher(cbc_names[i]);
		fcx_ctr[i] = fetch_cipher(ctr_names[i]);
	}
	fcx_chacha_poly = fetch_cipher("ChaCha20-Poly1305");
	fcx_chacha = fetch_cipher("ChaCha20");
	aead_fips_refused[FC_AES_GCM] = fcx_gcm[0] == NULL && fcx_fips_enabled;
	aead_fips_refused[FC_CHACHA20_POLY1305] = fcx_chacha_poly == NULL && fcx_fips_enabled;
	aead_fips_refused[FC_XCHACHA20_POLY1305] = (fcx_chacha_poly == NULL || fcx_chacha == NULL) && fcx_fips_enabled;
	fcx_init_pkey();
	fcx_init_kdf();
	fcx_init_kem();
	fcx_init_sig();
	ERR_clear_error();
	return FC_OK;
}

static const char *version(void) { return OpenSSL_version(OPENSSL_VERSION); }

static void fips(int *capable, int *enabled)
{
	*capable = fips_capable;
	*enabled = fcx_fips_enabled;
}

static int support(int family, int alg)
{
	switch (family) {
	case FC_FAMILY_MD:
		if (alg <= 0 || alg >= FC_MD_COUNT)
			return FC_ABSENT;
		return fcx_mds[alg] != NULL || fcx_md_fips_refused[alg] ? FC_NATIVE : FC_ABSENT;
	case FC_FAMILY_HMAC:
		if (alg <= 0 || alg >= FC_MD_COUNT || fcx_is_xof(alg) || fcx_hmac_mac == NULL)
			return FC_ABSENT;
		return fcx_mds[alg] != NULL || fcx_md_fips_refused[alg] ? FC_NATIVE : FC_ABSENT;
	case FC_FAMILY_AEAD:
		switch (alg) {
		case FC_AES_GCM:
			return fcx_gcm[0] != NULL || aead_fips_refused[alg] ? FC_NATIVE : FC_ABSENT;
		case FC_CHACHA20_POLY1305:
			return fcx_chacha_poly != NULL || aead_fips_refused[alg] ? FC_NATIVE : FC_ABSENT;
		case FC_XCHACHA20_POLY1305:
			return (fcx_chacha_poly != NULL && fcx_chacha != NULL) || aead_fips_refused[alg] ? FC_COMPOSED
												  : FC_ABSENT;
		}
		return FC_ABSENT;
	case FC_FAMILY_CIPHER:
		switch (alg) {
		case FC_AES_ECB_ENCRYPT:
		case FC_AES_ECB_DECRYPT: return fcx_ecb[0] != NULL ? FC_NATIVE : FC_ABSENT;
		case FC_AES_CBC_ENCRYPT:
		case FC_AES_CBC_DECRYPT: return fcx_cbc[0] != NULL ? FC_NATIVE : FC_ABSENT;
		case FC_AES_CTR: return fcx_ctr[0] != NULL ? FC_NATIVE : FC_ABSENT;
		}
		return FC_ABSENT;
	case FC_FAMILY_PKEY:
		if (alg <= 0 || alg >= FC_PKEY_COUNT)
			return FC_ABSENT;
		return fcx_pkey_available(alg) || fcx_pkey_fips_refused[alg] ? FC_NATIVE : FC_ABSENT;
	case FC_FAMILY_KDF:
		return fcx_kdf_support(alg);
	case FC_FAMILY_KEM:
		return fcx_kem_support(alg);
	case FC_FAMILY_SIG:
		return fcx_sig_support(alg);
	}
	return FC_ABSENT;
}

static int fips_allowed(int family, int alg)
{
	switch (family) {
	case FC_FAMILY_MD:
	case FC_FAMILY_HMAC:
		return alg > 0 && alg < FC_MD_COUNT && !fcx_md_fips_refused[alg];
	case FC_FAMILY_AEAD:
		return alg > 0 && alg < FC_AEAD_COUNT && !aead_fips_refused[alg];
	case FC_FAMILY_PKEY:
		return alg > 0 && alg < FC_PKEY_COUNT && !fcx_pkey_fips_refused[alg];
	case FC_FAMILY_KDF:
		return fcx_kdf_fips_allowed(alg);
	case FC_FAMILY_KEM:
		return fcx_kem_fips_allowed(alg);
	case FC_FAMILY_SIG:
		return fcx_sig_fips_allowed(alg);
	}
	return 1;
}

const fc_ops fc_openssl_ops = {
	.abi = FC_ABI,
	.size = sizeof(fc_ops),
	.fork = "openssl",
	.built_version = OPENSSL_VERSION_TEXT,
	.init = init,
	.version = version,
	.fips = fips,
	.support = support,
	.fips_allowed = fips_allowed,
	.free_err = free_err,
	.rand_bytes = fcx_rand_bytes,
	.md_new = fcx_md_new,
	.md_free = fcx_md_free,
	.md_copy = fcx_md_copy,
	.md_update = fcx_md_update,
	.md_sum = fcx_md_sum,
	.md_digest = fcx_md_digest,
	.md_state = fcx_md_state,
	.hmac_oneshot = fcx_hmac_oneshot,
	.hmac_new = fcx_hmac_new,
	.hmac_free = fcx_hmac_free,
	.hmac_clone = fcx_hmac_clone,
	.hmac_update = fcx_hmac_update,
	.hmac_sum = fcx_hmac_sum,
	.aead_new = fcx_aead_new,
	.aead_free = fcx_aead_free,
	.aead_worker = fcx_aead_worker,
	.aead_worker_free = fcx_aead_worker_free,
	.aead_seal = fcx_aead_seal,
	.aead_open = fcx_aead_open,
	.cipher_new = fcx_cipher_new,
	.cipher_clone = fcx_cipher_clone,
	.cipher_free = fcx_cipher_free,
	.cipher_update = fcx_cipher_update,
	.pkey_new = fcx_pkey_new,
	.pkey_generate = fcx_pkey_generate,
	.pkey_free = fcx_pkey_free,
	.pkey_get = fcx_pkey_get,
	.pkey_sign = fcx_pkey_sign,
	.pkey_verify = fcx_pkey_verify,
	.pkey_derive = fcx_pkey_derive,
	.pkey_crypt = fcx_pkey_crypt,
	.pkey_floor = fcx_pkey_floor,
	.floor = fcx_floor_run,
	.kdf_hkdf = fcx_kdf_hkdf,
	.kdf_pbkdf2 = fcx_kdf_pbkdf2,
	.kdf_tls12_prf = fcx_kdf_tls12_prf,
	.kdf_tls13_expand_label = fcx_kdf_tls13_expand_label,
	.kdf_counter = fcx_kdf_counter,
	.kem_new = fcx_kem_new,
	.kem_generate = fcx_kem_generate,
	.kem_free = fcx_kem_free,
	.kem_get = fcx_kem_get,
	.kem_encapsulate = fcx_kem_encapsulate,
	.kem_decapsulate = fcx_kem_decapsulate,
	.kem_floor = fcx_kem_floor,
	.sig_new = fcx_sig_new,
	.sig_generate = fcx_sig_generate,
	.sig_free = fcx_sig_free,
	.sig_get = fcx_sig_get,
	.sig_sign = fcx_sig_sign,
	.sig_verify = fcx_sig_verify,
	.sig_floor = fcx_sig_floor,
	.fips_module = fips_module,
	.aead_seal_random = fcx_aead_seal_random,
};
