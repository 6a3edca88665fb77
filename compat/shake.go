package compat

import (
	"hash"

	"github.com/forkcrypto/forkcrypto/shim"
)

// shake is a hash.XOF computed by the fork. Not every fork can squeeze
// output incrementally (OpenSSL 3.0 finalises once), so Read asks the fork
// for a longer output from the same absorbed state whenever the reader gets
// past what it has, doubling each time: the output is the same, and the
// total work stays within twice the bytes read.
type shake struct {
	d       *digest
	reading bool   // Read was called: no more input
	out     []byte // output squeezed so far
	pos     int    // bytes of out already returned
}

// NewSHAKE128 returns SHAKE128 as a hash.XOF. LibreSSL and BoringSSL lack it.
func NewSHAKE128() hash.XOF { return &shake{d: mustDigest(shim.SHAKE128)} }

// NewSHAKE256 returns SHAKE256 as a hash.XOF. LibreSSL and BoringSSL lack it.
func NewSHAKE256() hash.XOF { return &shake{d: mustDigest(shim.SHAKE256)} }

// Write absorbs more input. Like the standard library, it panics once output
// has been read.
func (s *shake) Write(p []byte) (int, error) {
	if s.reading {
		panic("forkcrypto: " + s.d.info.name + ": write after read")
	}
	return s.d.Write(p)
}

func (s *shake) Read(p []byte) (int, error) {
	s.reading = true
	need := s.pos + len(p)
	if need > len(s.out) {
		n := max(need, 2*len(s.out), s.d.info.blockSize)
		out := make([]byte, n)
		s.d.sum(out)
		s.out = out
	}
	copy(p, s.out[s.pos:need])
	s.pos = need
	return len(p), nil
}

func (s *shake) Reset() {
	s.d.Reset()
	s.reading, s.out, s.pos = false, nil, 0
}

func (s *shake) BlockSize() int { return s.d.info.blockSize }
