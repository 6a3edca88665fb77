//go:build !libressl && !boringssl && !awslc

/*
 * forkcrypto's ML-KEM (the kem_* slots) on OpenSSL 3. As this file meets it:
 *  - ML-KEM-768/1024 are providers' key types from 3.5 on; 3.0 has none (the
 *    key management fetch of "ML-KEM-768" fails at init), so there support()
 *    says absent and every slot answers FC_EUNSUPPORTED. The FIPS provider of
 *    3.5/3.6 has both; a fetch that fails while FIPS is in force is the
 *    module refusing them (FC_EFIPS).
 *  - A key is built with EVP_PKEY_fromdata from an OSSL_PARAM named by
 *    string, as 3.0's headers lack the macros: "seed" (d || z, 64 bytes),
 *    "priv" (the expanded decapsulation key) or "pub". The context comes
 *    from a per-parameter-set template made once in init (EVP_PKEY_CTX_dup),
 *    not a fetch by name per key. The provider retains the seed of keys
 *    imported from one and of keys it generates (EVP_PKEY_keygen), and gives
 *    it back as the "seed" parameter; a key imported expanded has none. Every
 *    decapsulation key gives its expanded form back as "priv". It
 *    checks an encapsulation key's modulus itself (FC_EINVALIDKEY).
 *  - Encapsulation takes the randomness m as "ikme" at
 *    EVP_PKEY_encapsulate_init; decapsulation rejects implicitly by default.
 *  - A key is immutable: the encapsulation key is cached at creation, and
 *    each operation makes its own EVP_PKEY_CTX, so many threads share one.
 */
#include "fork.h"

static const struct {
	const char *name;
	size_t eklen, dklen, ctlen;
} kems[FC_KEM_COUNT] = {
	[FC_MLKEM768] = {"ML-KEM-768", 1184, 2400, 1088},
	[FC_MLKEM1024] = {"ML-KEM-1024", 1568, 3168, 1568},
};

#define KEM_EK_MAX 1568
#define KEM_SEED_LEN 64
#define KEM_SS_LEN 32

/* Made once in fc_init; read-only afterwards (EVP_PKEY_CTX_dup only reads them). */
static EVP_KEYMGMT *keymgmts[FC_KEM_COUNT];
static EVP_PKEY_CTX *templates[FC_KEM_COUNT];
static unsigned char kem_fips_refused[FC_KEM_COUNT];

typedef struct {
	int kind;
	int priv; /* a decapsulation key */
	EVP_PKEY *pkey;
	uint8_t ek[KEM_EK_MAX]; /* the encapsulation key, kems[kind].eklen bytes */
} fc_kem;

void fcx_init_kem(void)
{
	for (int kind = 1; kind < FC_KEM_COUNT; kind++) {
		keymgmts[kind] = EVP_KEYMGMT_fetch(NULL, kems[kind].name, NULL);
		if (keymgmts[kind] != NULL)
			templates[kind] = EVP_PKEY_CTX_new_from_name(NULL, kems[kind].name, NULL);
		kem_fips_refused[kind] = keymgmts[kind] == NULL && fcx_fips_enabled;
	}
	ERR_clear_error();
}

int fcx_kem_available(int kind) { return kind > 0 && kind < FC_KEM_COUNT && templates[kind] != NULL; }

size_t fcx_kem_ctlen(int kind) { return kind > 0 && kind < FC_KEM_COUNT ? kems[kind].ctlen : 0; }

int fcx_kem_support(int kind)
{
	if (kind <= 0 || kind >= FC_KEM_COUNT)
		return FC_ABSENT;
	return fcx_kem_available(kind) || kem_fips_refused[kind] ? FC_NATIVE : FC_ABSENT;
}

int fcx_kem_fips_allowed(int kind) { return kind > 0 && kind < FC_KEM_COUNT && !kem_fips_refused[kind]; }

static int kem_unavailable(int kind, char **err)
{
	int refused = kind > 0 && kind < FC_KEM_COUNT && kem_fips_refused[kind];
	return fcx_fail(err, refused ? FC_EFIPS : FC_EUNSUPPORTED,
		refused ? "refused by the FIPS provider" : "ML-KEM not available in this OpenSSL");
}

void fcx_kem_free(void *p)
{
	fc_kem *k = p;
	if (k == NULL)
		return;
	EVP_PKEY_free(k->pkey);
	free(k);
}

EVP_PKEY *fcx_template_fromdata(EVP_PKEY_CTX *tmpl, int selection, const char *name, const uint8_t *in,
	size_t inlen)
{
	OSSL_PARAM params[] = {
		OSSL_PARAM_construct_octet_string(name, (void *)in, inlen),
		OSSL_PARAM_construct_end(),
	};
	EVP_PKEY *pkey = NULL;
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_dup(tmpl);
	if (c == NULL || EVP_PKEY_fromdata_init(c) <= 0 || EVP_PKEY_fromdata(c, &pkey, selection, params) <= 0) {
		EVP_PKEY_free(pkey);
		pkey = NULL;
	}
	EVP_PKEY_CTX_free(c);
	return pkey;
}

EVP_PKEY *fcx_template_keygen(EVP_PKEY_CTX *tmpl)
{
	EVP_PKEY *pkey = NULL;
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_dup(tmpl);
	if (c == NULL || EVP_PKEY_keygen_init(c) <= 0 || EVP_PKEY_keygen(c, &pkey) <= 0) {
		EVP_PKEY_free(pkey);
		pkey = NULL;
	}
	EVP_PKEY_CTX_free(c);
	return pkey;
}

/*
 * kem_wrap takes pkey into a new key, caching its encapsulation key. With
 * seeded set the key must give its seed back, which a provider configured
 * with ml-kem.retain_seed = no does not do: fail here rather than in kem_get.
 */
static int kem_wrap(int kind, int priv, int seeded, EVP_PKEY *pkey, void **out, char **err)
{
	fc_kem *k = calloc(1, sizeof *k);
	if (k == NULL) {
		EVP_PKEY_free(pkey);
		return fcx_fail(err, FC_EFAIL, "out of memory");
	}
	k->kind = kind, k->priv = priv, k->pkey = pkey;
	size_t got = 0;
	if (!EVP_PKEY_get_octet_string_param(pkey, OSSL_PKEY_PARAM_PUB_KEY, k->ek, sizeof k->ek, &got) ||
		got != kems[kind].eklen) {
		fcx_kem_free(k);
		return fcx_fail(err, FC_EFAIL, "reading the encapsulation key");
	}
	if (seeded && (!EVP_PKEY_get_octet_string_param(pkey, "seed", NULL, 0, &got) || got != KEM_SEED_LEN)) {
		fcx_kem_free(k);
		return fcx_fail(err, FC_EFAIL, "the provider keeps no ML-KEM seed (ml-kem.retain_seed)");
	}
	*out = k;
	ERR_clear_error();
	return FC_OK;
}

int fcx_kem_new(int kind, const uint8_t *seed, size_t seedlen, const uint8_t *ek, size_t eklen, void **k,
	char **err)
{
	if (!fcx_kem_available(kind))
		return kem_unavailable(kind, err);
	const char *part;
	const uint8_t *in;
	size_t inlen;
	int selection;
	if (seed != NULL && ek == NULL && (seedlen == KEM_SEED_LEN || seedlen == kems[kind].dklen)) {
		part = seedlen == KEM_SEED_LEN ? "seed" : OSSL_PKEY_PARAM_PRIV_KEY, in = seed, inlen = seedlen;
		selection = EVP_PKEY_KEYPAIR;
	} else if (ek != NULL && seed == NULL && eklen == kems[kind].eklen) {
		part = OSSL_PKEY_PARAM_PUB_KEY, in = ek, inlen = eklen;
		selection = EVP_PKEY_PUBLIC_KEY;
	} else {
		return fcx_fail(err, FC_EFAIL, "ML-KEM: want a seed, an expanded decapsulation key or an encapsulation key");
	}
	EVP_PKEY *pkey = fcx_template_fromdata(templates[kind], selection, part, in, inlen);
	if (pkey == NULL)
		return fcx_fail(err, FC_EINVALIDKEY, "EVP_PKEY_fromdata(ML-KEM)");
	return kem_wrap(kind, selection == EVP_PKEY_KEYPAIR, seedlen == KEM_SEED_LEN && ek == NULL, pkey, k, err);
}

int fcx_kem_generate(int kind, void **k, char **err)
{
	if (!fcx_kem_available(kind))
		return kem_unavailable(kind, err);
	EVP_PKEY *pkey = fcx_template_keygen(templates[kind]);
	if (pkey == NULL)
		return fcx_fail(err, FC_EFAIL, "EVP_PKEY_keygen(ML-KEM)");
	return kem_wrap(kind, 1, 1, pkey, k, err);
}

int fcx_kem_get(const void *p, int part, uint8_t *out, size_t outlen)
{
	const fc_kem *k = p;
	if (k == NULL)
		return FC_EFAIL;
	switch (part) {
	case FC_PART_PUB:
		if (outlen != kems[k->kind].eklen)
			return FC_EFAIL;
		memcpy(out, k->ek, outlen);
		return FC_OK;
	case FC_PART_PRIV: {
		/* The provider keeps the seed of keys made from one (or generated); an expanded import has none. */
		size_t got = 0;
		if (!k->priv || outlen != KEM_SEED_LEN)
			return FC_EFAIL;
		if (!EVP_PKEY_get_octet_string_param(k->pkey, "seed", out, outlen, &got) || got != KEM_SEED_LEN) {
			OPENSSL_cleanse(out, outlen);
			return fcx_fail(NULL, FC_EFAIL, NULL);
		}
		return FC_OK;
	}
	case FC_PART_EXPANDED: {
		size_t got = 0;
		if (!k->priv || outlen != kems[k->kind].dklen)
			return FC_EFAIL;
		if (!EVP_PKEY_get_octet_string_param(k->pkey, OSSL_PKEY_PARAM_PRIV_KEY, out, outlen, &got) ||
			got != outlen) {
			OPENSSL_cleanse(out, outlen);
			return fcx_fail(NULL, FC_EFAIL, NULL);
		}
		return FC_OK;
	}
	}
	return FC_EFAIL;
}

int fcx_kem_encapsulate(void *p, const uint8_t *m, size_t mlen, uint8_t *ct, size_t ctlen, uint8_t *ss,
	size_t sslen, char **err)
{
	fc_kem *k = p;
	if (k == NULL || ctlen != kems[k->kind].ctlen || sslen != KEM_SS_LEN || (m != NULL && mlen != 32))
		return fcx_fail(err, FC_EFAIL, "ML-KEM encapsulate: wrong buffer or randomness size");
	OSSL_PARAM params[] = {
		OSSL_PARAM_construct_octet_string("ikme", (void *)m, mlen),
		OSSL_PARAM_construct_end(),
	};
	size_t gotct = ctlen, gotss = sslen;
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_pkey(NULL, k->pkey, NULL);
	int ok = c != NULL && EVP_PKEY_encapsulate_init(c, m != NULL ? params : NULL) > 0 &&
		EVP_PKEY_encapsulate(c, ct, &gotct, ss, &gotss) > 0 && gotct == ctlen && gotss == sslen;
	EVP_PKEY_CTX_free(c);
	if (!ok) {
		OPENSSL_cleanse(ss, sslen);
		return fcx_fail(err, FC_EFAIL, "EVP_PKEY_encapsulate(ML-KEM)");
	}
	ERR_clear_error();
	return FC_OK;
}

int fcx_kem_decapsulate(void *p, const uint8_t *ct, size_t ctlen, uint8_t *ss, size_t sslen, char **err)
{
	fc_kem *k = p;
	if (k == NULL || !k->priv)
		return fcx_fail(err, FC_EFAIL, "ML-KEM decapsulate: not a decapsulation key");
	if (ctlen != kems[k->kind].ctlen || sslen != KEM_SS_LEN)
		return fcx_fail(err, FC_EFAIL, "ML-KEM decapsulate: wrong ciphertext or secret size");
	size_t got = sslen;
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_pkey(NULL, k->pkey, NULL);
	int ok = c != NULL && EVP_PKEY_decapsulate_init(c, NULL) > 0 &&
		EVP_PKEY_decapsulate(c, ss, &got, ct, ctlen) > 0 && got == sslen;
	EVP_PKEY_CTX_free(c);
	if (!ok) {
		OPENSSL_cleanse(ss, sslen);
		return fcx_fail(err, FC_EFAIL, "EVP_PKEY_decapsulate(ML-KEM)");
	}
	ERR_clear_error();
	return FC_OK;
}
