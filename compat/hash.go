package compat

import (
	"crypto"
	"errors"
	"hash"
	"runtime"
	"slices"

	"github.com/forkcrypto/forkcrypto/shim"
)

// mdInfo describes one digest of the contract.
type mdInfo struct {
	id        int
	name      string
	hash      crypto.Hash
	size      int
	blockSize int
	magic     string // the standard library's state-marshal prefix, "" when it has none we can fill
	words     int    // chaining words in the marshalled state
	wordSize  int    // 4 or 8 bytes
}

var mdInfos = [...]mdInfo{
	shim.MD5:        {shim.MD5, "MD5", crypto.MD5, 16, 64, "md5\x01", 4, 4},
	shim.SHA1:       {shim.SHA1, "SHA-1", crypto.SHA1, 20, 64, "sha\x01", 5, 4},
	shim.SHA224:     {shim.SHA224, "SHA-224", crypto.SHA224, 28, 64, "sha\x02", 8, 4},
	shim.SHA256:     {shim.SHA256, "SHA-256", crypto.SHA256, 32, 64, "sha\x03", 8, 4},
	shim.SHA384:     {shim.SHA384, "SHA-384", crypto.SHA384, 48, 128, "sha\x04", 8, 8},
	shim.SHA512:     {shim.SHA512, "SHA-512", crypto.SHA512, 64, 128, "sha\x07", 8, 8},
	shim.SHA512_224: {shim.SHA512_224, "SHA-512/224", crypto.SHA512_224, 28, 128, "sha\x05", 8, 8},
	shim.SHA512_256: {shim.SHA512_256, "SHA-512/256", crypto.SHA512_256, 32, 128, "sha\x06", 8, 8},
	shim.SHA3_224:   {shim.SHA3_224, "SHA3-224", crypto.SHA3_224, 28, 144, "", 0, 0},
	shim.SHA3_256:   {shim.SHA3_256, "SHA3-256", crypto.SHA3_256, 32, 136, "", 0, 0},
	shim.SHA3_384:   {shim.SHA3_384, "SHA3-384", crypto.SHA3_384, 48, 104, "", 0, 0},
	shim.SHA3_512:   {shim.SHA3_512, "SHA3-512", crypto.SHA3_512, 64, 72, "", 0, 0},
	shim.SHAKE128:   {shim.SHAKE128, "SHAKE128", 0, 0, 168, "", 0, 0},
	shim.SHAKE256:   {shim.SHAKE256, "SHAKE256", 0, 0, 136, "", 0, 0},
}

// mdByHash maps a crypto.Hash to its contract digest.
func mdByHash(h crypto.Hash) (*mdInfo, bool) {
	for i := range mdInfos {
		if mdInfos[i].id != 0 && mdInfos[i].hash == h && h != 0 {
			return &mdInfos[i], true
		}
	}
	return nil, false
}

// mdAvailable returns nil when the linked fork can compute md now (as a
// digest, or as an HMAC for family FamilyHMAC), or the error that names why not.
func mdAvailable(family int, info *mdInfo) error {
	if err := shim.Ready(); err != nil {
		return err
	}
	// The HMAC name costs an allocation, which every KDF call would pay:
	// it is built only for an error.
	op := func() string {
		if family == shim.FamilyHMAC {
			return "HMAC-" + info.name
		}
		return info.name
	}
	if shim.Support(family, info.id) == shim.Absent {
		return newError(op(), ErrUnsupported, "")
	}
	if fipsRefusal("", family, info.id) != nil {
		return fipsRefusal(op(), family, info.id)
	}
	return nil
}

// SupportsHash reports whether the linked fork computes h now (it has the
// algorithm and no FIPS module in force refuses it).
func SupportsHash(h crypto.Hash) bool {
	info, ok := mdByHash(h)
	return ok && mdAvailable(shim.FamilyMD, info) == nil
}

// pendingSize bounds the bytes a hash or MAC buffers in Go before handing
// them to the fork. Writes of a few hundred bytes or less then cost no cgo
// call until Sum, which makes Reset+Write+Sum a single crossing.
const pendingSize = 256

// pending holds the input not yet handed to the fork, and whether the fork's
// context must be re-initialised (a deferred Reset) before it is used.
type pending struct {
	reset bool
	n     int
	buf   [pendingSize]byte
}

// flusher hands bytes to the fork's context.
type flusher interface {
	flush(reset bool, p []byte)
}

func (b *pending) write(f flusher, p []byte) {
	if b.n+len(p) <= pendingSize {
		b.n += copy(b.buf[b.n:], p)
		return
	}
	if b.n > 0 {
		k := copy(b.buf[b.n:], p)
		f.flush(b.reset, b.buf[:])
		b.reset, b.n, p = false, 0, p[k:]
	}
	if len(p) > pendingSize {
		f.flush(b.reset, p)
		b.reset = false
		return
	}
	b.n = copy(b.buf[:], p)
}

func (b *pending) bytes() []byte { return b.buf[:b.n] }

func (b *pending) restart() { b.reset, b.n = true, 0 }

// digest is a hash.Hash computed by the fork. Its C contexts are created
// only when the input outgrows the Go-side buffer: New, Write and Sum of a
// short message is a single one-shot call, with nothing to allocate or free.
type digest struct {
	info         *mdInfo
	ctx, scratch uintptr // 0 until needed
	pending
}

func newDigest(info *mdInfo) (*digest, error) {
	if err := mdAvailable(shim.FamilyMD, info); err != nil {
		return nil, err
	}
	d := &digest{info: info}
	d.reset = true
	return d, nil
}

// contexts creates the digest's C contexts on first need.
func (d *digest) contexts() error {
	if d.ctx != 0 {
		return nil
	}
	op := d.info.name
	ctx, err := shim.MDNew(op, d.info.id)
	if err != nil {
		return err
	}
	scratch, err := shim.MDNew(op, d.info.id)
	if err != nil {
		shim.MDFree(ctx)
		return err
	}
	d.ctx, d.scratch = ctx, scratch
	d.reset = true // a new context has absorbed nothing
	runtime.AddCleanup(d, freeDigest, [2]uintptr{ctx, scratch})
	return nil
}

func freeDigest(c [2]uintptr) {
	shim.MDFree(c[0])
	shim.MDFree(c[1])
}

// mustDigest backs the constructors whose standard-library signature has no
// error: a digest the fork lacks panics with an error wrapping ErrUnsupported
// (ask SupportsHash first).
func mustDigest(id int) *digest {
	d, err := newDigest(&mdInfos[id])
	if err != nil {
		panic(err)
	}
	return d
}

// NewMD5 returns an MD5 hash.Hash. MD5 is broken; use it only for interoperability.
func NewMD5() hash.Hash { return mustDigest(shim.MD5) }

// NewSHA1 returns a SHA-1 hash.Hash. SHA-1 is broken for collision resistance.
func NewSHA1() hash.Hash { return mustDigest(shim.SHA1) }

// NewSHA224 returns a SHA-224 hash.Hash.
func NewSHA224() hash.Hash { return mustDigest(shim.SHA224) }

// NewSHA256 returns a SHA-256 hash.Hash.
func NewSHA256() hash.Hash { return mustDigest(shim.SHA256) }

// NewSHA384 returns a SHA-384 hash.Hash.
func NewSHA384() hash.Hash { return mustDigest(shim.SHA384) }

// NewSHA512 returns a SHA-512 hash.Hash.
func NewSHA512() hash.Hash { return mustDigest(shim.SHA512) }

// NewSHA512_224 returns a SHA-512/224 hash.Hash. BoringSSL lacks it.
func NewSHA512_224() hash.Hash { return mustDigest(shim.SHA512_224) }

// NewSHA512_256 returns a SHA-512/256 hash.Hash.
func NewSHA512_256() hash.Hash { return mustDigest(shim.SHA512_256) }

// NewSHA3_224 returns a SHA3-224 hash.Hash. BoringSSL lacks SHA-3.
func NewSHA3_224() hash.Hash { return mustDigest(shim.SHA3_224) }

// NewSHA3_256 returns a SHA3-256 hash.Hash. BoringSSL lacks SHA-3.
func NewSHA3_256() hash.Hash { return mustDigest(shim.SHA3_256) }

// NewSHA3_384 returns a SHA3-384 hash.Hash. BoringSSL lacks SHA-3.
func NewSHA3_384() hash.Hash { return mustDigest(shim.SHA3_384) }

// NewSHA3_512 returns a SHA3-512 hash.Hash. BoringSSL lacks SHA-3.
func NewSHA3_512() hash.Hash { return mustDigest(shim.SHA3_512) }

func (d *digest) Size() int      { return d.info.size }
func (d *digest) BlockSize() int { return d.info.blockSize }

func (d *digest) Reset() { d.restart() }

func (d *digest) Write(p []byte) (int, error) {
	d.write(d, p)
	return len(p), nil
}

func (d *digest) flush(reset bool, p []byte) {
	if err := d.contexts(); err != nil {
		panic(err)
	}
	ok := shim.MDUpdate(d.ctx, d.info.id, reset, p)
	runtime.KeepAlive(d)
	if !ok {
		panic(newError(d.info.name+" update", shim.ErrFailed, ""))
	}
}

func (d *digest) Sum(b []byte) []byte {
	b = slices.Grow(b, d.info.size)
	out := b[len(b) : len(b)+d.info.size]
	d.sum(out)
	return b[:len(b)+d.info.size]
}

// sum writes the digest (or, for an XOF, len(out) bytes of output) of all
// input so far into out without changing the state.
func (d *digest) sum(out []byte) {
	var ok bool
	if d.ctx == 0 {
		ok = shim.MDDigest(d.info.id, d.bytes(), out)
	} else {
		ok = shim.MDSum(d.ctx, d.scratch, d.info.id, d.reset, d.bytes(), out)
	}
	runtime.KeepAlive(d)
	if !ok {
		panic(newError(d.info.name+" sum", shim.ErrFailed, ""))
	}
}

// Clone returns an independent copy of the hash state.
func (d *digest) Clone() (hash.Cloner, error) {
	c := &digest{info: d.info, pending: d.pending}
	if d.ctx == 0 || d.reset {
		return c, nil
	}
	if err := c.contexts(); err != nil {
		return nil, err
	}
	ok := shim.MDCopy(c.ctx, d.ctx)
	runtime.KeepAlive(d)
	runtime.KeepAlive(c)
	if !ok {
		return nil, newError(d.info.name+" clone", shim.ErrFailed, "")
	}
	c.reset = false
	return c, nil
}

// MarshalBinary encodes the state in the standard library's format, so a
// state saved here resumes in crypto/sha256 (and the other way round). It
// fails where the fork keeps the state private (OpenSSL 3's providers).
func (d *digest) MarshalBinary() ([]byte, error) { return d.AppendBinary(nil) }

// AppendBinary appends the state encoded as by MarshalBinary.
func (d *digest) AppendBinary(b []byte) ([]byte, error) {
	info := d.info
	op := info.name + " marshal"
	if info.magic == "" {
		return nil, newError(op, ErrUnsupported, "no portable state encoding for this digest")
	}
	if err := d.contexts(); err != nil {
		return nil, err
	}
	if d.reset || d.n > 0 {
		d.flush(d.reset, d.bytes())
		d.reset, d.n = false, 0
	}
	var st shim.MDState
	err := shim.MDGetState(op, d.ctx, info.id, &st)
	runtime.KeepAlive(d)
	if err != nil {
		return nil, err
	}
	b = append(b, info.magic...)
	for i := range info.words {
		if info.wordSize == 4 {
			b = appendUint32(b, uint32(st.H[i]))
		} else {
			b = appendUint64(b, st.H[i])
		}
	}
	chunk := info.blockSize
	b = append(b, st.Block[:st.NBlock]...)
	b = append(b, make([]byte, chunk-int(st.NBlock))...)
	return appendUint64(b, st.Len), nil
}

// UnmarshalBinary restores a state produced by MarshalBinary or by the
// standard library's implementation of the same digest.
func (d *digest) UnmarshalBinary(b []byte) error {
	info := d.info
	op := info.name + " unmarshal"
	if info.magic == "" {
		return newError(op, ErrUnsupported, "no portable state encoding for this digest")
	}
	chunk := info.blockSize
	if len(b) != len(info.magic)+info.words*info.wordSize+chunk+8 || string(b[:len(info.magic)]) != info.magic {
		return newError(op, errInvalidState, "")
	}
	b = b[len(info.magic):]
	var st shim.MDState
	for i := range info.words {
		if info.wordSize == 4 {
			st.H[i] = uint64(readUint32(b))
		} else {
			st.H[i] = readUint64(b)
		}
		b = b[info.wordSize:]
	}
	copy(st.Block[:], b[:chunk])
	st.Len = readUint64(b[chunk:])
	st.NBlock = uint32(st.Len % uint64(chunk))
	if err := d.contexts(); err != nil {
		return err
	}
	err := shim.MDSetState(op, d.ctx, info.id, &st)
	runtime.KeepAlive(d)
	if err != nil {
		return err
	}
	d.reset, d.n = false, 0
	return nil
}

var errInvalidState = errors.New("forkcrypto: invalid hash state")

func appendUint32(b []byte, v uint32) []byte {
	return append(b, byte(v>>24), byte(v>>16), byte(v>>8), byte(v))
}

func appendUint64(b []byte, v uint64) []byte {
	return appendUint32(appendUint32(b, uint32(v>>32)), uint32(v))
}

func readUint32(b []byte) uint32 {
	return uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
}

func readUint64(b []byte) uint64 { return uint64(readUint32(b))<<32 | uint64(readUint32(b[4:])) }

// oneShot computes a fixed-size digest in a single call to the fork.
func oneShot(id int, p, out []byte) {
	if err := shim.Ready(); err != nil {
		panic(err)
	}
	if !shim.MDDigest(id, p, out) {
		info := &mdInfos[id]
		err := mdAvailable(shim.FamilyMD, info)
		if err == nil {
			err = newError(info.name, shim.ErrFailed, "")
		}
		panic(err)
	}
}

// SHA1 returns the SHA-1 digest of p.
func SHA1(p []byte) (sum [20]byte) { oneShot(shim.SHA1, p, sum[:]); return }

// SHA224 returns the SHA-224 digest of p.
func SHA224(p []byte) (sum [28]byte) { oneShot(shim.SHA224, p, sum[:]); return }

// SHA256 returns the SHA-256 digest of p.
func SHA256(p []byte) (sum [32]byte) { oneShot(shim.SHA256, p, sum[:]); return }

// SHA384 returns the SHA-384 digest of p.
func SHA384(p []byte) (sum [48]byte) { oneShot(shim.SHA384, p, sum[:]); return }

// SHA512 returns the SHA-512 digest of p.
func SHA512(p []byte) (sum [64]byte) { oneShot(shim.SHA512, p, sum[:]); return }
