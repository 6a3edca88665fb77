//go:build !libressl && !boringssl && !awslc

package compat_test

import (
	"crypto/cipher"
	"hash"
	"io"

	openssl "github.com/golang-fips/openssl/v2"
)

// golang-fips/openssl loads OpenSSL with dlopen; only the OpenSSL legs can
// host it (beside another fork its symbols would collide).
func init() {
	if openssl.Init("libcrypto.so.3") != nil {
		return
	}
	newSHA256 := func() hash.Hash { return openssl.NewSHA256() }
	golangFIPS = &struct {
		sha256 func([]byte) [32]byte
		hmac   func(key []byte) hash.Hash
		gcm    func(key []byte) (cipher.AEAD, error)
		hkdf   func(secret, salt []byte, n int) ([]byte, error)
		pbkdf2 func(password string, salt []byte, iter, n int) ([]byte, error)
	}{
		sha256: openssl.SHA256,
		hmac:   func(key []byte) hash.Hash { return openssl.NewHMAC(openssl.NewSHA256, key) },
		gcm: func(key []byte) (cipher.AEAD, error) {
			block, err := openssl.NewAESCipher(key)
			if err != nil {
				return nil, err
			}
			return block.(interface {
				NewGCM(nonceSize, tagSize int) (cipher.AEAD, error)
			}).NewGCM(12, 16)
		},
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
