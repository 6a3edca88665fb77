//go:build !asan

package fipsenv

const asan = false
