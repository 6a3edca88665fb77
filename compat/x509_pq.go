package compat

import (
	"crypto/subtle"

	"github.com/forkcrypto/forkcrypto/internal/keys"
)

// The post-quantum keys of ParsePKIXPublicKey and ParsePKCS8PrivateKey:
// ML-DSA (RFC 9881) and ML-KEM (RFC 9935), parsed in Go by internal/keys,
// imported into the fork from their raw encodings.

func pqPublicFromRaw(k *keys.PQPublicKey) (any, error) {
	if p := mldsaParamsByName(k.Algorithm); p.p != nil {
		return NewPublicKeyMLDSA(p, k.Key)
	}
	switch k.Algorithm {
	case mlkem768.name:
		return NewEncapsulationKeyMLKEM768(k.Key)
	case mlkem1024.name:
		return NewEncapsulationKeyMLKEM1024(k.Key)
	}
	return nil, newError("parse PKIX public key", ErrUnsupported, k.Algorithm)
}

// pqPrivateFromRaw imports the seed when there is one, else the expanded
// form; given both, the seed's expansion by the fork must equal the
// expanded form.
func pqPrivateFromRaw(op string, k *keys.PQPrivateKey) (any, error) {
	defer clear(k.Seed)
	defer clear(k.Expanded)
	var key interface{ expanded() ([]byte, error) }
	var err error
	if p := mldsaParamsByName(k.Algorithm); p.p != nil {
		if k.Seed == nil {
			return newMLDSAPrivateKeyExpanded(p, k.Expanded)
		}
		key, err = NewPrivateKeyMLDSA(p, k.Seed)
	} else {
		var params *mlkemParams
		switch k.Algorithm {
		case mlkem768.name:
			params = mlkem768
		case mlkem1024.name:
			params = mlkem1024
		default:
			return nil, newError(op, ErrUnsupported, k.Algorithm)
		}
		if k.Seed == nil {
			return newMLKEMExpanded(params, k.Expanded)
		}
		key, err = newMLKEMFromSeed(params, k.Seed)
	}
	if err != nil {
		return nil, err
	}
	if k.Expanded != nil {
		exp, err := key.expanded()
		if err != nil {
			return nil, err
		}
		defer clear(exp)
		if subtle.ConstantTimeCompare(exp, k.Expanded) != 1 {
			return nil, newError(op, ErrInvalidKey, k.Algorithm+": the seed and the expanded key differ")
		}
	}
	return key, nil
}

func mldsaParamsByName(name string) MLDSAParameters {
	for _, p := range []*mldsaParams{mldsa44, mldsa65, mldsa87} {
		if p.name == name {
			return MLDSAParameters{p}
		}
	}
	return MLDSAParameters{}
}
