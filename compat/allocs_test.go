package compat

// allocsUnreliable, when set, says why allocation counts cannot be trusted
// in this build (see asan_test.go).
var allocsUnreliable string
