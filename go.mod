module github.com/forkcrypto/forkcrypto

go 1.26.0

require (
	github.com/golang-fips/openssl/v2 v2.0.3
	github.com/google/go-cmp v0.7.0
	golang.org/x/crypto v0.58.0
)

require (
	github.com/cloudflare/circl v1.6.5 // indirect
	golang.org/x/sys v0.49.0 // indirect
)
