package compat

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha3"
	"crypto/sha512"
	"hash"
	"reflect"
	"runtime"
	"slices"
	"sync"
	"unsafe"

	"github.com/forkcrypto/forkcrypto/shim"
)

// hmacHash is a keyed HMAC computed by the fork.
type hmacHash struct {
	info *mdInfo
	h    unsafe.Pointer
	pending
}

// NewHMAC returns an HMAC over the hash that h constructs, keyed with key.
// h may be one of this package's constructors or one of the standard
// library's (crypto/sha256.New, …); either way the fork computes the MAC,
// never Go. A hash the fork cannot compute makes NewHMAC panic with an error
// wrapping ErrUnsupported (or ErrFIPS), since crypto/hmac's signature has no
// error; ask SupportsHash first.
func NewHMAC(h func() hash.Hash, key []byte) hash.Hash {
	info := identifyHash(h)
	if info == nil {
		panic(newError("HMAC", ErrUnsupported, "the hash function is not one this package can identify"))
	}
	op := "HMAC-" + info.name
	if err := mdAvailable(shim.FamilyHMAC, info, op); err != nil {
		panic(err)
	}
	p, err := shim.HMACNew(op, info.id, key)
	if err != nil {
		panic(err)
	}
	return newHMACHash(info, p)
}

func newHMACHash(info *mdInfo, p unsafe.Pointer) *hmacHash {
	m := &hmacHash{info: info, h: p}
	m.reset = true
	runtime.AddCleanup(m, shim.HMACFree, p)
	return m
}

// stdHashKey identifies a standard-library hash by its dynamic type and sizes:
// crypto/sha256's New and New224 share a type but differ in size.
type stdHashKey struct {
	typ             reflect.Type
	size, blockSize int
}

var stdHashes = sync.OnceValue(func() map[stdHashKey]*mdInfo {
	m := make(map[stdHashKey]*mdInfo)
	for _, c := range []struct {
		id  int
		new func() hash.Hash
	}{
		{shim.MD5, md5.New},
		{shim.SHA1, sha1.New},
		{shim.SHA224, sha256.New224},
		{shim.SHA256, sha256.New},
		{shim.SHA384, sha512.New384},
		{shim.SHA512, sha512.New},
		{shim.SHA512_224, sha512.New512_224},
		{shim.SHA512_256, sha512.New512_256},
		{shim.SHA3_224, func() hash.Hash { return sha3.New224() }},
		{shim.SHA3_256, func() hash.Hash { return sha3.New256() }},
		{shim.SHA3_384, func() hash.Hash { return sha3.New384() }},
		{shim.SHA3_512, func() hash.Hash { return sha3.New512() }},
	} {
		v := c.new()
		m[stdHashKey{reflect.TypeOf(v), v.Size(), v.BlockSize()}] = &mdInfos[c.id]
	}
	return m
})

// identifyHash returns the digest h constructs, or nil. (One of this
// package's constructors for a digest the fork lacks panics here with an error
// wrapping ErrUnsupported, which is the right answer for NewHMAC too.)
func identifyHash(h func() hash.Hash) *mdInfo {
	v := h()
	if d, ok := v.(*digest); ok {
		return d.info
	}
	return stdHashes()[stdHashKey{reflect.TypeOf(v), v.Size(), v.BlockSize()}]
}

func (m *hmacHash) Size() int      { return m.info.size }
func (m *hmacHash) BlockSize() int { return m.info.blockSize }
func (m *hmacHash) Reset()         { m.restart() }

func (m *hmacHash) Write(p []byte) (int, error) {
	m.write(m, p)
	return len(p), nil
}

func (m *hmacHash) flush(reset bool, p []byte) {
	ok := shim.HMACUpdate(m.h, reset, p)
	runtime.KeepAlive(m)
	if !ok {
		panic(newError("HMAC-"+m.info.name+" update", shim.ErrFailed, ""))
	}
}

func (m *hmacHash) Sum(b []byte) []byte {
	size := m.info.size
	b = slices.Grow(b, size)
	ok := shim.HMACSum(m.h, m.reset, m.bytes(), b[len(b):len(b)+size])
	runtime.KeepAlive(m)
	if !ok {
		panic(newError("HMAC-"+m.info.name+" sum", shim.ErrFailed, ""))
	}
	return b[:len(b)+size]
}

// Clone returns an independent copy of the MAC state.
func (m *hmacHash) Clone() (hash.Cloner, error) {
	p, err := shim.HMACClone("HMAC-"+m.info.name+" clone", m.h)
	runtime.KeepAlive(m)
	if err != nil {
		return nil, err
	}
	c := newHMACHash(m.info, p)
	c.pending = m.pending
	return c, nil
}
