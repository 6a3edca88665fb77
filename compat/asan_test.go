//go:build asan

package compat

// The address sanitizer's runtime allocates where a normal build does not.
func init() { allocsUnreliable = "the address sanitizer allocates on its own" }
