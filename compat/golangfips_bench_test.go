//go:build !libressl && !boringssl && !awslc

package compat_test

import (
	"crypto/cipher"
	"hash"

	openssl "github.com/golang-fips/openssl/v2"
)

// golang-fips/openssl loads OpenSSL with dlopen; only the OpenSSL legs can
// host it (beside another fork its symbols would collide).
func init() {
	if openssl.Init("libcrypto.so.3") != nil {
		return
	}
	golangFIPS = &struct {
		sha256 func([]byte) [32]byte
		hmac   func(key []byte) hash.Hash
		gcm    func(key []byte) (cipher.AEAD, error)
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
	}
}
