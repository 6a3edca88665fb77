//go:build boringssl

/*
 * forkcrypto's contract (shim/forkcrypto.h) on BoringSSL.
 *
 * What sets BoringSSL apart from the other forks, as this file meets it:
 *  - OpenSSL_version() says only "BoringSSL": the run-time check can tell the
 *    fork, not its version.
 *
 * This file holds start-up, the error queue and the fc_ops table. Each family
 * has its own file (rand.c, digest.c, hmac.c, aead.c, cipher.c, pkey.c; the
 * benchmark loops in floor.c), headed by what sets BoringSSL apart there;
 * fork.h declares what more than one file uses.
 */
#include "fork.h"

#include <stdio.h>

#include <openssl/nid.h>

#define STR2(x) #x
#define STR(x) STR2(x)

const EVP_MD *fcx_mds[FC_MD_COUNT];
const EVP_AEAD *fcx_aead_gcm[3];
const EVP_CIPHER *fcx_ecb[3], *fcx_cbc[3], *fcx_ctr[3];
EC_GROUP *fcx_groups[FC_PKEY_P521 + 1];

static char *err_text(const char *what)
{
	char buf[1024], line[256];
	size_t off = (size_t)snprintf(buf, sizeof buf, "%s", what);
	const char *data;
	int flags;
	uint32_t e;
	while ((e = ERR_get_error_line_data(NULL, NULL, &data, &flags)) != 0) {
		ERR_error_string_n(e, line, sizeof line);
		if (off < sizeof buf)
			off += (size_t)snprintf(buf + off, sizeof buf - off, "; %s", line);
		if (data != NULL && (flags & ERR_TXT_STRING) && *data && off < sizeof buf)
			off += (size_t)snprintf(buf + off, sizeof buf - off, " (%s)", data);
	}
	return strdup(buf);
}

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

int fcx_valid_md(int md) { return md > 0 && md < FC_MD_COUNT && fcx_mds[md] != NULL; }

/* ---- start-up ---- */

static int init(char **err)
{
	CRYPTO_library_init();
	const char *v = OpenSSL_version(OPENSSL_VERSION);
	if (strncmp(v, "BoringSSL", 9) != 0) {
		char buf[256];
		snprintf(buf, sizeof buf,
			"built against BoringSSL headers, but the libcrypto loaded at run time is \"%s\"; "
			"run with the library the program was built against or rebuild against this one",
			v);
		*err = strdup(buf);
		return FC_EFAIL;
	}
	fcx_mds[FC_MD5] = EVP_md5();
	fcx_mds[FC_SHA1] = EVP_sha1();
	fcx_mds[FC_SHA224] = EVP_sha224();
	fcx_mds[FC_SHA256] = EVP_sha256();
	fcx_mds[FC_SHA384] = EVP_sha384();
	fcx_mds[FC_SHA512] = EVP_sha512();
	fcx_mds[FC_SHA512_256] = EVP_sha512_256();
	fcx_aead_gcm[0] = EVP_aead_aes_128_gcm();
	fcx_aead_gcm[1] = EVP_aead_aes_192_gcm();
	fcx_aead_gcm[2] = EVP_aead_aes_256_gcm();
	const EVP_CIPHER *(*const e[3])(void) = {EVP_aes_128_ecb, EVP_aes_192_ecb, EVP_aes_256_ecb};
	const EVP_CIPHER *(*const b[3])(void) = {EVP_aes_128_cbc, EVP_aes_192_cbc, EVP_aes_256_cbc};
	const EVP_CIPHER *(*const c[3])(void) = {EVP_aes_128_ctr, EVP_aes_192_ctr, EVP_aes_256_ctr};
	for (int i = 0; i < 3; i++)
		fcx_ecb[i] = e[i](), fcx_cbc[i] = b[i](), fcx_ctr[i] = c[i]();
	static const int curve_nids[] = {[FC_PKEY_P224] = NID_secp224r1, [FC_PKEY_P256] = NID_X9_62_prime256v1,
		[FC_PKEY_P384] = NID_secp384r1, [FC_PKEY_P521] = NID_secp521r1};
	for (int k = FC_PKEY_P224; k <= FC_PKEY_P521; k++)
		if (fcx_groups[k] == NULL && (fcx_groups[k] = EC_GROUP_new_by_curve_name(curve_nids[k])) == NULL)
			return fcx_fail(err, FC_EFAIL, "EC_GROUP_new_by_curve_name");
	return FC_OK;
}

static const char *version(void) { return OpenSSL_version(OPENSSL_VERSION); }

/* A BoringCrypto (FIPS) build is always in FIPS mode; any other never is. */
static void fips(int *capable, int *enabled) { *capable = *enabled = FIPS_mode(); }

/* BoringCrypto names itself; the version is the module's, 0 outside a FIPS build. */
static const char *fips_module(void)
{
	static char name[128];
	if (!FIPS_mode())
		return "";
	if (name[0] == 0)
		snprintf(name, sizeof name, "%s %u", FIPS_module_name(), (unsigned)FIPS_version());
	return name;
}

static int support(int family, int alg)
{
	switch (family) {
	case FC_FAMILY_MD:
	case FC_FAMILY_HMAC:
		return fcx_valid_md(alg) ? FC_NATIVE : FC_ABSENT;
	case FC_FAMILY_AEAD:
		return alg > 0 && alg < FC_AEAD_COUNT ? FC_NATIVE : FC_ABSENT;
	case FC_FAMILY_CIPHER:
		return alg > 0 && alg < FC_CIPHER_COUNT ? FC_NATIVE : FC_ABSENT;
	case FC_FAMILY_PKEY:
		return alg > 0 && alg < FC_PKEY_COUNT ? FC_NATIVE : FC_ABSENT;
	case FC_FAMILY_KDF:
		switch (alg) {
		case FC_KDF_HKDF:
		case FC_KDF_PBKDF2: return FC_NATIVE; /* HKDF(), PKCS5_PBKDF2_HMAC */
		case FC_KDF_TLS12_PRF: /* no public TLS1-PRF: P_hash from HMAC_CTX (kdf.c) */
		case FC_KDF_TLS13: /* HkdfLabel + HKDF_expand */
		case FC_KDF_SP800_108: return FC_COMPOSED; /* from HMAC_CTX */
		}
		return FC_ABSENT;
	case FC_FAMILY_KEM:
		return FC_ABSENT; /* no ML-KEM in BoringSSL 13/14 as Debian ships them (kem.c) */
	case FC_FAMILY_SIG:
		return FC_ABSENT; /* no ML-DSA either (sig.c) */
	}
	return FC_ABSENT;
}

static int fips_allowed(int family, int alg)
{
	(void)family, (void)alg;
	/* BoringCrypto refuses nothing at run time, KDFs included (they run on its HMAC and HKDF);
	 * approval is the service indicator's business. An absent algorithm (ML-KEM) is support()'s. */
	return 1;
}

const fc_ops fc_boringssl_ops = {
	.abi = FC_ABI,
	.size = sizeof(fc_ops),
	.fork = "boringssl",
	.built_version = "BoringSSL (API version " STR(BORINGSSL_API_VERSION) ")",
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
