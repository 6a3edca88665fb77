package compat_test

// NIST ACVP vectors with their validated answers
// (github.com/geomys/acvp-testdata): SHA-2, SHA-3, SHAKE, HMAC, AES-GCM and
// the AES block cipher, CBC and CTR modes. The Monte Carlo tests follow the
// ACVP specifications (draft-celi-acvp-sha, -sha3, -symmetric).

import (
	"bytes"
	"crypto/cipher"
	"errors"
	"hash"
	"slices"
	"strings"
	"testing"

	"github.com/forkcrypto/forkcrypto/compat"
)

// acvpFileName is the file an ACVP algorithm's vectors are stored under.
func acvpFileName(alg string) string { return strings.ReplaceAll(alg, "/", "-") }

// message returns the first bits/8 bytes of an ACVP message: a zero-length
// message is written "00".
func message(t *testing.T, c *acvpCase, bits int) ([]byte, bool) {
	t.Helper()
	n, ok := bitsToBytes(bits)
	if !ok {
		return nil, false
	}
	if n > len(c.Msg) {
		t.Fatalf("tcId %d: len %d bits but only %d bytes of message", c.TcID, bits, len(c.Msg))
	}
	return c.Msg[:n], true
}

// writeChunked writes p to w in pieces of varying size around the API's
// internal buffering (a few hundred bytes).
func writeChunked(w interface{ Write([]byte) (int, error) }, p []byte) {
	sizes := []int{1, 3, 64, 255, 256, 257, 1000, 4096}
	for i := 0; len(p) > 0; i++ {
		n := min(sizes[i%len(sizes)], len(p))
		w.Write(p[:n])
		p = p[n:]
	}
}

func TestACVPHash(t *testing.T) {
	t.Parallel()
	for _, a := range hashAlgs {
		if a.acvp == "" {
			continue
		}
		t.Run(a.acvp, func(t *testing.T) {
			t.Parallel()
			v := loadACVP(t, acvpFileName(a.acvp))
			if v.prompts.Algorithm != a.acvp {
				t.Fatalf("file holds %q vectors, want %q", v.prompts.Algorithm, a.acvp)
			}
			requireHash(t, a)
			var n tally
			for gi := range v.prompts.TestGroups {
				g := &v.prompts.TestGroups[gi]
				for ci := range g.Tests {
					c := &g.Tests[ci]
					want := v.answer(g, c)
					switch g.TestType {
					case "AFT":
						if c.Len == nil {
							t.Fatalf("tcId %d: no len", c.TcID)
						}
						msg, ok := message(t, c, *c.Len)
						if !ok {
							n.skip(c.TcID, "message of %d bits", *c.Len)
							continue
						}
						checkHashAFT(t, a, c.TcID, msg, want.MD)
					case "MCT":
						if g.MctVersion != "" && g.MctVersion != "standard" {
							n.skip(c.TcID, "%q Monte Carlo test", g.MctVersion)
							continue
						}
						if len(want.ResultsArray) != 100 {
							t.Fatalf("tcId %d: %d Monte Carlo results, want 100", c.TcID, len(want.ResultsArray))
						}
						if a.sha3 {
							sha3MCT(t, a, c, want.ResultsArray)
						} else {
							sha2MCT(t, a, c, want.ResultsArray)
						}
					case "LDT":
						n.skip(c.TcID, "large data test")
						continue
					default:
						t.Fatalf("tgId %d: unknown test type %q", g.TgID, g.TestType)
					}
					n.ok()
				}
			}
			n.report(t, a.acvp)
		})
	}
}

// checkHashAFT checks the digest of msg: written at once, written in pieces
// after a Reset, summed twice, from a clone, and with the one-shot function.
func checkHashAFT(t *testing.T, a hashAlg, tcID int, msg, want []byte) {
	t.Helper()
	h := a.new()
	if h.Size() != a.size {
		t.Fatalf("Size() = %d, want %d", h.Size(), a.size)
	}
	h.Write(msg)
	if got := h.Sum(nil); !bytes.Equal(got, want) {
		t.Errorf("tcId %d: digest %x, want %x", tcID, got, want)
	}
	if got := h.Sum([]byte("prefix")); !bytes.Equal(got, slices.Concat([]byte("prefix"), want)) {
		t.Errorf("tcId %d: second Sum appended to a prefix = %x", tcID, got)
	}
	if cl, ok := h.(hash.Cloner); ok {
		c, err := cl.Clone()
		if err != nil {
			t.Errorf("tcId %d: Clone: %v", tcID, err)
		} else if got := c.(hash.Hash).Sum(nil); !bytes.Equal(got, want) {
			t.Errorf("tcId %d: clone's digest %x, want %x", tcID, got, want)
		}
	}
	h.Reset()
	writeChunked(h, msg)
	if got := h.Sum(nil); !bytes.Equal(got, want) {
		t.Errorf("tcId %d: digest written in pieces %x, want %x", tcID, got, want)
	}
	if a.oneShot != nil {
		if got := a.oneShot(msg); !bytes.Equal(got, want) {
			t.Errorf("tcId %d: one-shot digest %x, want %x", tcID, got, want)
		}
	}
}

// sha2MCT runs the "standard" SHA-1/SHA-2 Monte Carlo test
// (draft-celi-acvp-sha, 6.2): from the seed, each outer iteration hashes
// MD[i-3] || MD[i-2] || MD[i-1] a thousand times starting from
// MD[0] = MD[1] = MD[2] = seed, and outputs MD[1002], the next seed.
func sha2MCT(t *testing.T, a hashAlg, c *acvpCase, want []acvpResult) {
	t.Helper()
	seed := c.Msg
	if len(seed) != a.size {
		t.Fatalf("tcId %d: %d-byte seed, want %d", c.TcID, len(seed), a.size)
	}
	h := a.new()
	buf := make([]byte, 3*a.size)
	md := make([]byte, 0, a.size)
	for j := range want {
		copy(buf, seed)
		copy(buf[a.size:], seed)
		copy(buf[2*a.size:], seed)
		for range 1000 {
			h.Reset()
			h.Write(buf)
			md = h.Sum(md[:0])
			copy(buf, buf[a.size:])
			copy(buf[2*a.size:], md)
		}
		if !bytes.Equal(md, want[j].MD) {
			t.Errorf("tcId %d: Monte Carlo iteration %d: %x, want %x", c.TcID, j, md, want[j].MD)
			return // every later iteration depends on this one
		}
		seed = slices.Clone(md)
	}
}

// sha3MCT runs the "standard" SHA-3 Monte Carlo test (draft-celi-acvp-sha3,
// 6.2.1): MD[0] = seed, MD[i] = SHA3(MD[i-1]) for i = 1..1000; MD[1000] is
// output and seeds the next outer iteration.
func sha3MCT(t *testing.T, a hashAlg, c *acvpCase, want []acvpResult) {
	t.Helper()
	md := slices.Clone(c.Msg)
	if c.Len != nil {
		if n, ok := bitsToBytes(*c.Len); ok && n <= len(md) {
			md = md[:n]
		}
	}
	h := a.new()
	for j := range want {
		for range 1000 {
			h.Reset()
			h.Write(md)
			md = h.Sum(md[:0])
		}
		if !bytes.Equal(md, want[j].MD) {
			t.Errorf("tcId %d: Monte Carlo iteration %d: %x, want %x", c.TcID, j, md, want[j].MD)
			return
		}
	}
}

func TestACVPSHAKE(t *testing.T) {
	t.Parallel()
	for _, s := range []struct {
		acvp, capName string
		new           func() hash.XOF
	}{
		{"SHAKE-128", "SHAKE128", compat.NewSHAKE128},
		{"SHAKE-256", "SHAKE256", compat.NewSHAKE256},
	} {
		t.Run(s.acvp, func(t *testing.T) {
			t.Parallel()
			v := loadACVP(t, s.acvp)
			requireCapability(t, s.capName, func() error { return panicError(func() { s.new() }) })
			var n tally
			for gi := range v.prompts.TestGroups {
				g := &v.prompts.TestGroups[gi]
				for ci := range g.Tests {
					c := &g.Tests[ci]
					want := v.answer(g, c)
					if c.Len == nil {
						t.Fatalf("tcId %d: no len", c.TcID)
					}
					msg, ok := message(t, c, *c.Len)
					if !ok {
						n.skip(c.TcID, "message of %d bits", *c.Len)
						continue
					}
					switch g.TestType {
					case "AFT", "VOT":
						if c.OutLen == nil {
							t.Fatalf("tcId %d: no outLen", c.TcID)
						}
						outLen, ok := bitsToBytes(*c.OutLen)
						if !ok {
							n.skip(c.TcID, "output of %d bits", *c.OutLen)
							continue
						}
						checkSHAKE(t, s.new, c.TcID, msg, outLen, want.MD)
					case "MCT":
						if g.MctVersion != "" && g.MctVersion != "standard" {
							n.skip(c.TcID, "%q Monte Carlo test", g.MctVersion)
							continue
						}
						minOut, ok1 := bitsToBytes(g.MinOutLen)
						maxOut, ok2 := bitsToBytes(g.MaxOutLen)
						if !ok1 || !ok2 || minOut < 2 || maxOut < minOut {
							n.skip(c.TcID, "output lengths %d to %d bits", g.MinOutLen, g.MaxOutLen)
							continue
						}
						if len(want.ResultsArray) != 100 {
							t.Fatalf("tcId %d: %d Monte Carlo results, want 100", c.TcID, len(want.ResultsArray))
						}
						shakeMCT(t, s.new, c.TcID, msg, minOut, maxOut, want.ResultsArray)
					default:
						t.Fatalf("tgId %d: unknown test type %q", g.TgID, g.TestType)
					}
					n.ok()
				}
			}
			n.report(t, s.acvp)
		})
	}
}

// checkSHAKE checks outLen bytes of output for msg, read at once and read in
// pieces of varying size.
func checkSHAKE(t *testing.T, newXOF func() hash.XOF, tcID int, msg []byte, outLen int, want []byte) {
	t.Helper()
	x := newXOF()
	x.Write(msg)
	got := make([]byte, outLen)
	x.Read(got)
	if !bytes.Equal(got, want) {
		t.Errorf("tcId %d: output %x, want %x", tcID, got, want)
	}
	x.Reset()
	writeChunked(x, msg)
	got = got[:0]
	for i, sizes := 0, []int{1, 7, 136, 168, 200, 1000}; len(got) < outLen; i++ {
		k := min(sizes[i%len(sizes)], outLen-len(got))
		p := make([]byte, k)
		x.Read(p)
		got = append(got, p...)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("tcId %d: output read in pieces %x, want %x", tcID, got, want)
	}
}

// shakeMCT runs the "standard" SHAKE Monte Carlo test (draft-celi-acvp-sha3,
// 6.2.2): the output length starts at the maximum; each inner step hashes
// the leftmost 128 bits of the previous output (zero-padded) and derives the
// next output length from the output's rightmost 16 bits.
func shakeMCT(t *testing.T, newXOF func() hash.XOF, tcID int, seed []byte, minOut, maxOut int, want []acvpResult) {
	t.Helper()
	x := newXOF()
	rng := maxOut - minOut + 1
	outLen := maxOut
	buf := make([]byte, maxOut)
	md := slices.Clone(seed)
	var inner [16]byte
	for j := range want {
		for range 1000 {
			clear(inner[:])
			copy(inner[:], md)
			x.Reset()
			x.Write(inner[:])
			md = buf[:outLen]
			x.Read(md)
			right := int(md[outLen-2])<<8 | int(md[outLen-1])
			outLen = minOut + right%rng
		}
		if len(md)*8 != want[j].OutLen || !bytes.Equal(md, want[j].MD) {
			t.Errorf("tcId %d: Monte Carlo iteration %d: %d bits %x, want %d bits %x",
				tcID, j, len(md)*8, md, want[j].OutLen, want[j].MD)
			return
		}
	}
}

func TestACVPHMAC(t *testing.T) {
	t.Parallel()
	for _, a := range hashAlgs {
		if a.acvp == "" {
			continue
		}
		name := "HMAC-" + a.acvp
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			v := loadACVP(t, acvpFileName(name))
			if v.prompts.Algorithm != name {
				t.Fatalf("file holds %q vectors, want %q", v.prompts.Algorithm, name)
			}
			requireHMAC(t, a)
			for _, ctor := range hmacCtors(a) {
				var n tally
				for gi := range v.prompts.TestGroups {
					g := &v.prompts.TestGroups[gi]
					if g.TestType != "AFT" {
						t.Fatalf("tgId %d: unknown test type %q", g.TgID, g.TestType)
					}
					macLen, ok1 := bitsToBytes(g.MacLen)
					keyLen, ok2 := bitsToBytes(g.KeyLen)
					msgLen, ok3 := bitsToBytes(g.MsgLen)
					if !ok1 || !ok2 || !ok3 || macLen == 0 || macLen > a.size {
						for _, c := range g.Tests {
							n.skip(c.TcID, "%d-bit key, %d-bit message, %d-bit MAC", g.KeyLen, g.MsgLen, g.MacLen)
						}
						continue
					}
					for ci := range g.Tests {
						c := &g.Tests[ci]
						want := v.answer(g, c)
						if len(c.Key) < keyLen || len(c.Msg) < msgLen {
							t.Fatalf("tcId %d: %d-byte key and %d-byte message, the group says %d and %d bits",
								c.TcID, len(c.Key), len(c.Msg), g.KeyLen, g.MsgLen)
						}
						m := compat.NewHMAC(ctor.new, c.Key[:keyLen])
						m.Write(c.Msg[:msgLen])
						got := m.Sum(nil)
						if len(got) != a.size {
							t.Fatalf("tcId %d: Sum returned %d bytes, want %d", c.TcID, len(got), a.size)
						}
						if !bytes.Equal(got[:macLen], want.MAC) {
							t.Errorf("%s tcId %d: MAC %x, want %x", ctor.kind, c.TcID, got[:macLen], want.MAC)
						}
						if macLen < a.size {
							n.note(c.TcID, "by the leading %d bits of the MAC", g.MacLen)
						}
						n.ok()
					}
				}
				n.report(t, name+" with the "+ctor.kind+" constructor")
			}
		})
	}
}

func TestACVPAESGCM(t *testing.T) {
	t.Parallel()
	v := loadACVP(t, "ACVP-AES-GCM")
	requireCapability(t, "AES-GCM", func() error {
		_, err := compat.NewAESGCM(make([]byte, 16))
		return err
	})
	var n tally
	for gi := range v.prompts.TestGroups {
		g := &v.prompts.TestGroups[gi]
		if g.TestType != "AFT" {
			t.Fatalf("tgId %d: unknown test type %q", g.TgID, g.TestType)
		}
		for ci := range g.Tests {
			c := &g.Tests[ci]
			want := v.answer(g, c)
			switch {
			case g.IVGen != "" && g.IVGen != "external":
				n.skip(c.TcID, "IV generated inside the module (ivGen %q)", g.IVGen)
				continue
			case g.IVLen != 96:
				n.skip(c.TcID, "%d-bit IV", g.IVLen)
				continue
			case g.TagLen%8 != 0 || g.TagLen == 0 || g.TagLen > 128:
				n.skip(c.TcID, "%d-bit tag", g.TagLen)
				continue
			case g.PayloadLen%8 != 0 || g.AADLen%8 != 0:
				n.skip(c.TcID, "%d-bit payload, %d-bit AAD", g.PayloadLen, g.AADLen)
				continue
			}
			if len(c.AAD)*8 != g.AADLen || len(c.PT)*8+len(c.CT)*8 != g.PayloadLen {
				t.Fatalf("tcId %d: %d-byte AAD and %d-byte payload, the group says %d and %d bits",
					c.TcID, len(c.AAD), len(c.PT)+len(c.CT), g.AADLen, g.PayloadLen)
			}
			aead, err := compat.NewAESGCM(c.Key)
			if err != nil {
				t.Errorf("tcId %d: %d-byte key: %v", c.TcID, len(c.Key), err)
				continue
			}
			tagLen := g.TagLen / 8
			switch g.Direction {
			case "encrypt":
				out := aead.Seal(nil, c.IV, c.PT, c.AAD)
				ct, tag := out[:len(c.PT)], out[len(c.PT):]
				if !bytes.Equal(ct, want.CT) || !bytes.Equal(tag[:tagLen], want.Tag) {
					t.Errorf("tcId %d: Seal = %x, %x; want %x, %x", c.TcID, ct, tag[:tagLen], want.CT, want.Tag)
				}
				if tagLen < 16 {
					// A t-bit GCM tag is the leading t bits of the full tag
					// (SP 800-38D, 7.1).
					n.note(c.TcID, "as encryptions by the leading bits of the 128-bit tag")
				}
			case "decrypt":
				if want.TestPassed == nil {
					t.Fatalf("tcId %d: no testPassed in the answer", c.TcID)
				}
				if tagLen == 16 {
					pt, err := aead.Open(nil, c.IV, slices.Concat(c.CT, c.Tag), c.AAD)
					if *want.TestPassed {
						if err != nil || !bytes.Equal(pt, want.PT) {
							t.Errorf("tcId %d: Open = %x, %v; want %x", c.TcID, pt, err, want.PT)
						}
					} else if !errors.Is(err, compat.ErrAuthentication) || pt != nil {
						t.Errorf("tcId %d: Open of an inauthentic message = %x, %v; want an error wrapping ErrAuthentication", c.TcID, pt, err)
					}
					break
				}
				// Open takes only a 128-bit tag. Decide through Seal instead:
				// GCM encryption is its own inverse on the payload (CTR mode),
				// so sealing the ciphertext yields the candidate plaintext, and
				// sealing that yields the ciphertext back with the full tag,
				// whose leading bits must equal the truncated tag exactly when
				// the message is authentic.
				pt := aead.Seal(nil, c.IV, c.CT, nil)[:len(c.CT)]
				out := aead.Seal(nil, c.IV, pt, c.AAD)
				if !bytes.Equal(out[:len(c.CT)], c.CT) {
					t.Fatalf("tcId %d: Seal is not its own inverse on the payload", c.TcID)
				}
				authentic := bytes.Equal(out[len(c.CT):][:tagLen], c.Tag)
				if authentic != *want.TestPassed {
					t.Errorf("tcId %d: the %d-bit tag verifies: %v, want %v", c.TcID, g.TagLen, authentic, *want.TestPassed)
				} else if authentic && !bytes.Equal(pt, want.PT) {
					t.Errorf("tcId %d: plaintext %x, want %x", c.TcID, pt, want.PT)
				}
				// Open itself cannot take the short tag: it must refuse it.
				if got, err := aead.Open(nil, c.IV, slices.Concat(c.CT, c.Tag), c.AAD); err == nil {
					t.Errorf("tcId %d: Open accepted a %d-bit tag: %x", c.TcID, g.TagLen, got)
				}
				n.note(c.TcID, "as decryptions through Seal (Open takes no %d-bit tag)", g.TagLen)
			default:
				t.Fatalf("tgId %d: unknown direction %q", g.TgID, g.Direction)
			}
			n.ok()
		}
	}
	n.report(t, "ACVP-AES-GCM")
}

// aesKeyShuffle derives the next Monte Carlo key (draft-celi-acvp-symmetric,
// AES_KEY_SHUFFLE) from the last two outputs.
func aesKeyShuffle(key, prev, last []byte) []byte {
	next := slices.Clone(key)
	var tail []byte
	switch len(key) {
	case 16:
		tail = last
	case 24:
		tail = slices.Concat(prev[8:], last)
	case 32:
		tail = slices.Concat(prev, last)
	}
	for i := range next {
		next[i] ^= tail[i]
	}
	return next
}

// aesBlocks runs fn over every 16-byte block of src.
func aesBlocks(fn func(dst, src []byte), src []byte) []byte {
	dst := make([]byte, len(src))
	for i := 0; i < len(src); i += 16 {
		fn(dst[i:i+16], src[i:i+16])
	}
	return dst
}

func TestACVPAESECB(t *testing.T) {
	t.Parallel()
	v := loadACVP(t, "ACVP-AES-ECB")
	requireCapability(t, "AES (block)", func() error {
		_, err := compat.NewAESCipher(make([]byte, 16))
		return err
	})
	checkKeySizes(t, "NewAESCipher", []int{16, 24, 32}, func(key []byte) (any, error) { return compat.NewAESCipher(key) })
	var n tally
	for gi := range v.prompts.TestGroups {
		g := &v.prompts.TestGroups[gi]
		for ci := range g.Tests {
			c := &g.Tests[ci]
			want := v.answer(g, c)
			enc := g.Direction == "encrypt"
			if !enc && g.Direction != "decrypt" {
				t.Fatalf("tgId %d: unknown direction %q", g.TgID, g.Direction)
			}
			switch g.TestType {
			case "AFT":
				b, err := compat.NewAESCipher(c.Key)
				if err != nil {
					t.Fatalf("tcId %d: %v", c.TcID, err)
				}
				if b.BlockSize() != 16 {
					t.Fatalf("BlockSize() = %d", b.BlockSize())
				}
				in, out, fn := c.PT, want.CT, b.Encrypt
				if !enc {
					in, out, fn = c.CT, want.PT, b.Decrypt
				}
				if len(in)%16 != 0 {
					n.skip(c.TcID, "%d-byte input", len(in))
					continue
				}
				if got := aesBlocks(fn, in); !bytes.Equal(got, out) {
					t.Errorf("tcId %d (%s): %x, want %x", c.TcID, g.Direction, got, out)
				}
				// In place, as crypto/aes allows.
				buf := slices.Clone(in[:16])
				fn(buf, buf)
				if !bytes.Equal(buf, out[:16]) {
					t.Errorf("tcId %d (%s) in place: %x, want %x", c.TcID, g.Direction, buf, out[:16])
				}
			case "MCT":
				ecbMCT(t, c, enc, want.ResultsArray)
			default:
				t.Fatalf("tgId %d: unknown test type %q", g.TgID, g.TestType)
			}
			n.ok()
		}
	}
	n.report(t, "ACVP-AES-ECB")
}

// ecbMCT runs the AES-ECB Monte Carlo test (draft-celi-acvp-symmetric,
// 6.4.1): a thousand chained block operations per outer iteration, then a
// key shuffle.
func ecbMCT(t *testing.T, c *acvpCase, enc bool, want []acvpResult) {
	t.Helper()
	if len(want) != 100 {
		t.Fatalf("tcId %d: %d Monte Carlo results, want 100", c.TcID, len(want))
	}
	key := slices.Clone(c.Key)
	in := slices.Clone(c.PT)
	if !enc {
		in = slices.Clone(c.CT)
	}
	for i := range want {
		b, err := compat.NewAESCipher(key)
		if err != nil {
			t.Fatalf("tcId %d: %v", c.TcID, err)
		}
		fn := b.Encrypt
		if !enc {
			fn = b.Decrypt
		}
		wantIn, wantOut := want[i].PT, want[i].CT
		if !enc {
			wantIn, wantOut = want[i].CT, want[i].PT
		}
		if !bytes.Equal(key, want[i].Key) || !bytes.Equal(in, wantIn) {
			t.Errorf("tcId %d: Monte Carlo iteration %d starts from key %x input %x, want %x %x", c.TcID, i, key, in, want[i].Key, wantIn)
			return
		}
		prev, last := make([]byte, 16), slices.Clone(in)
		for range 1000 {
			copy(prev, last)
			fn(last, prev)
		}
		if !bytes.Equal(last, wantOut) {
			t.Errorf("tcId %d: Monte Carlo iteration %d: %x, want %x", c.TcID, i, last, wantOut)
			return
		}
		key = aesKeyShuffle(key, prev, last)
		in = last
	}
}

func TestACVPAESCBC(t *testing.T) {
	t.Parallel()
	v := loadACVP(t, "ACVP-AES-CBC")
	requireCapability(t, "AES-CBC", func() error {
		_, err := compat.NewAESCBCEncrypter(make([]byte, 16), make([]byte, 16))
		return err
	})
	var n tally
	for gi := range v.prompts.TestGroups {
		g := &v.prompts.TestGroups[gi]
		for ci := range g.Tests {
			c := &g.Tests[ci]
			want := v.answer(g, c)
			enc := g.Direction == "encrypt"
			if !enc && g.Direction != "decrypt" {
				t.Fatalf("tgId %d: unknown direction %q", g.TgID, g.Direction)
			}
			newMode := compat.NewAESCBCEncrypter
			in, out := c.PT, want.CT
			if !enc {
				newMode, in, out = compat.NewAESCBCDecrypter, c.CT, want.PT
			}
			switch g.TestType {
			case "AFT":
				if len(in)%16 != 0 {
					n.skip(c.TcID, "%d-byte input", len(in))
					continue
				}
				m, err := newMode(c.Key, c.IV)
				if err != nil {
					t.Fatalf("tcId %d: %v", c.TcID, err)
				}
				got := make([]byte, len(in))
				m.CryptBlocks(got, in)
				if !bytes.Equal(got, out) {
					t.Errorf("tcId %d (%s): %x, want %x", c.TcID, g.Direction, got, out)
				}
				// The same, a block per call: the mode carries the chain.
				m, _ = newMode(c.Key, c.IV)
				if got := aesBlocks(m.CryptBlocks, in); !bytes.Equal(got, out) {
					t.Errorf("tcId %d (%s) a block at a time: %x, want %x", c.TcID, g.Direction, got, out)
				}
			case "MCT":
				cbcMCT(t, c, enc, newMode, want.ResultsArray)
			default:
				t.Fatalf("tgId %d: unknown test type %q", g.TgID, g.TestType)
			}
			n.ok()
		}
	}
	n.report(t, "ACVP-AES-CBC")
}

// cbcMCT runs the AES-CBC Monte Carlo test (draft-celi-acvp-symmetric,
// 6.4.2). For encryption: CT[0] = CBC(Key, IV, PT[0]) and PT[1] = IV; for
// j >= 1 the chain continues, CT[j] = CBC(Key, PT[j]) with PT[j+1] = CT[j-1].
// After the key shuffle the next outer iteration starts from IV = CT[999]
// and PT[0] = CT[998]. Decryption mirrors it with PT and CT swapped.
func cbcMCT(t *testing.T, c *acvpCase, enc bool, newMode func(key, iv []byte) (cipher.BlockMode, error), want []acvpResult) {
	t.Helper()
	if len(want) != 100 {
		t.Fatalf("tcId %d: %d Monte Carlo results, want 100", c.TcID, len(want))
	}
	key, iv := slices.Clone(c.Key), slices.Clone(c.IV)
	in := slices.Clone(c.PT)
	if !enc {
		in = slices.Clone(c.CT)
	}
	for i := range want {
		wantIn, wantOut := want[i].PT, want[i].CT
		if !enc {
			wantIn, wantOut = want[i].CT, want[i].PT
		}
		if !bytes.Equal(key, want[i].Key) || !bytes.Equal(iv, want[i].IV) || !bytes.Equal(in, wantIn) {
			t.Errorf("tcId %d: Monte Carlo iteration %d starts from key %x IV %x input %x, want %x %x %x",
				c.TcID, i, key, iv, in, want[i].Key, want[i].IV, wantIn)
			return
		}
		m, err := newMode(key, iv)
		if err != nil {
			t.Fatalf("tcId %d: %v", c.TcID, err)
		}
		outs := make([][]byte, 1000)
		next := in
		for j := range outs {
			outs[j] = make([]byte, 16)
			m.CryptBlocks(outs[j], next)
			if j == 0 {
				next = iv
			} else {
				next = outs[j-1]
			}
		}
		last, prev := outs[999], outs[998]
		if !bytes.Equal(last, wantOut) {
			t.Errorf("tcId %d: Monte Carlo iteration %d: %x, want %x", c.TcID, i, last, wantOut)
			return
		}
		key = aesKeyShuffle(key, prev, last)
		iv, in = last, prev
	}
}

func TestACVPAESCTR(t *testing.T) {
	t.Parallel()
	v := loadACVP(t, "ACVP-AES-CTR")
	requireCapability(t, "AES-CTR", func() error {
		_, err := compat.NewAESCTR(make([]byte, 16), make([]byte, 16))
		return err
	})
	checkKeySizes(t, "NewAESCTR", []int{16, 24, 32}, func(key []byte) (any, error) { return compat.NewAESCTR(key, make([]byte, 16)) })
	for _, n := range []int{0, 8, 12, 15, 17} {
		if _, err := compat.NewAESCTR(make([]byte, 16), make([]byte, n)); !errors.Is(err, compat.ErrInvalidKey) {
			t.Errorf("NewAESCTR with a %d-byte IV: err = %v, want an error wrapping ErrInvalidKey", n, err)
		}
	}
	var n tally
	for gi := range v.prompts.TestGroups {
		g := &v.prompts.TestGroups[gi]
		if g.TestType != "AFT" && g.TestType != "CTR" {
			t.Fatalf("tgId %d: unknown test type %q", g.TgID, g.TestType)
		}
		for ci := range g.Tests {
			c := &g.Tests[ci]
			want := v.answer(g, c)
			in, out := c.PT, want.CT
			switch g.Direction {
			case "encrypt":
			case "decrypt":
				in, out = c.CT, want.PT
			default:
				t.Fatalf("tgId %d: unknown direction %q", g.TgID, g.Direction)
			}
			if c.PayloadLen != nil {
				k, ok := bitsToBytes(*c.PayloadLen)
				if !ok {
					n.skip(c.TcID, "payload of %d bits", *c.PayloadLen)
					continue
				}
				in, out = in[:k], out[:k]
			}
			if g.TestType == "CTR" && g.Overflow {
				// The counter block runs past 2^128-1 and wraps to zero.
				n.note(c.TcID, "with the 128-bit counter wrapping around")
			}
			s, err := compat.NewAESCTR(c.Key, c.IV)
			if err != nil {
				t.Fatalf("tcId %d: %v", c.TcID, err)
			}
			got := make([]byte, len(in))
			s.XORKeyStream(got, in)
			if !bytes.Equal(got, out) {
				t.Errorf("tcId %d (%s %s): %x, want %x", c.TcID, g.TestType, g.Direction, got, out)
			}
			// The same in pieces that split blocks, in place.
			s, _ = compat.NewAESCTR(c.Key, c.IV)
			got = slices.Clone(in)
			for i, pos := 0, 0; pos < len(got); i++ {
				k := min([]int{1, 15, 16, 17, 33, 100}[i%6], len(got)-pos)
				s.XORKeyStream(got[pos:pos+k], got[pos:pos+k])
				pos += k
			}
			if !bytes.Equal(got, out) {
				t.Errorf("tcId %d (%s %s) in pieces, in place: %x, want %x", c.TcID, g.TestType, g.Direction, got, out)
			}
			n.ok()
		}
	}
	n.report(t, "ACVP-AES-CTR")
}
