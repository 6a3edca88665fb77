//go:build asan

package fipsenv

// Go's FIPS 140-3 mode refuses to start under the address sanitizer.
const asan = true
