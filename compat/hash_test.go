package compat

import (
	"bytes"
	"crypto"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha3"
	"crypto/sha512"
	"encoding"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"hash"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// ---- helpers shared by the package's behaviour tests ----

var seedFlag = flag.Uint64("compat.seed", 0, "seed for the randomised tests (0: pick one from the clock)")

// testRand is a deterministic generator of numbers and bytes.
type testRand struct {
	*rand.Rand
	src *rand.ChaCha8
}

// newRand returns a deterministic generator for t and logs its seed, so a
// failure can be replayed with -args -compat.seed=N.
func newRand(t testing.TB) *testRand {
	t.Helper()
	seed := *seedFlag
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	t.Logf("random seed %d (replay with -args -compat.seed=%d)", seed, seed)
	var key [32]byte
	binary.LittleEndian.PutUint64(key[:], seed)
	src := rand.NewChaCha8(key)
	return &testRand{rand.New(src), src}
}

func randBytes(r *testRand, n int) []byte {
	b := make([]byte, n)
	r.src.Read(b)
	return b
}

// bytesDiff reports how got differs from want, as a cmp diff of their hex
// encodings (long byte slices compare much faster this way).
func bytesDiff(want, got []byte) string {
	if bytes.Equal(want, got) {
		return ""
	}
	return cmp.Diff(hex.EncodeToString(want), hex.EncodeToString(got))
}

func mustHex(s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}

// panicValue runs f and returns what it panicked with, if it did.
func panicValue(f func()) (v any, panicked bool) {
	defer func() {
		if panicked {
			v = recover()
		}
	}()
	panicked = true
	f()
	panicked = false
	return nil, false
}

// expectPanic fails t unless f panics.
func expectPanic(t testing.TB, what string, f func()) any {
	t.Helper()
	v, ok := panicValue(f)
	if !ok {
		t.Errorf("%s: did not panic", what)
	}
	return v
}

// panicError runs f and returns the error it panicked with; nil when f
// returned normally. A panic with a non-error value is reported as such.
func panicError(f func()) error {
	v, ok := panicValue(f)
	if !ok {
		return nil
	}
	if err, isErr := v.(error); isErr {
		return err
	}
	return fmt.Errorf("panicked with a %T, not an error: %v", v, v)
}

func fork() string { return Backend().Fork }

// capabilityOf returns the capability Capabilities reports under name.
func capabilityOf(t testing.TB, name string) Capability {
	t.Helper()
	for _, c := range Capabilities() {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("Capabilities() has no entry %q", name)
	return Capability{}
}

// requireAvailable checks that use (which builds the algorithm and returns
// the error it failed with) fails as documented when the linked fork lacks
// capability name or its FIPS module refuses it, and then skips t naming the
// fork. It returns normally when the algorithm is available.
func requireAvailable(t *testing.T, name string, use func() error) {
	t.Helper()
	c := capabilityOf(t, name)
	switch {
	case c.Status == Unsupported:
		if err := use(); !errors.Is(err, ErrUnsupported) {
			t.Fatalf("%s is reported unsupported on %s, but using it gave %v, want an error wrapping ErrUnsupported", name, fork(), err)
		}
		t.Skipf("%s (%s) does not provide %s: checked that it fails with ErrUnsupported", fork(), Backend().Version, name)
	case !c.Allowed:
		if err := use(); !errors.Is(err, ErrFIPS) {
			t.Fatalf("%s is reported refused by the FIPS module on %s, but using it gave %v, want an error wrapping ErrFIPS", name, fork(), err)
		}
		t.Skipf("the FIPS module in force on %s refuses %s: checked that it fails with ErrFIPS", fork(), name)
	}
}

// requireHash is requireAvailable for a constructor that panics.
func requireHash(t *testing.T, name string, ctor func() hash.Hash) {
	t.Helper()
	requireAvailable(t, name, func() error { return panicError(func() { ctor() }) })
}

// chunkSize picks a write size that often lands around the 256-byte
// buffering threshold.
func chunkSize(r *testRand, remaining int) int {
	var n int
	switch r.IntN(9) {
	case 0:
		n = 0
	case 1:
		n = 1
	case 2:
		n = 255 + r.IntN(3)
	case 3:
		n = 250 + r.IntN(12)
	case 4:
		n = r.IntN(64)
	case 5:
		n = r.IntN(600)
	case 6:
		n = 512 + r.IntN(4096)
	case 7:
		n = remaining
	default:
		n = r.IntN(160)
	}
	return min(n, remaining)
}

// ---- the digests ----

type hashCase struct {
	name string // as in Capabilities
	id   crypto.Hash
	ours func() hash.Hash
	std  func() hash.Hash
	// Known answers: FIPS 180-4 / FIPS 202 examples ("", "abc", the
	// 448-bit message) and the FIPS 202 1600-bit message of 0xa3 bytes;
	// RFC 1321 for MD5.
	empty, abc, abc448, a3x200 string
}

const msg448 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"

var hashCases = []hashCase{
	{"MD5", crypto.MD5, NewMD5, md5.New,
		"d41d8cd98f00b204e9800998ecf8427e",
		"900150983cd24fb0d6963f7d28e17f72",
		"8215ef0796a20bcaaae116d3876c664a",
		"154f59e5bb64e06eedbf0887965f679e"},
	{"SHA-1", crypto.SHA1, NewSHA1, sha1.New,
		"da39a3ee5e6b4b0d3255bfef95601890afd80709",
		"a9993e364706816aba3e25717850c26c9cd0d89d",
		"84983e441c3bd26ebaae4aa1f95129e5e54670f1",
		"6aaf938e4468057253d09df7fa65e98a30e7e43e"},
	{"SHA-224", crypto.SHA224, NewSHA224, sha256.New224,
		"d14a028c2a3a2bc9476102bb288234c415a2b01f828ea62ac5b3e42f",
		"23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7",
		"75388b16512776cc5dba5da1fd890150b0c6455cb4f58b1952522525",
		"5232de71f65951bcd3d6dd18b73e6f12ebb5702de4c738446222217a"},
	{"SHA-256", crypto.SHA256, NewSHA256, sha256.New,
		"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
		"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
		"248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
		"8edfea24cad8f0e6da7fb5ebde442300fdf913be8a3bdfce06557e34d8f4efa3"},
	{"SHA-384", crypto.SHA384, NewSHA384, sha512.New384,
		"38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da274edebfe76f65fbd51ad2f14898b95b",
		"cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7",
		"3391fdddfc8dc7393707a65b1b4709397cf8b1d162af05abfe8f450de5f36bc6b0455a8520bc4e6f5fe95b1fe3c8452b",
		"1607b79bac73da79748a48d9724762c0dd4fde5934eefee2a0d8da0f35ac8b7dca64c63d5ed5fdd5e7d347b074674bc7"},
	{"SHA-512", crypto.SHA512, NewSHA512, sha512.New,
		"cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e",
		"ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
		"204a8fc6dda82f0a0ced7beb8e08a41657c16ef468b228a8279be331a703c33596fd15c13b1b07f9aa1d3bea57789ca031ad85c7a71dd70354ec631238ca3445",
		"520b59722e8c69059942d075f63f0bf43cd470984a3765acda44afccf490ba6b728497e5031b26cd1e4ad395afefd14d2e847cf9e7712ab0b2e19b2d9f0427e1"},
	{"SHA-512/224", crypto.SHA512_224, NewSHA512_224, sha512.New512_224,
		"6ed0dd02806fa89e25de060c19d3ac86cabb87d6a0ddd05c333b84f4",
		"4634270f707b6a54daae7530460842e20e37ed265ceee9a43e8924aa",
		"e5302d6d54bb242275d1e7622d68df6eb02dedd13f564c13dbda2174",
		"61e242f2913cf4240736b028825165d362b24ccabdbdd8cec092e9c1"},
	{"SHA-512/256", crypto.SHA512_256, NewSHA512_256, sha512.New512_256,
		"c672b8d1ef56ed28ab87c3622c5114069bdd3ad7b8f9737498d0c01ecef0967a",
		"53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23",
		"bde8e1f9f19bb9fd3406c90ec6bc47bd36d8ada9f11880dbc8a22a7078b6a461",
		"8534ae931c179649aee047365f4b6adb6c6223c6ba36ff8df0d91fc72a4b370b"},
	{"SHA3-224", crypto.SHA3_224, NewSHA3_224, func() hash.Hash { return sha3.New224() },
		"6b4e03423667dbb73b6e15454f0eb1abd4597f9a1b078e3f5b5a6bc7",
		"e642824c3f8cf24ad09234ee7d3c766fc9a3a5168d0c94ad73b46fdf",
		"8a24108b154ada21c9fd5574494479ba5c7e7ab76ef264ead0fcce33",
		"9376816aba503f72f96ce7eb65ac095deee3be4bf9bbc2a1cb7e11e0"},
	{"SHA3-256", crypto.SHA3_256, NewSHA3_256, func() hash.Hash { return sha3.New256() },
		"a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a",
		"3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532",
		"41c0dba2a9d6240849100376a8235e2c82e1b9998a999e21db32dd97496d3376",
		"79f38adec5c20307a98ef76e8324afbfd46cfd81b22e3973c65fa1bd9de31787"},
	{"SHA3-384", crypto.SHA3_384, NewSHA3_384, func() hash.Hash { return sha3.New384() },
		"0c63a75b845e4f7d01107d852e4c2485c51a50aaaa94fc61995e71bbee983a2ac3713831264adb47fb6bd1e058d5f004",
		"ec01498288516fc926459f58e2c6ad8df9b473cb0fc08c2596da7cf0e49be4b298d88cea927ac7f539f1edf228376d25",
		"991c665755eb3a4b6bbdfb75c78a492e8c56a22c5c4d7e429bfdbc32b9d4ad5aa04a1f076e62fea19eef51acd0657c22",
		"1881de2ca7e41ef95dc4732b8f5f002b189cc1e42b74168ed1732649ce1dbcdd76197a31fd55ee989f2d7050dd473e8f"},
	{"SHA3-512", crypto.SHA3_512, NewSHA3_512, func() hash.Hash { return sha3.New512() },
		"a69f73cca23a9ac5c8b567dc185a756e97c982164fe25859e0d1dcc1475c80a615b2123af1f5f94c11e3e9402c3ac558f500199d95b6d3e301758586281dcd26",
		"b751850b1a57168a5693cd924b6b096e08f621827444f70d884f5d0240d2712e10e116e9192af3c91a7ec57647e3934057340b4cf408d5a56592f8274eec53f0",
		"04a371e84ecfb5b8b77cb48610fca8182dd457ce6f326a0fd3d7ec2f1e91636dee691fbe0c985302ba1b0d8dc78c086346b533b49c030d99a27daf1139d6e75e",
		"e76dfad22084a8b1467fcf2ffa58361bec7628edf5f3fdc0e4805dc48caeeca81b7c13c30adf52a3659584739a2df46be589c51ca1a4a8416df6545a1ce8ba00"},
}

// forEachHash runs f as a subtest for every digest the linked fork
// provides, after checking that the others fail as documented.
func forEachHash(t *testing.T, f func(t *testing.T, hc hashCase)) {
	for _, hc := range hashCases {
		t.Run(hc.name, func(t *testing.T) {
			requireHash(t, hc.name, hc.ours)
			f(t, hc)
		})
	}
}

func TestHashKnownAnswers(t *testing.T) {
	forEachHash(t, func(t *testing.T, hc hashCase) {
		for _, kat := range []struct {
			name string
			msg  []byte
			want string
		}{
			{"empty", nil, hc.empty},
			{"abc", []byte("abc"), hc.abc},
			{"448-bit", []byte(msg448), hc.abc448},
			{"0xa3x200", bytes.Repeat([]byte{0xa3}, 200), hc.a3x200},
		} {
			want := mustHex(kat.want)
			h := hc.ours()
			h.Write(kat.msg)
			if diff := bytesDiff(want, h.Sum(nil)); diff != "" {
				t.Errorf("%s(%s) (-want +got):\n%s", hc.name, kat.name, diff)
			}
			// One byte at a time reaches the same digest.
			h.Reset()
			for i := range kat.msg {
				h.Write(kat.msg[i : i+1])
			}
			if diff := bytesDiff(want, h.Sum(nil)); diff != "" {
				t.Errorf("%s(%s) written bytewise (-want +got):\n%s", hc.name, kat.name, diff)
			}
		}
		h, s := hc.ours(), hc.std()
		if h.Size() != s.Size() || h.BlockSize() != s.BlockSize() {
			t.Errorf("Size, BlockSize = %d, %d; the standard library says %d, %d", h.Size(), h.BlockSize(), s.Size(), s.BlockSize())
		}
		if !SupportsHash(hc.id) {
			t.Errorf("SupportsHash(%v) = false, but the constructor works", hc.id)
		}
	})
}

func TestSupportsHashUnknown(t *testing.T) {
	for _, h := range []crypto.Hash{0, crypto.MD4, crypto.MD5SHA1, crypto.RIPEMD160, crypto.BLAKE2b_256, crypto.BLAKE2s_256, crypto.Hash(999)} {
		if SupportsHash(h) {
			t.Errorf("SupportsHash(%d) = true for a hash the package has no constructor for", h)
		}
	}
}

// TestHashDifferential compares every digest with the standard library on
// random inputs of many lengths written in random pieces, summing in the
// middle, summing onto a non-empty slice and resetting.
func TestHashDifferential(t *testing.T) {
	forEachHash(t, func(t *testing.T, hc hashCase) {
		r := newRand(t)
		lengths := make([]int, 0, 610)
		for n := 0; n <= 600; n++ {
			lengths = append(lengths, n)
		}
		lengths = append(lengths, 1000, 4096+13, 65537, 1<<20+3)
		for _, n := range lengths {
			msg := randBytes(r, n)
			ours, std := hc.ours(), hc.std()
			for off := 0; off < n; {
				c := chunkSize(r, n-off)
				if w, err := ours.Write(msg[off : off+c]); w != c || err != nil {
					t.Fatalf("Write(%d bytes) = %d, %v", c, w, err)
				}
				std.Write(msg[off : off+c])
				off += c
				if r.IntN(4) == 0 {
					// A Sum in the middle must not disturb the state.
					if diff := bytesDiff(std.Sum(nil), ours.Sum(nil)); diff != "" {
						t.Fatalf("len %d: Sum after %d bytes (-std +ours):\n%s", n, off, diff)
					}
				}
			}
			want := std.Sum(nil)
			if diff := bytesDiff(want, ours.Sum(nil)); diff != "" {
				t.Fatalf("len %d (-std +ours):\n%s", n, diff)
			}
			// Summing twice gives the same answer.
			if diff := bytesDiff(want, ours.Sum(nil)); diff != "" {
				t.Fatalf("len %d: second Sum (-std +ours):\n%s", n, diff)
			}
			// Sum appends to b, with and without spare capacity.
			prefix := randBytes(r, 1+r.IntN(20))
			b := slices.Clone(prefix)
			if diff := bytesDiff(append(slices.Clone(prefix), want...), ours.Sum(b)); diff != "" {
				t.Fatalf("len %d: Sum(prefix) (-want +got):\n%s", n, diff)
			}
			b = make([]byte, len(prefix), len(prefix)+ours.Size()+7)
			copy(b, prefix)
			got := ours.Sum(b)
			if diff := bytesDiff(append(slices.Clone(prefix), want...), got); diff != "" {
				t.Fatalf("len %d: Sum(prefix with room) (-want +got):\n%s", n, diff)
			}
			if &got[0] != &b[0] {
				t.Errorf("len %d: Sum reallocated a slice with enough capacity", n)
			}
			// Reset, then the whole message in one Write.
			ours.Reset()
			ours.Write(msg)
			if diff := bytesDiff(want, ours.Sum(nil)); diff != "" {
				t.Fatalf("len %d: after Reset (-std +ours):\n%s", n, diff)
			}
			// Reset with bytes pending gives the empty digest.
			ours.Write(msg[:n/2])
			ours.Reset()
			if diff := bytesDiff(mustHex(hc.empty), ours.Sum(nil)); diff != "" {
				t.Fatalf("len %d: Sum right after Reset (-want +got):\n%s", n, diff)
			}
		}
	})
}

// runHashOps applies the same random sequence of Write, Sum, Reset and
// Clone to ours and to its reference implementation std.
func runHashOps(t *testing.T, r *testRand, steps int, ours, std hash.Hash) {
	t.Helper()
	var log []string
	for i := 0; i < steps; i++ {
		switch r.IntN(8) {
		case 0, 1, 2:
			p := randBytes(r, chunkSize(r, 1500))
			ours.Write(p)
			std.Write(p)
			log = append(log, fmt.Sprintf("Write(%d)", len(p)))
		case 3, 4:
			prefix := randBytes(r, r.IntN(3))
			log = append(log, fmt.Sprintf("Sum(%d-byte b)", len(prefix)))
			if diff := bytesDiff(std.Sum(slices.Clone(prefix)), ours.Sum(slices.Clone(prefix))); diff != "" {
				t.Fatalf("after %v (-std +ours):\n%s", log, diff)
			}
		case 5:
			ours.Reset()
			std.Reset()
			log = append(log, "Reset")
		case 6:
			// Continue with a clone, after writing junk to the original:
			// the clone must not see it.
			oc, err := ours.(hash.Cloner).Clone()
			if err != nil {
				t.Fatalf("after %v: Clone: %v", log, err)
			}
			ours.Write(randBytes(r, r.IntN(400)))
			ours = oc
			log = append(log, "Clone")
		case 7:
			// Write the same bytes in two pieces.
			p := randBytes(r, r.IntN(600))
			k := r.IntN(len(p) + 1)
			ours.Write(p[:k])
			ours.Write(p[k:])
			std.Write(p)
			log = append(log, fmt.Sprintf("Write(%d)+Write(%d)", k, len(p)-k))
		}
	}
	if diff := bytesDiff(std.Sum(nil), ours.Sum(nil)); diff != "" {
		t.Fatalf("after %v (-std +ours):\n%s", log, diff)
	}
}

func TestHashSequences(t *testing.T) {
	forEachHash(t, func(t *testing.T, hc hashCase) {
		r := newRand(t)
		for range 40 {
			runHashOps(t, r, 30, hc.ours(), hc.std())
		}
	})
}

// TestHashClone checks that a clone and its original evolve independently,
// from states with bytes pending in Go, with bytes handed to the fork, and
// right after Reset.
func TestHashClone(t *testing.T) {
	forEachHash(t, func(t *testing.T, hc hashCase) {
		r := newRand(t)
		sum := func(parts ...[]byte) []byte {
			s := hc.std()
			for _, p := range parts {
				s.Write(p)
			}
			return s.Sum(nil)
		}
		for _, n := range []int{0, 1, 63, 64, 200, 255, 256, 257, 300, 1000, 5000} {
			a, b, c := randBytes(r, n), randBytes(r, r.IntN(700)), randBytes(r, r.IntN(700))
			orig := hc.ours()
			orig.Write(a)
			cl, err := orig.(hash.Cloner).Clone()
			if err != nil {
				t.Fatalf("Clone after %d bytes: %v", n, err)
			}
			if cl.Size() != orig.Size() || cl.BlockSize() != orig.BlockSize() {
				t.Errorf("clone has Size, BlockSize %d, %d; original %d, %d", cl.Size(), cl.BlockSize(), orig.Size(), orig.BlockSize())
			}
			orig.Write(b)
			cl.Write(c)
			if diff := bytesDiff(sum(a, b), orig.Sum(nil)); diff != "" {
				t.Errorf("original after %d+%d bytes (-want +got):\n%s", n, len(b), diff)
			}
			if diff := bytesDiff(sum(a, c), cl.Sum(nil)); diff != "" {
				t.Errorf("clone after %d+%d bytes (-want +got):\n%s", n, len(c), diff)
			}
			// A clone taken after Reset starts empty, whatever was there before.
			orig.Reset()
			cl2, err := orig.(hash.Cloner).Clone()
			if err != nil {
				t.Fatalf("Clone after Reset: %v", err)
			}
			cl2.Write(c)
			orig.Write(b)
			if diff := bytesDiff(sum(c), cl2.Sum(nil)); diff != "" {
				t.Errorf("clone after Reset (-want +got):\n%s", diff)
			}
			if diff := bytesDiff(sum(b), orig.Sum(nil)); diff != "" {
				t.Errorf("original after Reset and clone (-want +got):\n%s", diff)
			}
			// A clone of a clone.
			cl3, err := cl.(hash.Cloner).Clone()
			if err != nil {
				t.Fatalf("Clone of a clone: %v", err)
			}
			cl.Write(a)
			if diff := bytesDiff(sum(a, c), cl3.Sum(nil)); diff != "" {
				t.Errorf("clone of a clone (-want +got):\n%s", diff)
			}
		}
	})
}

// TestHashMarshal checks that a state saved here resumes in the standard
// library and the other way round, where the fork exposes the state, and
// that MarshalBinary and UnmarshalBinary fail with ErrUnsupported where it
// does not.
func TestHashMarshal(t *testing.T) {
	forEachHash(t, func(t *testing.T, hc hashCase) {
		r := newRand(t)
		probe := hc.ours()
		m, ok := probe.(encoding.BinaryMarshaler)
		if !ok {
			t.Fatalf("%T does not implement encoding.BinaryMarshaler", probe)
		}
		if _, ok := probe.(encoding.BinaryUnmarshaler); !ok {
			t.Fatalf("%T does not implement encoding.BinaryUnmarshaler", probe)
		}
		if _, marshalErr := m.MarshalBinary(); marshalErr != nil {
			err := marshalErr
			if !errors.Is(err, ErrUnsupported) {
				t.Fatalf("MarshalBinary: %v, want nil or an error wrapping ErrUnsupported", err)
			}
			// Every way in must say the same.
			if ap, ok := probe.(encoding.BinaryAppender); ok {
				if _, err := ap.AppendBinary([]byte("x")); !errors.Is(err, ErrUnsupported) {
					t.Errorf("AppendBinary: %v, want an error wrapping ErrUnsupported", err)
				}
			}
			s := hc.std()
			s.Write([]byte("abc"))
			state, err := s.(encoding.BinaryMarshaler).MarshalBinary()
			if err != nil {
				t.Fatalf("standard library MarshalBinary: %v", err)
			}
			if err := probe.(encoding.BinaryUnmarshaler).UnmarshalBinary(state); !errors.Is(err, ErrUnsupported) {
				t.Errorf("UnmarshalBinary of a standard-library state: %v, want an error wrapping ErrUnsupported", err)
			}
			// The failed calls left the hash usable.
			probe.Write([]byte("abc"))
			if diff := bytesDiff(mustHex(hc.abc), probe.Sum(nil)); diff != "" {
				t.Errorf("Sum after the failed marshal calls (-want +got):\n%s", diff)
			}
			t.Skipf("no portable %s state on %s (%v): checked that MarshalBinary and UnmarshalBinary fail with ErrUnsupported", hc.name, fork(), marshalErr)
		}

		for _, n := range []int{0, 1, 55, 56, 63, 64, 65, 111, 112, 127, 128, 129, 255, 256, 257, 300, 1000, 4099} {
			a, b := randBytes(r, n), randBytes(r, r.IntN(500))
			want := hc.std()
			want.Write(a)
			want.Write(b)
			wantSum := want.Sum(nil)

			// Ours to the standard library's.
			ours := hc.ours()
			for off := 0; off < n; {
				c := chunkSize(r, n-off)
				ours.Write(a[off : off+c])
				off += c
			}
			state, err := ours.(encoding.BinaryMarshaler).MarshalBinary()
			if err != nil {
				t.Fatalf("MarshalBinary after %d bytes: %v", n, err)
			}
			ref := hc.std()
			ref.Write(a)
			refState, err := ref.(encoding.BinaryMarshaler).MarshalBinary()
			if err != nil {
				t.Fatal(err)
			}
			if diff := bytesDiff(refState, state); diff != "" {
				t.Errorf("state after %d bytes differs from the standard library's (-std +ours):\n%s", n, diff)
			}
			std := hc.std()
			if err := std.(encoding.BinaryUnmarshaler).UnmarshalBinary(state); err != nil {
				t.Fatalf("standard library UnmarshalBinary of our state after %d bytes: %v", n, err)
			}
			std.Write(b)
			if diff := bytesDiff(wantSum, std.Sum(nil)); diff != "" {
				t.Errorf("ours -> standard library after %d bytes (-want +got):\n%s", n, diff)
			}
			// Marshalling did not disturb ours.
			ours.Write(b)
			if diff := bytesDiff(wantSum, ours.Sum(nil)); diff != "" {
				t.Errorf("ours after MarshalBinary at %d bytes (-want +got):\n%s", n, diff)
			}

			// The standard library's to ours, into a hash that had other input.
			back := hc.ours()
			back.Write(randBytes(r, r.IntN(300)))
			if err := back.(encoding.BinaryUnmarshaler).UnmarshalBinary(refState); err != nil {
				t.Fatalf("UnmarshalBinary of the standard library's state after %d bytes: %v", n, err)
			}
			for off := 0; off < len(b); {
				c := chunkSize(r, len(b)-off)
				back.Write(b[off : off+c])
				off += c
			}
			if diff := bytesDiff(wantSum, back.Sum(nil)); diff != "" {
				t.Errorf("standard library -> ours after %d bytes (-want +got):\n%s", n, diff)
			}

			// AppendBinary appends to what is there.
			if ap, ok := ours.(encoding.BinaryAppender); ok {
				before := ours.Sum(nil)
				out, err := ap.AppendBinary([]byte("prefix"))
				if err != nil {
					t.Fatalf("AppendBinary: %v", err)
				}
				plain, _ := ours.(encoding.BinaryMarshaler).MarshalBinary()
				if diff := bytesDiff(append([]byte("prefix"), plain...), out); diff != "" {
					t.Errorf("AppendBinary (-want +got):\n%s", diff)
				}
				if diff := bytesDiff(before, ours.Sum(nil)); diff != "" {
					t.Errorf("AppendBinary changed the state (-before +after):\n%s", diff)
				}
			}
		}

		// Garbage is refused, not resumed.
		for _, bad := range [][]byte{nil, []byte("xyz"), bytes.Repeat([]byte{0}, 200)} {
			if err := hc.ours().(encoding.BinaryUnmarshaler).UnmarshalBinary(bad); err == nil {
				t.Errorf("UnmarshalBinary(%d garbage bytes) succeeded", len(bad))
			}
		}
	})
}

// ---- one-shot functions ----

func TestOneShot(t *testing.T) {
	r := newRand(t)
	lengths := []int{1 << 16, 1<<20 + 1}
	for n := 0; n <= 300; n++ {
		lengths = append(lengths, n)
	}
	for _, c := range []struct {
		name string
		ours func([]byte) []byte
		std  func([]byte) []byte
		ctor func() hash.Hash
	}{
		{"SHA-1", func(p []byte) []byte { s := SHA1(p); return s[:] }, func(p []byte) []byte { s := sha1.Sum(p); return s[:] }, NewSHA1},
		{"SHA-224", func(p []byte) []byte { s := SHA224(p); return s[:] }, func(p []byte) []byte { s := sha256.Sum224(p); return s[:] }, NewSHA224},
		{"SHA-256", func(p []byte) []byte { s := SHA256(p); return s[:] }, func(p []byte) []byte { s := sha256.Sum256(p); return s[:] }, NewSHA256},
		{"SHA-384", func(p []byte) []byte { s := SHA384(p); return s[:] }, func(p []byte) []byte { s := sha512.Sum384(p); return s[:] }, NewSHA384},
		{"SHA-512", func(p []byte) []byte { s := SHA512(p); return s[:] }, func(p []byte) []byte { s := sha512.Sum512(p); return s[:] }, NewSHA512},
	} {
		t.Run(c.name, func(t *testing.T) {
			requireAvailable(t, c.name, func() error { return panicError(func() { c.ours(nil) }) })
			for _, n := range lengths {
				p := randBytes(r, n)
				if diff := bytesDiff(c.std(p), c.ours(p)); diff != "" {
					t.Fatalf("len %d (-std +ours):\n%s", n, diff)
				}
			}
			var kat hashCase
			for _, hc := range hashCases {
				if hc.name == c.name {
					kat = hc
				}
			}
			if diff := bytesDiff(mustHex(kat.abc), c.ours([]byte("abc"))); diff != "" {
				t.Errorf("abc (-want +got):\n%s", diff)
			}
			if diff := bytesDiff(mustHex(kat.empty), c.ours(nil)); diff != "" {
				t.Errorf("empty (-want +got):\n%s", diff)
			}
		})
	}
}

func TestOneShotSHA256Allocs(t *testing.T) {
	if allocsUnreliable != "" {
		t.Skip(allocsUnreliable)
	}
	requireAvailable(t, "SHA-256", func() error { return panicError(func() { SHA256(nil) }) })
	msg := make([]byte, 64)
	var sink [32]byte
	if n := testing.AllocsPerRun(200, func() { sink = SHA256(msg) }); n != 0 {
		t.Errorf("SHA256 of 64 bytes allocates %v times per call, want 0", n)
	}
	if sink != sha256.Sum256(msg) {
		t.Errorf("SHA256 of 64 zero bytes = %x, want %x", sink, sha256.Sum256(msg))
	}
}

// ---- SHAKE ----

type shakeCase struct {
	name string
	ours func() hash.XOF
	std  func() *sha3.SHAKE
	// FIPS 202 examples: the first 32 (SHAKE128) or 64 (SHAKE256) bytes
	// of output for "", "abc" and 200 bytes of 0xa3.
	empty, abc, a3x200 string
}

var shakeCases = []shakeCase{
	{"SHAKE128", NewSHAKE128, sha3.NewSHAKE128,
		"7f9c2ba4e88f827d616045507605853ed73b8093f6efbc88eb1a6eacfa66ef26",
		"5881092dd818bf5cf8a3ddb793fbcba74097d5c526a6d35f97b83351940f2cc8",
		"131ab8d2b594946b9c81333f9bb6e0ce75c3b93104fa3469d3917457385da037"},
	{"SHAKE256", NewSHAKE256, sha3.NewSHAKE256,
		"46b9dd2b0ba88d13233b3feb743eeb243fcd52ea62b81b82b50c27646ed5762fd75dc4ddd8c0f200cb05019d67b592f6fc821c49479ab48640292eacb3b7c4be",
		"483366601360a8771c6863080cc4114d8db44530f8f1e1ee4f94ea37e78b5739d5a15bef186a5386c75744c0527e1faa9f8726e462a12a4feb06bd8801e751e4",
		"cd8a920ed141aa0407a22d59288652e9d9f1a7ee0c1e7c1ca699424da84a904d2d700caae7396ece96604440577da4f3aa22aeb8857f961c4cd8e06f0ae6610b"},
}

func forEachSHAKE(t *testing.T, f func(t *testing.T, sc shakeCase)) {
	for _, sc := range shakeCases {
		t.Run(sc.name, func(t *testing.T) {
			requireAvailable(t, sc.name, func() error { return panicError(func() { sc.ours() }) })
			f(t, sc)
		})
	}
}

// readPieces reads n bytes from x in random pieces, including empty ones
// and pieces around the rate.
func readPieces(t *testing.T, r *testRand, x hash.XOF, n int) []byte {
	t.Helper()
	out := make([]byte, 0, n)
	for len(out) < n {
		var k int
		switch r.IntN(6) {
		case 0:
			k = r.IntN(2)
		case 1:
			k = 1 + r.IntN(17)
		case 2:
			k = 134 + r.IntN(36) // around both rates
		case 3:
			k = 1000 + r.IntN(9000)
		default:
			k = r.IntN(300)
		}
		k = min(k, n-len(out))
		p := make([]byte, k)
		got, err := x.Read(p)
		if got != k || err != nil {
			t.Fatalf("Read(%d bytes) = %d, %v", k, got, err)
		}
		out = append(out, p...)
	}
	return out
}

func TestSHAKEKnownAnswers(t *testing.T) {
	forEachSHAKE(t, func(t *testing.T, sc shakeCase) {
		r := newRand(t)
		for _, kat := range []struct {
			name string
			msg  []byte
			want string
		}{
			{"empty", nil, sc.empty},
			{"abc", []byte("abc"), sc.abc},
			{"0xa3x200", bytes.Repeat([]byte{0xa3}, 200), sc.a3x200},
		} {
			want := mustHex(kat.want)
			x := sc.ours()
			x.Write(kat.msg)
			got := make([]byte, len(want))
			x.Read(got)
			if diff := bytesDiff(want, got); diff != "" {
				t.Errorf("%s(%s) (-want +got):\n%s", sc.name, kat.name, diff)
			}
			x.Reset()
			x.Write(kat.msg)
			if diff := bytesDiff(want, readPieces(t, r, x, len(want))); diff != "" {
				t.Errorf("%s(%s) read in pieces (-want +got):\n%s", sc.name, kat.name, diff)
			}
		}
		if got, want := sc.ours().BlockSize(), sc.std().BlockSize(); got != want {
			t.Errorf("BlockSize = %d, want %d", got, want)
		}
	})
}

func TestSHAKEDifferential(t *testing.T) {
	forEachSHAKE(t, func(t *testing.T, sc shakeCase) {
		r := newRand(t)
		inLens := []int{0, 1, 135, 136, 137, 167, 168, 169, 255, 256, 257, 600, 5000}
		for range 40 {
			inLens = append(inLens, r.IntN(700))
		}
		for _, n := range inLens {
			msg := randBytes(r, n)
			ours, std := sc.ours(), sc.std()
			for off := 0; off < n; {
				c := chunkSize(r, n-off)
				ours.Write(msg[off : off+c])
				off += c
			}
			std.Write(msg)
			outLen := r.IntN(3000)
			if n == 5000 {
				outLen = 1<<20 + 7
			}
			want := make([]byte, outLen)
			std.Read(want)
			if diff := bytesDiff(want, readPieces(t, r, ours, outLen)); diff != "" {
				t.Fatalf("input %d bytes, %d bytes of output read in pieces (-std +ours):\n%s", n, outLen, diff)
			}
			// Reading on continues the same stream.
			more := make([]byte, 300)
			std.Read(more)
			got := make([]byte, 300)
			ours.Read(got)
			if diff := bytesDiff(more, got); diff != "" {
				t.Fatalf("input %d bytes, output past %d bytes (-std +ours):\n%s", n, outLen, diff)
			}
			// Reset after reading starts a fresh XOF that accepts writes.
			ours.Reset()
			ours.Write(msg)
			first := make([]byte, 64)
			ours.Read(first)
			if diff := bytesDiff(want[:min(64, outLen)], first[:min(64, outLen)]); diff != "" {
				t.Fatalf("input %d bytes after Reset (-std +ours):\n%s", n, diff)
			}
		}
	})
}

func TestSHAKEWriteAfterRead(t *testing.T) {
	forEachSHAKE(t, func(t *testing.T, sc shakeCase) {
		for _, readLen := range []int{1, 32, 1000} {
			x := sc.ours()
			x.Write([]byte("abc"))
			x.Read(make([]byte, readLen))
			expectPanic(t, fmt.Sprintf("Write after a %d-byte Read", readLen), func() { x.Write([]byte("d")) })
			// Even an empty Write: the standard library panics on any Write.
			expectPanic(t, fmt.Sprintf("empty Write after a %d-byte Read", readLen), func() { x.Write(nil) })
			x.Reset()
			if v, ok := panicValue(func() { x.Write([]byte("abc")) }); ok {
				t.Fatalf("Write after Reset panicked: %v", v)
			}
			got := make([]byte, 32)
			x.Read(got)
			if diff := bytesDiff(mustHex(sc.abc)[:32], got); diff != "" {
				t.Errorf("after Reset (-want +got):\n%s", diff)
			}
		}
	})
}

// TestSHAKEWriteAfterEmptyRead: hash.XOF says Write panics once Read has
// been called, and crypto/sha3 switches to squeezing on any Read, even one
// of no bytes.
func TestSHAKEWriteAfterEmptyRead(t *testing.T) {
	forEachSHAKE(t, func(t *testing.T, sc shakeCase) {
		std := sc.std()
		std.Read(nil)
		if _, ok := panicValue(func() { std.Write([]byte("x")) }); !ok {
			t.Skip("the standard library accepts a Write after an empty Read; nothing to match")
		}
		x := sc.ours()
		x.Write([]byte("abc"))
		x.Read(nil)
		expectPanic(t, "Write after an empty Read (crypto/sha3 panics here)", func() { x.Write([]byte("x")) })
	})
}

// TestHashParallel runs separate digests and one-shot sums on many
// goroutines at once.
func TestHashParallel(t *testing.T) {
	forEachHash(t, func(t *testing.T, hc hashCase) {
		r := newRand(t)
		msgs := make([][]byte, 16)
		for i := range msgs {
			msgs[i] = randBytes(r, 30+i*37)
		}
		var wg sync.WaitGroup
		for g := range 16 {
			wg.Go(func() {
				s := hc.std()
				s.Write(msgs[g])
				want := s.Sum(nil)
				for i := range 100 {
					h := hc.ours()
					h.Write(msgs[g])
					if got := h.Sum(nil); !bytes.Equal(got, want) {
						t.Errorf("goroutine %d, round %d: %x, want %x", g, i, got, want)
						return
					}
					if hc.id == crypto.SHA256 {
						if got := SHA256(msgs[g]); !bytes.Equal(got[:], want) {
							t.Errorf("goroutine %d, round %d: SHA256 one-shot %x, want %x", g, i, got, want)
							return
						}
					}
				}
			})
		}
		wg.Wait()
	})
}
