package keys

import (
	"math"

	"golang.org/x/crypto/cryptobyte"
	"golang.org/x/crypto/cryptobyte/asn1"
)

// The readers in this file accept exactly what encoding/asn1 accepts when it
// decodes the structures that crypto/x509 uses for keys, including its
// tolerances: extra elements at the end of a SEQUENCE are ignored, an
// optional field that does not match is treated as absent, and the ANY field
// of an AlgorithmIdentifier takes any element, high tag numbers included.
// Where encoding/asn1 is as strict as cryptobyte, cryptobyte is used.

const (
	classUniversal = 0
	classContext   = 2

	tagInteger   = 2
	tagBitString = 3
	tagOctet     = 4
	tagOID       = 6
	tagSequence  = 16
)

// header is a decoded identifier and length.
type header struct {
	class    int
	tag      int
	compound bool
	length   int
	size     int // bytes taken by the identifier and length octets
}

// base128 reads one base-128 number as encoding/asn1 does: minimally
// encoded, at most five octets, and no larger than math.MaxInt32.
func base128(s *cryptobyte.String) (int, bool) {
	var v int64
	for i := 0; ; i++ {
		if i == 5 {
			return 0, false
		}
		var b uint8
		if !s.ReadUint8(&b) {
			return 0, false
		}
		if i == 0 && b == 0x80 {
			return 0, false
		}
		v = v<<7 | int64(b&0x7f)
		if b&0x80 == 0 {
			return int(v), v <= math.MaxInt32
		}
	}
}

// readHeader decodes the identifier and length octets at the start of b.
// It does not check that the contents fit in b.
func readHeader(b []byte) (h header, ok bool) {
	s := cryptobyte.String(b)
	var id uint8
	if !s.ReadUint8(&id) {
		return h, false
	}
	h.class = int(id >> 6)
	h.compound = id&0x20 != 0
	h.tag = int(id & 0x1f)
	if h.tag == 0x1f {
		if h.tag, ok = base128(&s); !ok || h.tag < 0x1f {
			return h, false
		}
	}
	var l uint8
	if !s.ReadUint8(&l) {
		return h, false
	}
	if l&0x80 == 0 {
		h.length = int(l)
	} else {
		n := int(l & 0x7f)
		if n == 0 {
			return h, false // indefinite length
		}
		for range n {
			var b uint8
			if !s.ReadUint8(&b) || h.length >= 1<<23 {
				return h, false
			}
			h.length = h.length<<8 | int(b)
			if h.length == 0 {
				return h, false // leading zero octet
			}
		}
		if h.length < 0x80 {
			return h, false // long form where short form fits
		}
	}
	h.size = len(b) - len(s)
	return h, true
}

// fields walks the contents of a SEQUENCE one field at a time.
type fields struct {
	b   []byte
	off int
}

func (f *fields) next() (header, bool) { return readHeader(f.b[f.off:]) }

// take consumes the element described by h, which starts at f.off+skip.
func (f *fields) take(h header, skip int) ([]byte, bool) {
	start := f.off + skip + h.size
	if h.length > len(f.b)-start {
		return nil, false
	}
	f.off = start + h.length
	return f.b[start:f.off], true
}

// field reads a required universal element and returns its contents.
func (f *fields) field(tag int, compound bool) ([]byte, bool) {
	c, present, ok := f.optional(tag, compound)
	return c, ok && present
}

// optional reads a universal element that may be absent.
func (f *fields) optional(tag int, compound bool) (c []byte, present, ok bool) {
	if f.off == len(f.b) {
		return nil, false, true
	}
	h, ok := f.next()
	if !ok {
		return nil, false, false
	}
	if h.class != classUniversal || h.tag != tag || h.compound != compound {
		return nil, false, true
	}
	c, ok = f.take(h, 0)
	return c, ok, ok
}

// any reads an optional element of any kind and returns all its bytes.
func (f *fields) any() (full []byte, ok bool) {
	if f.off == len(f.b) {
		return nil, true
	}
	h, ok := f.next()
	if !ok {
		return nil, false
	}
	start := f.off
	if _, ok := f.take(h, 0); !ok {
		return nil, false
	}
	return f.b[start:f.off], true
}

// explicit reads an optional [n] EXPLICIT universal element. Like
// encoding/asn1, it reads the inner element from the bytes that follow the
// outer header, whatever length that header gives.
func (f *fields) explicit(n, tag int, compound bool) (c []byte, present, ok bool) {
	if f.off == len(f.b) {
		return nil, false, true
	}
	h, ok := f.next()
	if !ok || f.off+h.size == len(f.b) {
		return nil, false, false
	}
	if h.class != classContext || h.tag != n || !(h.length == 0 || h.compound) {
		return nil, false, true
	}
	if h.length == 0 {
		return nil, false, false
	}
	in, ok := readHeader(f.b[f.off+h.size:])
	if !ok {
		return nil, false, false
	}
	if in.class != classUniversal || in.tag != tag || in.compound != compound {
		return nil, false, true
	}
	c, ok = f.take(in, h.size)
	return c, ok, ok
}

// sequence reads a SEQUENCE at the start of der, returning its contents and
// what follows it.
func sequence(der []byte) (contents, rest []byte, ok bool) {
	f := fields{b: der}
	c, ok := f.field(tagSequence, true)
	return c, der[f.off:], ok
}

// validInteger reports whether c is a minimal two's-complement encoding.
func validInteger(c []byte) bool {
	if len(c) == 0 {
		return false
	}
	if len(c) == 1 {
		return true
	}
	return !(c[0] == 0 && c[1]&0x80 == 0) && !(c[0] == 0xff && c[1]&0x80 != 0)
}

// int64Value decodes INTEGER contents that must fit in an int64.
func int64Value(c []byte) (int64, bool) {
	if !validInteger(c) || len(c) > 8 {
		return 0, false
	}
	v := int64(int8(c[0]))
	for _, b := range c[1:] {
		v = v<<8 | int64(b)
	}
	return v, true
}

// positive returns the magnitude of INTEGER contents c, without leading
// zeros, and whether c is a valid, strictly positive integer.
func positive(c []byte) ([]byte, bool) {
	if !validInteger(c) || c[0]&0x80 != 0 {
		return nil, false
	}
	for len(c) > 0 && c[0] == 0 {
		c = c[1:]
	}
	return c, len(c) > 0
}

// bitString decodes BIT STRING contents, rejecting non-zero padding bits,
// and returns the bits right-aligned (as asn1.BitString.RightAlign does) and
// the bytes as stored.
func bitString(c []byte) (aligned, stored []byte, ok bool) {
	if len(c) == 0 {
		return nil, nil, false
	}
	pad := c[0]
	if pad > 7 || len(c) == 1 && pad > 0 || c[len(c)-1]&(1<<pad-1) != 0 {
		return nil, nil, false
	}
	stored = c[1:]
	if pad == 0 || len(stored) == 0 {
		return stored, stored, true
	}
	aligned = make([]byte, len(stored))
	aligned[0] = stored[0] >> pad
	for i := 1; i < len(stored); i++ {
		aligned[i] = stored[i-1]<<(8-pad) | stored[i]>>pad
	}
	return aligned, stored, true
}

// validOID reports whether full is an OBJECT IDENTIFIER element that
// encoding/asn1 would decode.
func validOID(full []byte) bool {
	f := fields{b: full}
	c, ok := f.field(tagOID, false)
	if !ok || len(c) == 0 {
		return false
	}
	s := cryptobyte.String(c)
	for !s.Empty() {
		if _, ok := base128(&s); !ok {
			return false
		}
	}
	return true
}

// addUnsigned writes a non-negative INTEGER from big-endian magnitude bytes.
func addUnsigned(b *cryptobyte.Builder, mag []byte) {
	for len(mag) > 0 && mag[0] == 0 {
		mag = mag[1:]
	}
	b.AddASN1(asn1.INTEGER, func(b *cryptobyte.Builder) {
		if len(mag) == 0 || mag[0]&0x80 != 0 {
			b.AddUint8(0)
		}
		b.AddBytes(mag)
	})
}

func addBitString(b *cryptobyte.Builder, data []byte) {
	b.AddASN1(asn1.BIT_STRING, func(b *cryptobyte.Builder) {
		b.AddUint8(0)
		b.AddBytes(data)
	})
}

func addOctets(b *cryptobyte.Builder, data []byte) {
	b.AddASN1OctetString(data)
}
