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

	"github.com/forkcrypto/forkcrypto/shim"
)

// hmacHash is a keyed HMAC computed by the fork.
//
// Most MACs are one message per key (a token, a webhook, a record), so the
// fork's keyed context is created only when it pays: the first Sum of a
// message that fits the Go-side buffer is one one-shot call with the key;
// a second Sum, or a longer message, creates the context, which then serves
// every Reset/Write/Sum without re-keying.
type hmacHash struct {
	info   *mdInfo
	key    []byte // until h exists; in keyBuf when it fits
	keyBuf [64]byte
	h      uintptr // 0 until needed
	sums   int
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
	if err := mdAvailable(shim.FamilyHMAC, info); err != nil {
		panic(err)
	}
	if err := fipsCheck("HMAC-"+info.name, len(key) >= 14, fipsHMACKey); err != nil {
		panic(err)
	}
	m := &hmacHash{info: info}
	m.setKey(key)
	m.reset = true
	return m
}

func (m *hmacHash) setKey(key []byte) {
	if len(key) <= len(m.keyBuf) {
		m.key = m.keyBuf[:copy(m.keyBuf[:], key)]
	} else {
		m.key = slices.Clone(key)
	}
}

// context creates the fork's keyed context on first need.
func (m *hmacHash) context() {
	if m.h != 0 {
		return
	}
	p, err := shim.HMACNew("HMAC-"+m.info.name, m.info.id, m.key)
	if err != nil {
		panic(err)
	}
	m.h = p
	clear(m.key)
	m.key = nil
	m.reset = true // a new context has absorbed nothing
	runtime.AddCleanup(m, shim.HMACFree, p)
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

// knownConstructors lists the code pointers of this package's constructors,
// and of the standard library's, with their digests, so identifying them
// costs no call; the most used come first. A scan of these two dozen words
// costs less than a map lookup, which on a KDF's hot path costs as much as
// the rest of the Go side together.
var knownConstructors = sync.OnceValue(func() []knownConstructor {
	var t []knownConstructor
	for _, c := range []struct {
		id int
		f  any
	}{
		{shim.SHA256, sha256.New}, {shim.SHA256, NewSHA256}, {shim.SHA384, sha512.New384}, {shim.SHA384, NewSHA384},
		{shim.SHA512, sha512.New}, {shim.SHA512, NewSHA512}, {shim.SHA1, sha1.New}, {shim.SHA1, NewSHA1},
		{shim.SHA224, sha256.New224}, {shim.SHA224, NewSHA224}, {shim.SHA512_224, sha512.New512_224},
		{shim.SHA512_224, NewSHA512_224}, {shim.SHA512_256, sha512.New512_256}, {shim.SHA512_256, NewSHA512_256},
		{shim.SHA3_256, sha3.New256}, {shim.SHA3_256, NewSHA3_256}, {shim.SHA3_384, sha3.New384},
		{shim.SHA3_384, NewSHA3_384}, {shim.SHA3_512, sha3.New512}, {shim.SHA3_512, NewSHA3_512},
		{shim.SHA3_224, sha3.New224}, {shim.SHA3_224, NewSHA3_224}, {shim.MD5, md5.New}, {shim.MD5, NewMD5},
	} {
		t = append(t, knownConstructor{reflect.ValueOf(c.f).Pointer(), &mdInfos[c.id]})
	}
	return t
})

type knownConstructor struct {
	pc   uintptr
	info *mdInfo
}

// identifyHash returns the digest h constructs, or nil.
func identifyHash[H hash.Hash](h func() H) *mdInfo {
	pc := reflect.ValueOf(h).Pointer()
	for _, c := range knownConstructors() {
		if c.pc == pc {
			return c.info
		}
	}
	// One of this package's constructors wrapped in a closure, for a digest
	// the fork lacks, panics here with an error wrapping ErrUnsupported:
	// the right answer for NewHMAC too.
	v := h()
	if d, ok := any(v).(*digest); ok {
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
	m.context()
	ok := shim.HMACUpdate(m.h, reset, p)
	runtime.KeepAlive(m)
	if !ok {
		panic(newError("HMAC-"+m.info.name+" update", shim.ErrFailed, ""))
	}
}

func (m *hmacHash) Sum(b []byte) []byte {
	size := m.info.size
	b = slices.Grow(b, size)
	out := b[len(b) : len(b)+size]
	m.sums++
	var ok bool
	if m.h == 0 && m.sums == 1 {
		ok = shim.HMACOneShot(m.info.id, m.key, m.bytes(), out)
	} else {
		m.context()
		ok = shim.HMACSum(m.h, m.reset, m.bytes(), out)
	}
	runtime.KeepAlive(m)
	if !ok {
		panic(newError("HMAC-"+m.info.name+" sum", shim.ErrFailed, ""))
	}
	return b[:len(b)+size]
}

// Clone returns an independent copy of the MAC state.
func (m *hmacHash) Clone() (hash.Cloner, error) {
	c := &hmacHash{info: m.info, sums: m.sums, pending: m.pending}
	if m.h == 0 {
		c.setKey(m.key)
		return c, nil
	}
	p, err := shim.HMACClone("HMAC-"+m.info.name+" clone", m.h)
	runtime.KeepAlive(m)
	if err != nil {
		return nil, err
	}
	c.h = p
	runtime.AddCleanup(c, shim.HMACFree, p)
	return c, nil
}
