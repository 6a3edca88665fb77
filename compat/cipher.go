package compat

import (
	"crypto/cipher"
	"runtime"

	"github.com/forkcrypto/forkcrypto/shim"
)

const aesBlockSize = 16

func newAESContext(op string, kind int, key, iv []byte) (uintptr, error) {
	if err := shim.Ready(); err != nil {
		return 0, err
	}
	if len(key) != 16 && len(key) != 24 && len(key) != 32 {
		return 0, keySizeError(op, len(key))
	}
	if iv != nil && len(iv) != aesBlockSize {
		return 0, newError(op, ErrInvalidKey, "IV length must equal the block size")
	}
	if shim.Support(shim.FamilyCipher, kind) == shim.Absent {
		return 0, newError(op, ErrUnsupported, "")
	}
	return shim.CipherNew(op, kind, key, iv)
}

// aesBlock is a cipher.Block computed by the fork. Like crypto/aes, it is
// safe for concurrent use: each call takes a context of its own.
type aesBlock struct {
	enc, dec *workerPool
}

// NewAESCipher returns AES with a 16-, 24- or 32-byte key as a cipher.Block,
// like crypto/aes.NewCipher. Each Encrypt or Decrypt is one call into the
// fork; for bulk data use NewAESGCM, NewAESCTR or the CBC modes.
func NewAESCipher(key []byte) (cipher.Block, error) {
	b := &aesBlock{}
	for _, m := range []struct {
		kind int
		pool **workerPool
	}{{shim.AESECBEncrypt, &b.enc}, {shim.AESECBDecrypt, &b.dec}} {
		c, err := newAESContext("AES", m.kind, key, nil)
		if err != nil {
			return nil, err
		}
		// The first context stays the template the others are copied from.
		runtime.AddCleanup(b, shim.CipherFree, c)
		*m.pool = newWorkerPool(0, func() (uintptr, error) { return shim.CipherClone("AES", c) },
			shim.CipherFree)
	}
	return b, nil
}

func (b *aesBlock) BlockSize() int { return aesBlockSize }

func (b *aesBlock) Encrypt(dst, src []byte) { b.crypt(b.enc, dst, src) }
func (b *aesBlock) Decrypt(dst, src []byte) { b.crypt(b.dec, dst, src) }

func (b *aesBlock) crypt(pool *workerPool, dst, src []byte) {
	if len(src) < aesBlockSize {
		panic("forkcrypto: AES input not full block")
	}
	if len(dst) < aesBlockSize {
		panic("forkcrypto: AES output not full block")
	}
	if inexactOverlap(dst[:aesBlockSize], src[:aesBlockSize]) {
		panic("forkcrypto: invalid buffer overlap")
	}
	w := pool.get()
	ok := shim.CipherUpdate(w.p, src[:aesBlockSize], dst[:aesBlockSize])
	pool.put(w)
	runtime.KeepAlive(b)
	if !ok {
		panic(newError("AES", shim.ErrFailed, ""))
	}
}

// aesStream runs a stateful AES mode (CTR, CBC) in one context; like the
// standard library's modes it is not for concurrent use.
type aesStream struct {
	name string
	ctx  uintptr
}

func newAESStream(name string, kind int, key, iv []byte) (*aesStream, error) {
	if len(iv) != aesBlockSize {
		return nil, newError(name, ErrInvalidKey, "IV length must equal the block size")
	}
	c, err := newAESContext(name, kind, key, iv)
	if err != nil {
		return nil, err
	}
	s := &aesStream{name: name, ctx: c}
	runtime.AddCleanup(s, shim.CipherFree, c)
	return s, nil
}

func (s *aesStream) update(dst, src []byte) {
	if inexactOverlap(dst[:len(src)], src) {
		panic("forkcrypto: invalid buffer overlap")
	}
	ok := shim.CipherUpdate(s.ctx, src, dst[:len(src)])
	runtime.KeepAlive(s)
	if !ok {
		panic(newError(s.name, shim.ErrFailed, ""))
	}
}

// NewAESCTR returns AES in counter mode as a cipher.Stream, like
// cipher.NewCTR(aes.NewCipher(key), iv).
func NewAESCTR(key, iv []byte) (cipher.Stream, error) {
	s, err := newAESStream("AES-CTR", shim.AESCTR, key, iv)
	if err != nil {
		return nil, err
	}
	return (*aesCTR)(s), nil
}

type aesCTR aesStream

func (c *aesCTR) XORKeyStream(dst, src []byte) {
	if len(dst) < len(src) {
		panic("forkcrypto: output smaller than input")
	}
	(*aesStream)(c).update(dst, src)
}

// aesCBC is AES-CBC without padding, as a cipher.BlockMode.
type aesCBC aesStream

// NewAESCBCEncrypter returns AES-CBC encryption as a cipher.BlockMode, like
// cipher.NewCBCEncrypter(aes.NewCipher(key), iv). It does no padding.
func NewAESCBCEncrypter(key, iv []byte) (cipher.BlockMode, error) {
	s, err := newAESStream("AES-CBC", shim.AESCBCEncrypt, key, iv)
	if err != nil {
		return nil, err
	}
	return (*aesCBC)(s), nil
}

// NewAESCBCDecrypter returns AES-CBC decryption as a cipher.BlockMode, like
// cipher.NewCBCDecrypter(aes.NewCipher(key), iv). It does no unpadding.
func NewAESCBCDecrypter(key, iv []byte) (cipher.BlockMode, error) {
	s, err := newAESStream("AES-CBC", shim.AESCBCDecrypt, key, iv)
	if err != nil {
		return nil, err
	}
	return (*aesCBC)(s), nil
}

func (c *aesCBC) BlockSize() int { return aesBlockSize }

func (c *aesCBC) CryptBlocks(dst, src []byte) {
	if len(src)%aesBlockSize != 0 {
		panic("forkcrypto: input not full blocks")
	}
	if len(dst) < len(src) {
		panic("forkcrypto: output smaller than input")
	}
	(*aesStream)(c).update(dst, src)
}
