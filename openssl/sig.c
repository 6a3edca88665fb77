//go:build !libressl && !boringssl && !awslc

/*
 * forkcrypto's ML-DSA (the sig_* slots) on OpenSSL 3. As this file meets it:
 *  - ML-DSA-44/65/87 are providers' key types from 3.5 on; 3.0 has none, and
 *    the message-signing calls (EVP_PKEY_sign_message_init and
 *    EVP_PKEY_verify_message_init) first appear in 3.4's headers, so a build
 *    against older headers fetches nothing and every slot answers
 *    FC_EUNSUPPORTED (a 3.0-header build may run on a 3.5 library, which has
 *    ML-DSA but no way to reach it through those headers). A fetch that
 *    fails while FIPS is in force is the module refusing it (FC_EFIPS).
 *  - Keys come from EVP_PKEY_fromdata with an OSSL_PARAM named by string, as
 *    3.0's headers lack the macros: "seed" (xi, 32 bytes), "priv" (the
 *    expanded sk) or "pub", on a per-parameter-set template made once in
 *    init (EVP_PKEY_CTX_dup). The provider retains the seed of keys imported
 *    from one and of keys it generates, and gives it back as "seed" (unless
 *    configured with ml-dsa.retain_seed = no); a key imported from "priv"
 *    has none. A "priv" import recomputes the public key and rejects an sk
 *    whose tr does not match it (FC_EINVALIDKEY).
 *  - Signing and verifying use the EVP_SIGNATURE fetched once in init with
 *    the message API, which applies FIPS 204's pure encoding itself:
 *    "context-string" (octet string), "deterministic" (int 1: rnd = 0^32),
 *    "test-entropy" (rnd, 32 bytes) and "mu" (int 1: the input is mu).
 *  - A key is immutable: the public key is cached at creation, and each
 *    operation makes its own EVP_PKEY_CTX, so many threads share one.
 */
#include "fork.h"

static const struct {
	const char *name;
	size_t publen, sklen, siglen;
} sigs[FC_SIG_COUNT] = {
	[FC_MLDSA44] = {"ML-DSA-44", 1312, 2560, 2420},
	[FC_MLDSA65] = {"ML-DSA-65", 1952, 4032, 3309},
	[FC_MLDSA87] = {"ML-DSA-87", 2592, 4896, 4627},
};

#define SIG_PUB_MAX 2592
#define SIG_SEED_LEN 32
#define SIG_RND_LEN 32
#define SIG_MU_LEN 64

/* The message API (EVP_PKEY_sign_message_init) exists from 3.4's headers on. */
#if OPENSSL_VERSION_PREREQ(3, 4)
#define HAVE_MESSAGE_API 1
#else
#define HAVE_MESSAGE_API 0
#endif

/* Made once in fc_init; read-only afterwards (EVP_PKEY_CTX_dup only reads them). */
#if HAVE_MESSAGE_API
static EVP_KEYMGMT *keymgmts[FC_SIG_COUNT];
static EVP_SIGNATURE *sigalgs[FC_SIG_COUNT];
#endif
static EVP_PKEY_CTX *templates[FC_SIG_COUNT];
static unsigned char sig_fips_refused[FC_SIG_COUNT];

typedef struct {
	int kind;
	int priv; /* a private key */
	EVP_PKEY *pkey;
	uint8_t pub[SIG_PUB_MAX]; /* sigs[kind].publen bytes */
} fc_sig;

void fcx_init_sig(void)
{
#if HAVE_MESSAGE_API
	for (int kind = 1; kind < FC_SIG_COUNT; kind++) {
		keymgmts[kind] = EVP_KEYMGMT_fetch(NULL, sigs[kind].name, NULL);
		sigalgs[kind] = EVP_SIGNATURE_fetch(NULL, sigs[kind].name, NULL);
		if (keymgmts[kind] != NULL && sigalgs[kind] != NULL)
			templates[kind] = EVP_PKEY_CTX_new_from_name(NULL, sigs[kind].name, NULL);
		sig_fips_refused[kind] = (keymgmts[kind] == NULL || sigalgs[kind] == NULL) && fcx_fips_enabled;
	}
#endif
	ERR_clear_error();
}

int fcx_sig_available(int kind) { return kind > 0 && kind < FC_SIG_COUNT && templates[kind] != NULL; }

size_t fcx_sig_siglen(int kind) { return kind > 0 && kind < FC_SIG_COUNT ? sigs[kind].siglen : 0; }

int fcx_sig_support(int kind)
{
	if (kind <= 0 || kind >= FC_SIG_COUNT)
		return FC_ABSENT;
	return fcx_sig_available(kind) || sig_fips_refused[kind] ? FC_NATIVE : FC_ABSENT;
}

int fcx_sig_fips_allowed(int kind) { return kind > 0 && kind < FC_SIG_COUNT && !sig_fips_refused[kind]; }

static int sig_unavailable(int kind, char **err)
{
	int refused = kind > 0 && kind < FC_SIG_COUNT && sig_fips_refused[kind];
	return fcx_fail(err, refused ? FC_EFIPS : FC_EUNSUPPORTED,
		refused ? "refused by the FIPS provider" : "ML-DSA not available in this OpenSSL");
}

void fcx_sig_free(void *p)
{
	fc_sig *k = p;
	if (k == NULL)
		return;
	EVP_PKEY_free(k->pkey);
	free(k);
}

/*
 * sig_wrap takes pkey into a new key, caching its public key. With seeded
 * set the key must give its seed back, which a provider configured with
 * ml-dsa.retain_seed = no does not do: fail here rather than in sig_get.
 */
static int sig_wrap(int kind, int priv, int seeded, EVP_PKEY *pkey, void **out, char **err)
{
	fc_sig *k = calloc(1, sizeof *k);
	if (k == NULL) {
		EVP_PKEY_free(pkey);
		return fcx_fail(err, FC_EFAIL, "out of memory");
	}
	k->kind = kind, k->priv = priv, k->pkey = pkey;
	size_t got = 0;
	if (!EVP_PKEY_get_octet_string_param(pkey, OSSL_PKEY_PARAM_PUB_KEY, k->pub, sizeof k->pub, &got) ||
		got != sigs[kind].publen) {
		fcx_sig_free(k);
		return fcx_fail(err, FC_EFAIL, "reading the ML-DSA public key");
	}
	if (seeded && (!EVP_PKEY_get_octet_string_param(pkey, "seed", NULL, 0, &got) || got != SIG_SEED_LEN)) {
		fcx_sig_free(k);
		return fcx_fail(err, FC_EFAIL, "the provider keeps no ML-DSA seed (ml-dsa.retain_seed)");
	}
	*out = k;
	ERR_clear_error();
	return FC_OK;
}

int fcx_sig_new(int kind, const uint8_t *priv, size_t privlen, const uint8_t *pub, size_t publen, void **k,
	char **err)
{
	if (!fcx_sig_available(kind))
		return sig_unavailable(kind, err);
	const char *part;
	const uint8_t *in;
	size_t inlen;
	int selection, seeded = 0;
	if (priv != NULL && pub == NULL && (privlen == SIG_SEED_LEN || privlen == sigs[kind].sklen)) {
		seeded = privlen == SIG_SEED_LEN;
		part = seeded ? "seed" : OSSL_PKEY_PARAM_PRIV_KEY, in = priv, inlen = privlen;
		selection = EVP_PKEY_KEYPAIR;
	} else if (pub != NULL && priv == NULL && publen == sigs[kind].publen) {
		part = OSSL_PKEY_PARAM_PUB_KEY, in = pub, inlen = publen;
		selection = EVP_PKEY_PUBLIC_KEY;
	} else {
		return fcx_fail(err, FC_EFAIL, "ML-DSA: want a seed, an expanded private key or a public key");
	}
	EVP_PKEY *pkey = fcx_template_fromdata(templates[kind], selection, part, in, inlen);
	if (pkey == NULL)
		return fcx_fail(err, FC_EINVALIDKEY, "EVP_PKEY_fromdata(ML-DSA)");
	return sig_wrap(kind, selection == EVP_PKEY_KEYPAIR, seeded, pkey, k, err);
}

int fcx_sig_generate(int kind, void **k, char **err)
{
	if (!fcx_sig_available(kind))
		return sig_unavailable(kind, err);
	EVP_PKEY *pkey = fcx_template_keygen(templates[kind]);
	if (pkey == NULL)
		return fcx_fail(err, FC_EFAIL, "EVP_PKEY_keygen(ML-DSA)");
	return sig_wrap(kind, 1, 1, pkey, k, err);
}

/* get_exact copies the octet-string parameter name of pkey, which must be exactly outlen bytes. */
static int get_exact(EVP_PKEY *pkey, const char *name, uint8_t *out, size_t outlen)
{
	size_t got = 0;
	if (!EVP_PKEY_get_octet_string_param(pkey, name, out, outlen, &got) || got != outlen) {
		OPENSSL_cleanse(out, outlen);
		return fcx_fail(NULL, FC_EFAIL, NULL);
	}
	return FC_OK;
}

int fcx_sig_get(const void *p, int part, uint8_t *out, size_t outlen)
{
	const fc_sig *k = p;
	if (k == NULL)
		return FC_EFAIL;
	switch (part) {
	case FC_PART_PUB:
		if (outlen != sigs[k->kind].publen)
			return FC_EFAIL;
		memcpy(out, k->pub, outlen);
		return FC_OK;
	case FC_PART_PRIV: /* the provider keeps the seed of keys made from one (or generated); "priv" imports have none */
		if (!k->priv || outlen != SIG_SEED_LEN)
			return FC_EFAIL;
		return get_exact(k->pkey, "seed", out, outlen);
	case FC_PART_EXPANDED:
		if (!k->priv || outlen != sigs[k->kind].sklen)
			return FC_EFAIL;
		return get_exact(k->pkey, OSSL_PKEY_PARAM_PRIV_KEY, out, outlen);
	}
	return FC_EFAIL;
}

#if HAVE_MESSAGE_API
/*
 * sig_params fills params (room for 4) for a sign or verify with flags; one
 * must outlive them. The context goes only when non-empty: a NULL octet
 * string is an error to the provider, and a fresh context is empty anyway.
 */
static void sig_params(OSSL_PARAM *params, int flags, const uint8_t *ctx, size_t ctxlen, const uint8_t *rnd,
	int *one)
{
	int n = 0;
	if (ctxlen > 0)
		params[n++] = OSSL_PARAM_construct_octet_string("context-string", (void *)ctx, ctxlen);
	if (rnd != NULL)
		params[n++] = OSSL_PARAM_construct_octet_string("test-entropy", (void *)rnd, SIG_RND_LEN);
	if (flags & FC_SIG_DETERMINISTIC)
		params[n++] = OSSL_PARAM_construct_int("deterministic", one);
	if (flags & FC_SIG_MU)
		params[n++] = OSSL_PARAM_construct_int("mu", one);
	params[n] = OSSL_PARAM_construct_end();
}
#endif

int fcx_sig_sign(void *p, int flags, const uint8_t *in, size_t inlen, const uint8_t *ctx, size_t ctxlen,
	const uint8_t *rnd, size_t rndlen, uint8_t *sig, size_t siglen, char **err)
{
	static const uint8_t empty[1];
	fc_sig *k = p;
	if (k == NULL || !k->priv)
		return fcx_fail(err, FC_EFAIL, "ML-DSA sign: not a private key");
	if (siglen != sigs[k->kind].siglen || ctxlen > 255 || (rnd != NULL && rndlen != SIG_RND_LEN) ||
		((flags & FC_SIG_MU) && (inlen != SIG_MU_LEN || ctxlen != 0)))
		return fcx_fail(err, FC_EFAIL, "ML-DSA sign: wrong signature, context, randomness or mu size");
	if (rnd != NULL && (flags & FC_SIG_DETERMINISTIC))
		return fcx_fail(err, FC_EFAIL, "ML-DSA sign: randomness given for deterministic signing");
#if HAVE_MESSAGE_API
	int one = 1;
	OSSL_PARAM params[4];
	sig_params(params, flags, ctx, ctxlen, rnd, &one);
	size_t got = siglen;
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_pkey(NULL, k->pkey, NULL);
	int ok = c != NULL && EVP_PKEY_sign_message_init(c, sigalgs[k->kind], params) > 0 &&
		EVP_PKEY_sign(c, sig, &got, in != NULL ? in : empty, inlen) > 0 && got == siglen;
	EVP_PKEY_CTX_free(c);
	if (!ok)
		return fcx_fail(err, FC_EFAIL, "EVP_PKEY_sign(ML-DSA)");
	ERR_clear_error();
	return FC_OK;
#else
	(void)in, (void)ctx, (void)sig, (void)empty;
	return sig_unavailable(k->kind, err);
#endif
}

int fcx_sig_verify(void *p, int flags, const uint8_t *in, size_t inlen, const uint8_t *ctx, size_t ctxlen,
	const uint8_t *sig, size_t siglen, char **err)
{
	static const uint8_t empty[1];
	fc_sig *k = p;
	if (k == NULL)
		return fcx_fail(err, FC_EFAIL, "ML-DSA verify: no key");
	if (ctxlen > 255 || ((flags & FC_SIG_MU) && (inlen != SIG_MU_LEN || ctxlen != 0)))
		return fcx_fail(err, FC_EFAIL, "ML-DSA verify: wrong context or mu size");
	/* The provider rejects a wrong length too; deciding here keeps it off the error queue. */
	if (siglen != sigs[k->kind].siglen)
		return fcx_fail(NULL, FC_EAUTH, NULL);
#if HAVE_MESSAGE_API
	int one = 1;
	OSSL_PARAM params[4];
	sig_params(params, flags & FC_SIG_MU, ctx, ctxlen, NULL, &one);
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_pkey(NULL, k->pkey, NULL);
	if (c == NULL || EVP_PKEY_verify_message_init(c, sigalgs[k->kind], params) <= 0) {
		EVP_PKEY_CTX_free(c);
		return fcx_fail(err, FC_EFAIL, "EVP_PKEY_verify_message_init(ML-DSA)");
	}
	int ok = EVP_PKEY_verify(c, sig, siglen, in != NULL ? in : empty, inlen) == 1;
	EVP_PKEY_CTX_free(c);
	/* Any failure past init is the signature's: FC_EAUTH, the queue cleared. */
	return fcx_fail(NULL, ok ? FC_OK : FC_EAUTH, NULL);
#else
	(void)in, (void)ctx, (void)sig, (void)empty;
	return sig_unavailable(k->kind, err);
#endif
}
