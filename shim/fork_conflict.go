//go:build (openssl && (libressl || boringssl || awslc)) || (libressl && (boringssl || awslc)) || (boringssl && awslc)

package shim

// More than one fork tag was given. The compiler's "undefined" message names
// the fix.
var _ = forkcrypto_build_with_exactly_one_of_the_tags_openssl_libressl_boringssl_awslc
