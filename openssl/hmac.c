//go:build !libressl && !boringssl && !awslc

/*
 * forkcrypto's HMAC (the hmac_* slots) on OpenSSL 3. As this file meets it:
 *  - HMAC is an EVP_MAC.
 */
#include "fork.h"

/*
 * Setting the digest of an EVP_MAC_CTX fetches it by name, which costs more
 * than the MAC of a short message. So each digest gets one unkeyed context
 * with the digest set (built once in init), and a new HMAC is a copy of it
 * plus the key.
 */
static EVP_MAC_CTX *hmac_unkeyed[FC_MD_COUNT];

/* The one-shot path keys a context cached per thread and digest: no allocation. */
static __thread EVP_MAC_CTX *hmac_oneshot_ctx[FC_MD_COUNT];

typedef struct {
	uint8_t key[128];
	size_t len; /* SIZE_MAX: no key remembered */
} hmac_last_key;

static __thread hmac_last_key hmac_oneshot_key[FC_MD_COUNT] = {[0 ... FC_MD_COUNT - 1] = {.len = SIZE_MAX}};

static int hmac_md_ok(int md) { return fcx_valid_md(md) && !fcx_is_xof(md) && hmac_unkeyed[md] != NULL; }

void fcx_init_hmac(void)
{
	if (fcx_hmac_mac == NULL)
		return;
	for (int md = 1; md < FC_MD_COUNT; md++) {
		if (fcx_mds[md] == NULL || fcx_is_xof(md))
			continue;
		OSSL_PARAM params[] = {
			OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)fcx_md_names[md], 0),
			OSSL_PARAM_construct_end(),
		};
		EVP_MAC_CTX *c = EVP_MAC_CTX_new(fcx_hmac_mac);
		if (c != NULL && !EVP_MAC_CTX_set_params(c, params)) {
			EVP_MAC_CTX_free(c);
			c = NULL;
		}
		hmac_unkeyed[md] = c;
	}
	ERR_clear_error();
}

/* For kdf.c: an unkeyed HMAC context for md, or NULL; the caller frees it. */
int fcx_hmac_unkeyed_available(int md) { return hmac_md_ok(md); }

EVP_MAC_CTX *fcx_hmac_unkeyed_dup(int md) { return hmac_md_ok(md) ? EVP_MAC_CTX_dup(hmac_unkeyed[md]) : NULL; }

/* hmac_key keys c. A NULL key would mean "keep the previous key"; an empty key is a real key. */
static int hmac_key(EVP_MAC_CTX *c, const uint8_t *key, size_t keylen)
{
	static const uint8_t empty[1];
	return EVP_MAC_init(c, keylen ? key : empty, keylen, NULL);
}

int fcx_hmac_oneshot(int md, const uint8_t *key, size_t keylen, const uint8_t *p, size_t n, uint8_t *out,
	size_t outlen)
{
	if (!hmac_md_ok(md))
		return FC_EUNSUPPORTED;
	EVP_MAC_CTX *c = hmac_oneshot_ctx[md];
	if (c == NULL && (c = hmac_oneshot_ctx[md] = EVP_MAC_CTX_dup(hmac_unkeyed[md])) == NULL)
		return fcx_fail(NULL, FC_EFAIL, NULL);
	/*
	 * Keying costs OpenSSL 3 three digest inits, more than the MAC of a short
	 * message, and services often MAC one message per object under the same
	 * secret (a token verifier). So the context remembers its last key and,
	 * when it comes again, restarts from the keyed state instead.
	 */
	hmac_last_key *last = &hmac_oneshot_key[md];
	int same = last->len == keylen && keylen <= sizeof last->key && CRYPTO_memcmp(last->key, key, keylen) == 0;
	int ok = same ? EVP_MAC_init(c, NULL, 0, NULL) : hmac_key(c, key, keylen);
	if (!same) {
		OPENSSL_cleanse(last, sizeof *last);
		if (ok && keylen <= sizeof last->key) {
			memcpy(last->key, key, keylen);
			last->len = keylen;
		} else {
			last->len = SIZE_MAX;
		}
	}
	size_t got = 0;
	ok = ok && (n == 0 || EVP_MAC_update(c, p, n)) && EVP_MAC_final(c, out, &got, outlen) && got == outlen;
	return ok ? FC_OK : fcx_fail(NULL, FC_EFAIL, NULL);
}

void fcx_hmac_free(void *h) { EVP_MAC_CTX_free(h); }

void *fcx_hmac_new(int md, const uint8_t *key, size_t keylen, char **err)
{
	if (!hmac_md_ok(md))
		return fcx_fail_null(err, "HMAC digest not available");
	EVP_MAC_CTX *c = EVP_MAC_CTX_dup(hmac_unkeyed[md]);
	if (c == NULL || !hmac_key(c, key, keylen)) {
		EVP_MAC_CTX_free(c);
		return fcx_fail_null(err, "EVP_MAC_init");
	}
	return c;
}

void *fcx_hmac_clone(const void *h, char **err)
{
	EVP_MAC_CTX *c = EVP_MAC_CTX_dup(h);
	return c != NULL ? c : fcx_fail_null(err, "EVP_MAC_CTX_dup");
}

int fcx_hmac_update(void *h, int reset, const uint8_t *in, size_t n)
{
	if (reset && !EVP_MAC_init(h, NULL, 0, NULL))
		return fcx_fail(NULL, FC_EFAIL, NULL);
	if (n > 0 && !EVP_MAC_update(h, in, n))
		return fcx_fail(NULL, FC_EFAIL, NULL);
	return FC_OK;
}

int fcx_hmac_sum(void *h, int reset, const uint8_t *in, size_t n, uint8_t *out, size_t outlen)
{
	/* After a reset h's state is being discarded, so it can be used up; otherwise work on a copy. */
	EVP_MAC_CTX *c = reset ? h : EVP_MAC_CTX_dup(h);
	size_t got = 0;
	int ok = c != NULL && (!reset || EVP_MAC_init(c, NULL, 0, NULL)) && (n == 0 || EVP_MAC_update(c, in, n)) &&
		EVP_MAC_final(c, out, &got, outlen) && got == outlen;
	if (!reset)
		EVP_MAC_CTX_free(c);
	return ok ? FC_OK : fcx_fail(NULL, FC_EFAIL, NULL);
}
