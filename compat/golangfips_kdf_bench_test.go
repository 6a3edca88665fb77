//go:build !libressl && !boringssl && !awslc

package compat_test

import (
	"hash"
	"io"

	openssl "github.com/golang-fips/openssl/v2"
)

func init() {
	if openssl.Init("libcrypto.so.3") != nil || !openssl.SupportsHKDF() {
		return
	}
	newSHA256 := func() hash.Hash { return openssl.NewSHA256() }
	golangFIPSKDF = &struct {
		hkdf   func(secret, salt []byte, n int) ([]byte, error)
		pbkdf2 func(password string, salt []byte, iter, n int) ([]byte, error)
	}{
		hkdf: func(secret, salt []byte, n int) ([]byte, error) {
			prk, err := openssl.ExtractHKDF(newSHA256, secret, salt)
			if err != nil {
				return nil, err
			}
			r, err := openssl.ExpandHKDF(newSHA256, prk, nil)
			if err != nil {
				return nil, err
			}
			out := make([]byte, n)
			_, err = io.ReadFull(r, out)
			return out, err
		},
		pbkdf2: func(password string, salt []byte, iter, n int) ([]byte, error) {
			return openssl.PBKDF2([]byte(password), salt, iter, n, newSHA256)
		},
	}
}
