package compat

import "github.com/forkcrypto/forkcrypto/shim"

// BackendInfo describes the libcrypto linked into the program.
type BackendInfo struct {
	// Fork is "openssl", "libressl", "boringssl" or "awslc".
	Fork string
	// Version is the library's own version text at run time.
	Version string
	// FIPSCapable reports whether the library can run a validated FIPS module.
	FIPSCapable bool
	// FIPS reports whether a FIPS module is in force.
	FIPS bool
	// FIPSModule names the FIPS module in force as the module itself does
	// (on OpenSSL 3 the provider's name, version and build), or is empty.
	FIPSModule string
	// FIPSOnly reports FIPS-only mode (FIPSOnly()).
	FIPSOnly bool
	// Err is non-nil when the fork could not start; every operation then
	// fails with it.
	Err error
}

// Backend reports the linked fork.
func Backend() BackendInfo {
	capable, on := shim.FIPS()
	return BackendInfo{
		Fork:        shim.Fork(),
		Version:     shim.Version(),
		FIPSCapable: capable,
		FIPS:        on,
		FIPSModule:  shim.FIPSModule(),
		FIPSOnly:    fipsOnly,
		Err:         shim.Ready(),
	}
}
