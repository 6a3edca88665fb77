//go:build libressl

/*
 * forkcrypto's contract (shim/forkcrypto.h) on LibreSSL.
 *
 * LibreSSL differs from the other forks in ways that shape this package's
 * files. The differences that shape one family's code are listed at the top
 * of its file (digest.c, hmac.c, aead.c, cipher.c, pkey.c, kdf.c, kem.c); the
 * general ones:
 *  - Its API is OpenSSL 1.1's plus BoringSSL's EVP_AEAD. Algorithms are
 *    static tables (EVP_sha256() and friends), with nothing to fetch; they
 *    are still looked up once in init, like the other forks.
 *  - The error queue has no function names: ERR_get_error_line_data.
 *  - There is no FIPS module.
 *
 * This file holds start-up, the error-queue helpers and the fc_libressl_ops
 * table; each family's slots are in their own file, the C reference loops
 * in floor.c.
 */
#include "fork.h"

/* LIBRESSL_VERSION_NUMBER is 0xMNNFFPPS: major, minor, fix, patch, status. */
#define BUILT_MAJOR ((int)((LIBRESSL_VERSION_NUMBER >> 28) & 0xf))
#define BUILT_MINOR ((int)((LIBRESSL_VERSION_NUMBER >> 20) & 0xff))

static const EVP_MD *(*const md_funcs[FC_MD_COUNT])(void) = {
	[FC_MD5] = EVP_md5,
	[FC_SHA1] = EVP_sha1,
	[FC_SHA224] = EVP_sha224,
	[FC_SHA256] = EVP_sha256,
	[FC_SHA384] = EVP_sha384,
	[FC_SHA512] = EVP_sha512,
	[FC_SHA512_224] = EVP_sha512_224,
	[FC_SHA512_256] = EVP_sha512_256,
	[FC_SHA3_224] = EVP_sha3_224,
	[FC_SHA3_256] = EVP_sha3_256,
	[FC_SHA3_384] = EVP_sha3_384,
	[FC_SHA3_512] = EVP_sha3_512,
	/* FC_SHAKE128, FC_SHAKE256: LibreSSL has no SHAKE. */
};

/* Looked up once in init; read-only afterwards. Key sizes 16, 24, 32 index 0, 1, 2. */
const EVP_MD *fcx_mds[FC_MD_COUNT];
const EVP_CIPHER *fcx_ecb[3], *fcx_cbc[3], *fcx_ctr[3], *fcx_gcm192;
const EVP_AEAD *fcx_gcm[3], *fcx_chacha_poly, *fcx_xchacha_poly; /* fcx_gcm[1] stays NULL */

/* err_text drains the thread's error queue into a malloc'd string. */
static char *err_text(const char *what)
{
	char buf[1024], line[256];
	size_t off;
	const char *data;
	int flags;
	unsigned long e;

	off = (size_t)snprintf(buf, sizeof buf, "%s", what);
	while ((e = ERR_get_error_line_data(NULL, NULL, &data, &flags)) != 0) {
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

/*
 * Go passes NULL for an empty slice. HMAC_Init_ex reads a NULL key as "keep
 * the previous key", and the AEADs do pointer arithmetic and alias checks on
 * their buffers, so an empty one gets a real address.
 */
static const uint8_t empty[1];

const uint8_t *fcx_nonnull(const uint8_t *p) { return p != NULL ? p : empty; }

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
	/* The soname changes with every minor release, and so may the structs md_state reads. */
	const char *v = OpenSSL_version(OPENSSL_VERSION);
	int major, minor;
	if (v == NULL || strncmp(v, "LibreSSL ", 9) != 0 || sscanf(v + 9, "%d.%d", &major, &minor) != 2 ||
		major != BUILT_MAJOR || minor != BUILT_MINOR) {
		char buf[256];
		snprintf(buf, sizeof buf,
			"built against LibreSSL %d.%d headers (" LIBRESSL_VERSION_TEXT "), but the libcrypto "
			"loaded at run time is \"%s\"; run with the library the program was built against or "
			"rebuild against this one",
			BUILT_MAJOR, BUILT_MINOR, v != NULL ? v : "(unknown)");
		if (err != NULL)
			*err = strdup(buf);
		return FC_EFAIL;
	}

	for (int md = 1; md < FC_MD_COUNT; md++)
		fcx_mds[md] = md_funcs[md] != NULL ? md_funcs[md]() : NULL;
	fcx_ecb[0] = EVP_aes_128_ecb(), fcx_ecb[1] = EVP_aes_192_ecb(), fcx_ecb[2] = EVP_aes_256_ecb();
	fcx_cbc[0] = EVP_aes_128_cbc(), fcx_cbc[1] = EVP_aes_192_cbc(), fcx_cbc[2] = EVP_aes_256_cbc();
	fcx_ctr[0] = EVP_aes_128_ctr(), fcx_ctr[1] = EVP_aes_192_ctr(), fcx_ctr[2] = EVP_aes_256_ctr();
	fcx_gcm[0] = EVP_aead_aes_128_gcm(), fcx_gcm[2] = EVP_aead_aes_256_gcm();
	fcx_gcm192 = EVP_aes_192_gcm();
	fcx_chacha_poly = EVP_aead_chacha20_poly1305();
	fcx_xchacha_poly = EVP_aead_xchacha20_poly1305();
	if (fcx_ec_groups[FC_PKEY_P224] == NULL && !fcx_ec_init())
		return fcx_fail(err, FC_EFAIL, "building the EC groups");
	ERR_clear_error();
	return FC_OK;
}

static const char *version(void) { return OpenSSL_version(OPENSSL_VERSION); }

static void fips(int *capable, int *enabled)
{
	/* LibreSSL has no FIPS module; FIPS_mode_set(1) always fails. */
	*capable = 0;
	*enabled = 0;
}

static const char *fips_module(void) { return ""; /* no FIPS module (fips above) */ }

static int support(int family, int alg)
{
	switch (family) {
	case FC_FAMILY_MD:
	case FC_FAMILY_HMAC:
		return fcx_valid_md(alg) ? FC_NATIVE : FC_ABSENT;
	case FC_FAMILY_AEAD:
		switch (alg) {
		case FC_AES_GCM: return fcx_gcm[0] != NULL && fcx_gcm[2] != NULL && fcx_gcm192 != NULL ? FC_NATIVE : FC_ABSENT;
		case FC_CHACHA20_POLY1305: return fcx_chacha_poly != NULL ? FC_NATIVE : FC_ABSENT;
		case FC_XCHACHA20_POLY1305: return fcx_xchacha_poly != NULL ? FC_NATIVE : FC_ABSENT;
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
		if (fcx_is_ec(alg))
			return fcx_ec_groups[alg] != NULL ? FC_NATIVE : FC_ABSENT;
		return alg >= FC_PKEY_ED25519 && alg <= FC_PKEY_RSA ? FC_NATIVE : FC_ABSENT;
	case FC_FAMILY_KDF:
		/* kdf.c's header says why the TLS 1.2 PRF is composed although EVP_PKEY_TLS1_PRF exists. */
		switch (alg) {
		case FC_KDF_HKDF:
		case FC_KDF_PBKDF2: return FC_NATIVE;
		case FC_KDF_TLS12_PRF:
		case FC_KDF_TLS13:
		case FC_KDF_SP800_108: return FC_COMPOSED;
		}
		return FC_ABSENT;
	case FC_FAMILY_KEM:
		return alg == FC_MLKEM768 || alg == FC_MLKEM1024 ? FC_NATIVE : FC_ABSENT;
	case FC_FAMILY_SIG:
		return FC_ABSENT; /* no ML-DSA (sig.c) */
	}
	return FC_ABSENT;
}

/* Without a FIPS module nothing is refused, in any family (the KDFs and ML-KEM included). */
static int fips_allowed(int family, int alg)
{
	(void)family, (void)alg;
	return 1;
}

const fc_ops fc_libressl_ops = {
	.abi = FC_ABI,
	.size = sizeof(fc_ops),
	.fork = "libressl",
	.built_version = LIBRESSL_VERSION_TEXT,
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
