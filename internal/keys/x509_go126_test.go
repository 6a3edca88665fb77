//go:build !go1.27

package keys

// x509HasMLDSA: crypto/x509 parses ML-DSA keys from Go 1.27 on.
const x509HasMLDSA = false
