//go:build !go1.27

package compat_test

// Before Go 1.27 crypto/x509 parses no post-quantum key.

const x509HasMLDSA = false

func capabilityOfStd(any) string { return "" }

func stdPQSamples() []keySample { return nil }
