package compat_test

// Key derivation against outside truth on every leg: RFC 5869, RFC 6070 and
// RFC 8448 known answers, Wycheproof's HKDF vectors, NIST ACVP (KDA HKDF,
// PBKDF, TLS-v1.2 and TLS-v1.3 KDFs), NIST CAVP's SP 800-108 counter-mode
// vectors (testdata/sp800-108), and differential runs against crypto/hkdf
// and crypto/pbkdf2. Where the fork lacks a KDF or a hash, every vector
// must fail with ErrUnsupported, as Capabilities says.

import (
	"bufio"
	"bytes"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/pbkdf2"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha3"
	"crypto/sha512"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"hash"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/forkcrypto/forkcrypto/compat"
	"github.com/forkcrypto/forkcrypto/compat/internal/protocol"
)

// kdfHash is a hash by its ACVP name, with the standard library's
// constructor and this package's.
type kdfHash struct {
	name       string
	std, ours  func() hash.Hash
	capability string // the HMAC's row in Capabilities
}

var kdfHashes = map[string]kdfHash{
	"SHA-1":        {"SHA-1", sha1.New, compat.NewSHA1, "HMAC-SHA-1"},
	"SHA2-224":     {"SHA2-224", sha256.New224, compat.NewSHA224, "HMAC-SHA-224"},
	"SHA2-256":     {"SHA2-256", sha256.New, compat.NewSHA256, "HMAC-SHA-256"},
	"SHA2-384":     {"SHA2-384", sha512.New384, compat.NewSHA384, "HMAC-SHA-384"},
	"SHA2-512":     {"SHA2-512", sha512.New, compat.NewSHA512, "HMAC-SHA-512"},
	"SHA2-512/224": {"SHA2-512/224", sha512.New512_224, compat.NewSHA512_224, "HMAC-SHA-512/224"},
	"SHA2-512/256": {"SHA2-512/256", sha512.New512_256, compat.NewSHA512_256, "HMAC-SHA-512/256"},
	"SHA3-224":     {"SHA3-224", func() hash.Hash { return sha3.New224() }, compat.NewSHA3_224, "HMAC-SHA3-224"},
	"SHA3-256":     {"SHA3-256", func() hash.Hash { return sha3.New256() }, compat.NewSHA3_256, "HMAC-SHA3-256"},
	"SHA3-384":     {"SHA3-384", func() hash.Hash { return sha3.New384() }, compat.NewSHA3_384, "HMAC-SHA3-384"},
	"SHA3-512":     {"SHA3-512", func() hash.Hash { return sha3.New512() }, compat.NewSHA3_512, "HMAC-SHA3-512"},
}

// kdfChecker compares derived keys with the expected ones, and holds a fork
// that lacks the KDF or the hash to ErrUnsupported (or its FIPS module to
// ErrFIPS) as Capabilities says.
type kdfChecker struct {
	t          *testing.T
	kdf        compat.Capability
	seen       int            // vectors given to check
	computable int            // of which the fork has the KDF and the hash, allowed
	checked    int            // of which gave the expected bytes
	refused    map[string]int // the others, by reason
}

func newKDFChecker(t *testing.T, kdf string) *kdfChecker {
	return &kdfChecker{t: t, kdf: capabilityNamed(t, kdf), refused: map[string]int{}}
}

func (c *kdfChecker) check(id string, h kdfHash, got []byte, err error, want []byte) {
	c.t.Helper()
	c.seen++
	mac := capabilityNamed(c.t, h.capability)
	switch {
	case c.kdf.Status == compat.Unsupported || mac.Status == compat.Unsupported:
		if !errors.Is(err, compat.ErrUnsupported) {
			c.t.Errorf("%s: %s/%s reported unsupported, but got %x, %v", id, c.kdf.Name, mac.Name, got, err)
		}
		c.refused["unsupported "+c.kdf.Name+" or "+mac.Name]++
		return
	case !c.kdf.Allowed || !mac.Allowed:
		if !errors.Is(err, compat.ErrFIPS) {
			c.t.Errorf("%s: refused by FIPS, but got %x, %v", id, got, err)
		}
		c.refused["refused by FIPS"]++
		return
	}
	c.computable++
	switch {
	case err != nil:
		c.t.Errorf("%s: %v", id, err)
	case !bytes.Equal(got, want):
		c.t.Errorf("%s:\n got %x\nwant %x", id, got, want)
	default:
		c.checked++
	}
}

// report logs the counts; it fails a test that saw fewer than min vectors
// (a file read short) or, where the fork runs the KDF, computed none.
func (c *kdfChecker) report(min int) {
	c.t.Helper()
	c.t.Logf("%d of %d vectors checked; not computed: %v", c.checked, c.seen, c.refused)
	if c.seen < min {
		c.t.Errorf("only %d vectors seen, want at least %d", c.seen, min)
	}
	if c.kdf.Allowed && c.computable == 0 {
		c.t.Errorf("%s is available, but no vector could be computed", c.kdf.Name)
	}
}

func unhexT(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// RFC 5869 appendix A.1-A.3 (SHA-256), through both kinds of constructor.
func TestHKDFRFC5869(t *testing.T) {
	c, sha256H := newKDFChecker(t, "HKDF"), kdfHashes["SHA2-256"]
	for _, tc := range []struct{ ikm, salt, info, prk, okm string }{
		{"0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "000102030405060708090a0b0c", "f0f1f2f3f4f5f6f7f8f9",
			"077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5",
			"3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"},
		{"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f",
			"606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeaf",
			"b0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff",
			"06a6b88c5853361a06104c9ceb35b45cef760014904671014a193f40c15fc244",
			"b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71cc30c58179ec3e87c14c01d5c1f3434f1d87"},
		{"0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "", "",
			"19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04",
			"8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8"},
	} {
		ikm, salt, info := unhexT(t, tc.ikm), unhexT(t, tc.salt), string(unhexT(t, tc.info))
		prk, okm := unhexT(t, tc.prk), unhexT(t, tc.okm)
		for _, h := range []func() hash.Hash{sha256.New, compat.NewSHA256} {
			got, err := compat.HKDFExtract(h, ikm, salt)
			c.check("Extract", sha256H, got, err, prk)
			got, err = compat.HKDFExpand(h, prk, info, len(okm))
			c.check("Expand", sha256H, got, err, okm)
			got, err = compat.HKDFKey(h, ikm, salt, info, len(okm))
			c.check("Key", sha256H, got, err, okm)
		}
	}
	c.report(18)
}

// The one-call HKDF that HPKE's key schedule uses: one extract and up to
// three expansions of its pseudorandom key, each output equal to
// crypto/hkdf's, and the length limits of HKDFKey.
func TestHKDFExtractExpand(t *testing.T) {
	ikm, salt := bytes.Repeat([]byte{0x0b}, 22), []byte("salt")
	prk, err := hkdf.Extract(sha512.New384, ikm, salt)
	if err != nil {
		t.Fatal(err)
	}
	steps := [3]protocol.Expansion{
		{Info: []byte("key"), Length: 16}, {Length: 12}, {Info: bytes.Repeat([]byte{7}, 300), Length: 48 * 255},
	}
	for n := 1; n <= len(steps); n++ {
		var use [3]protocol.Expansion
		copy(use[:], steps[:n])
		got, err := protocol.HKDFExtractExpand(compat.NewSHA384, ikm, salt, use)
		if err != nil {
			t.Fatalf("%d expansions: %v", n, err)
		}
		var want []byte
		for _, e := range steps[:n] {
			okm, err := hkdf.Expand(sha512.New384, prk, string(e.Info), e.Length)
			if err != nil {
				t.Fatal(err)
			}
			want = append(want, okm...)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%d expansions: got %x, want crypto/hkdf's %x", n, got, want)
		}
	}
	_, err = protocol.HKDFExtractExpand(compat.NewSHA384, ikm, salt, [3]protocol.Expansion{{Length: 16}, {Length: 48*255 + 1}})
	_, wantErr := compat.HKDFKey(sha512.New384, ikm, salt, "", 48*255+1)
	if err == nil || wantErr == nil || err.Error() != wantErr.Error() {
		t.Errorf("an expansion above 255 hashes: got %v, want HKDFKey's %v", err, wantErr)
	}
}

// RFC 6070's PBKDF2-HMAC-SHA1 known answers, but for the 2^24-iteration
// one: it alone costs seconds natively and minutes on an emulated leg, and
// ACVP's PBKDF set covers long iteration counts.
func TestPBKDF2RFC6070(t *testing.T) {
	c := newKDFChecker(t, "PBKDF2")
	for _, tc := range []struct {
		password, salt string
		iter           int
		dk             string
	}{
		{"password", "salt", 1, "0c60c80f961f0e71f3a9b524af6012062fe037a6"},
		{"password", "salt", 2, "ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957"},
		{"password", "salt", 4096, "4b007901b765489abead49d926f721d065a429c1"},
		{"passwordPASSWORDpassword", "saltSALTsaltSALTsaltSALTsaltSALTsalt", 4096, "3d2eec4fe41c849b80c8d83662c0e44a8b291a964cf2f07038"},
		{"pass\x00word", "sa\x00lt", 4096, "56fa6aa75548099dcc37d7f03425e0c3"},
	} {
		want := unhexT(t, tc.dk)
		got, err := compat.PBKDF2Key(sha1.New, tc.password, []byte(tc.salt), tc.iter, len(want))
		if errors.Is(err, compat.ErrFIPS) && compat.Backend().FIPS {
			// SP 800-132 wants salts of 16 bytes; a FIPS module may refuse RFC 6070's.
			t.Logf("%q/%q: refused by the FIPS module: %v", tc.password, tc.salt, err)
			continue
		}
		c.check(tc.password+"/"+tc.salt, kdfHashes["SHA-1"], got, err, want)
	}
	c.report(5)
}

// RFC 8448 section 3 (simple 1-RTT handshake): the early secret, the
// "derived" secret, and the server's handshake key and IV.
func TestTLS13RFC8448(t *testing.T) {
	h := kdfHashes["SHA2-256"]
	early, err := compat.HKDFExtract(sha256.New, make([]byte, 32), nil)
	hk := newKDFChecker(t, "HKDF")
	hk.check("early secret", h, early, err, unhexT(t, "33ad0a1c607ec03b09e6cd9893680ce210adf300aa1f2660e1b22e10f170f92a"))
	if err != nil {
		early = unhexT(t, "33ad0a1c607ec03b09e6cd9893680ce210adf300aa1f2660e1b22e10f170f92a")
	}
	empty := sha256.Sum256(nil)
	c := newKDFChecker(t, "TLS1.3-KDF")
	got, err := compat.TLS13ExpandLabel(compat.NewSHA256, early, "derived", empty[:], 32)
	c.check("derived", h, got, err, unhexT(t, "6f2615a108c702c5678f54fc9dbab69716c076189c48250cebeac3576c3611ba"))
	shts := unhexT(t, "b67b7d690cc16c4e75e54213cb2d37b4e9c912bcded9105d42befd59d391ad38")
	got, err = compat.TLS13ExpandLabel(sha256.New, shts, "key", nil, 16)
	c.check("server handshake key", h, got, err, unhexT(t, "3fce516009c21727d0f2e4e86ee403bc"))
	got, err = compat.TLS13ExpandLabel(sha256.New, shts, "iv", nil, 12)
	c.check("server handshake iv", h, got, err, unhexT(t, "5d313eb2671276ee13000b30"))
	c.report(3)
}

// Wycheproof hkdf_sha{1,256,384,512}_test.json: valid vectors derive their
// okm; invalid ones (an output longer than 255 hashes) are refused.
func TestHKDFWycheproof(t *testing.T) {
	dir := fetchModule(t, wycheproofModule, wycheproofVersion)
	for file, hname := range map[string]string{
		"hkdf_sha1_test.json": "SHA-1", "hkdf_sha256_test.json": "SHA2-256",
		"hkdf_sha384_test.json": "SHA2-384", "hkdf_sha512_test.json": "SHA2-512",
	} {
		t.Run(file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, "testvectors", file))
			if err != nil {
				t.Fatal(err)
			}
			var f struct {
				NumberOfTests int `json:"numberOfTests"`
				TestGroups    []struct {
					Tests []struct {
						TcID   int      `json:"tcId"`
						IKM    hexBytes `json:"ikm"`
						Salt   hexBytes `json:"salt"`
						Info   hexBytes `json:"info"`
						Size   int      `json:"size"`
						OKM    hexBytes `json:"okm"`
						Result string   `json:"result"`
					} `json:"tests"`
				} `json:"testGroups"`
			}
			if err := json.Unmarshal(data, &f); err != nil {
				t.Fatal(err)
			}
			h := kdfHashes[hname]
			c := newKDFChecker(t, "HKDF")
			n := 0
			for _, g := range f.TestGroups {
				for _, tc := range g.Tests {
					n++
					got, err := compat.HKDFKey(h.std, tc.IKM, tc.Salt, string(tc.Info), tc.Size)
					if tc.Result == "invalid" {
						if err == nil {
							t.Errorf("tcId %d: invalid vector (size %d) derived %x", tc.TcID, tc.Size, got)
						}
						continue
					}
					c.check("tcId "+strconv.Itoa(tc.TcID), h, got, err, tc.OKM)
				}
			}
			if n != f.NumberOfTests {
				t.Fatalf("decoded %d tests, the file announces %d", n, f.NumberOfTests)
			}
			c.report(n / 2)
		})
	}
}

// ---- NIST ACVP ----

type acvpKDFSet struct {
	Algorithm  string `json:"algorithm"`
	Mode       string `json:"mode"`
	VsID       int    `json:"vsId"`
	TestGroups []struct {
		TgID             int    `json:"tgId"`
		TestType         string `json:"testType"`
		HmacAlg          string `json:"hmacAlg"`
		HashAlg          string `json:"hashAlg"`
		RunningMode      string `json:"runningMode"`
		KeyBlockLength   int    `json:"keyBlockLength"`
		KdfConfiguration struct {
			FixedInfoPattern  string `json:"fixedInfoPattern"`
			FixedInfoEncoding string `json:"fixedInfoEncoding"`
			HmacAlg           string `json:"hmacAlg"`
			L                 int    `json:"l"`
		} `json:"kdfConfiguration"`
		Tests []acvpKDFCase `json:"tests"`
	} `json:"testGroups"`
}

type acvpKDFCase struct {
	TcID int `json:"tcId"`
	// KDA
	KdfParameter struct {
		Salt hexBytes `json:"salt"`
		Z    hexBytes `json:"z"`
		L    int      `json:"l"`
	} `json:"kdfParameter"`
	FixedInfoPartyU acvpParty `json:"fixedInfoPartyU"`
	FixedInfoPartyV acvpParty `json:"fixedInfoPartyV"`
	DKM             hexBytes  `json:"dkm"`
	TestPassed      *bool     `json:"testPassed"`
	// PBKDF
	IterationCount int      `json:"iterationCount"`
	KeyLen         int      `json:"keyLen"`
	Password       string   `json:"password"`
	Salt           hexBytes `json:"salt"`
	DerivedKey     hexBytes `json:"derivedKey"`
	// TLS 1.2
	PreMasterSecret hexBytes `json:"preMasterSecret"`
	SessionHash     hexBytes `json:"sessionHash"`
	ClientRandom    hexBytes `json:"clientRandom"`
	ServerRandom    hexBytes `json:"serverRandom"`
	MasterSecret    hexBytes `json:"masterSecret"`
	KeyBlock        hexBytes `json:"keyBlock"`
	// TLS 1.3
	PSK                  hexBytes `json:"psk"`
	DHE                  hexBytes `json:"dhe"`
	HelloClientRandom    hexBytes `json:"helloClientRandom"`
	HelloServerRandom    hexBytes `json:"helloServerRandom"`
	FinishedClientRandom hexBytes `json:"finishedClientRandom"`
	FinishedServerRandom hexBytes `json:"finishedServerRandom"`
	ClientEarlyTraffic   hexBytes `json:"clientEarlyTrafficSecret"`
	EarlyExporterMaster  hexBytes `json:"earlyExporterMasterSecret"`
	ClientHSTraffic      hexBytes `json:"clientHandshakeTrafficSecret"`
	ServerHSTraffic      hexBytes `json:"serverHandshakeTrafficSecret"`
	ClientAppTraffic     hexBytes `json:"clientApplicationTrafficSecret"`
	ServerAppTraffic     hexBytes `json:"serverApplicationTrafficSecret"`
	ExporterMaster       hexBytes `json:"exporterMasterSecret"`
	ResumptionMaster     hexBytes `json:"resumptionMasterSecret"`
}

type acvpParty struct {
	PartyID       hexBytes `json:"partyId"`
	EphemeralData hexBytes `json:"ephemeralData"`
}

// loadACVPKDF returns the vector sets of an ACVP file of mode (all when
// mode is ""), each with its answers by tgId and tcId.
func loadACVPKDF(t *testing.T, name, mode string) (sets []*acvpKDFSet, answers map[[3]int]*acvpKDFCase) {
	t.Helper()
	dir := fetchModule(t, acvpModule, acvpVersion)
	prompts := readACVPSets[acvpKDFSet](t, filepath.Join(dir, "vectors", name+".bz2"))
	expected := readACVPSets[acvpKDFSet](t, filepath.Join(dir, "expected", name+".bz2"))
	answers = make(map[[3]int]*acvpKDFCase)
	for _, e := range expected {
		for _, g := range e.TestGroups {
			for i := range g.Tests {
				answers[[3]int{e.VsID, g.TgID, g.Tests[i].TcID}] = &g.Tests[i]
			}
		}
	}
	for _, s := range prompts {
		if mode == "" || s.Mode == mode {
			sets = append(sets, s)
		}
	}
	if len(sets) == 0 {
		t.Fatalf("%s: no %q vector set", name, mode)
	}
	return sets, answers
}

func TestACVPKDAHKDF(t *testing.T) {
	sets, answers := loadACVPKDF(t, "KDA", "HKDF")
	c := newKDFChecker(t, "HKDF")
	for _, s := range sets {
		for _, g := range s.TestGroups {
			cfg := g.KdfConfiguration
			if cfg.FixedInfoPattern != "uPartyInfo||vPartyInfo" || cfg.FixedInfoEncoding != "concatenation" {
				t.Fatalf("tgId %d: fixed info %q/%q, which this test does not build", g.TgID, cfg.FixedInfoPattern, cfg.FixedInfoEncoding)
			}
			h, ok := kdfHashes[cfg.HmacAlg]
			if !ok {
				t.Fatalf("tgId %d: unknown hash %q", g.TgID, cfg.HmacAlg)
			}
			for _, tc := range g.Tests {
				ans := answers[[3]int{s.VsID, g.TgID, tc.TcID}]
				if ans == nil {
					t.Fatalf("tcId %d: no answer", tc.TcID)
				}
				info := bytes.Join([][]byte{tc.FixedInfoPartyU.PartyID, tc.FixedInfoPartyU.EphemeralData,
					tc.FixedInfoPartyV.PartyID, tc.FixedInfoPartyV.EphemeralData}, nil)
				got, err := compat.HKDFKey(h.ours, tc.KdfParameter.Z, tc.KdfParameter.Salt, string(info), tc.KdfParameter.L/8)
				id := "tcId " + strconv.Itoa(tc.TcID)
				switch g.TestType {
				case "AFT":
					c.check(id, h, got, err, ans.DKM)
				case "VAL":
					if ans.TestPassed == nil {
						t.Fatalf("%s: no testPassed", id)
					}
					if err == nil && bytes.Equal(got, tc.DKM) != *ans.TestPassed {
						t.Errorf("%s: derived %x, vector's %x, ACVP says match=%v", id, got, tc.DKM, *ans.TestPassed)
						continue
					}
					want := got
					if err == nil && !*ans.TestPassed {
						want = got // a mismatch as ACVP expects: counted as checked
					}
					c.check(id, h, got, err, want)
				default:
					t.Fatalf("%s: test type %q", id, g.TestType)
				}
			}
		}
	}
	c.report(100)
}

func TestACVPPBKDF(t *testing.T) {
	sets, answers := loadACVPKDF(t, "PBKDF", "")
	c := newKDFChecker(t, "PBKDF2")
	for _, s := range sets {
		for _, g := range s.TestGroups {
			h, ok := kdfHashes[g.HmacAlg]
			if !ok {
				t.Fatalf("tgId %d: unknown hash %q", g.TgID, g.HmacAlg)
			}
			for _, tc := range g.Tests {
				ans := answers[[3]int{s.VsID, g.TgID, tc.TcID}]
				got, err := compat.PBKDF2Key(h.ours, tc.Password, tc.Salt, tc.IterationCount, tc.KeyLen/8)
				c.check("tcId "+strconv.Itoa(tc.TcID), h, got, err, ans.DerivedKey)
			}
		}
	}
	c.report(10)
}

// TLS-v1.2 KDF (RFC 7627): the extended master secret, then the key block.
func TestACVPTLS12KDF(t *testing.T) {
	sets, answers := loadACVPKDF(t, "TLS-v1.2", "KDF")
	c := newKDFChecker(t, "TLS1.2-PRF")
	for _, s := range sets {
		for _, g := range s.TestGroups {
			h, ok := kdfHashes[g.HashAlg]
			if !ok {
				t.Fatalf("tgId %d: unknown hash %q", g.TgID, g.HashAlg)
			}
			for _, tc := range g.Tests {
				ans := answers[[3]int{s.VsID, g.TgID, tc.TcID}]
				id := "tcId " + strconv.Itoa(tc.TcID)
				ms, err := compat.TLS12PRF(h.std, tc.PreMasterSecret, "extended master secret", tc.SessionHash, 48)
				c.check(id+" master secret", h, ms, err, ans.MasterSecret)
				if err != nil {
					continue
				}
				seed := append(append([]byte{}, tc.ServerRandom...), tc.ClientRandom...)
				kb, err := compat.TLS12PRF(h.ours, ms, "key expansion", seed, g.KeyBlockLength/8)
				c.check(id+" key block", h, kb, err, ans.KeyBlock)
			}
		}
	}
	c.report(6)
}

// TLS-v1.3 KDF: RFC 8446's key schedule with ACVP's randoms standing in for
// the handshake messages, hashed by the fork.
func TestACVPTLS13KDF(t *testing.T) {
	sets, answers := loadACVPKDF(t, "TLS-v1.3", "KDF")
	c := newKDFChecker(t, "TLS1.3-KDF")
	for _, s := range sets {
		for _, g := range s.TestGroups {
			h, ok := kdfHashes[g.HmacAlg]
			if !ok {
				t.Fatalf("tgId %d: unknown hash %q", g.TgID, g.HmacAlg)
			}
			for _, tc := range g.Tests {
				ans := answers[[3]int{s.VsID, g.TgID, tc.TcID}]
				id := "tcId " + strconv.Itoa(tc.TcID) + " " + g.RunningMode
				size := h.ours().Size()
				psk, dhe := tc.PSK, tc.DHE
				if len(psk) == 0 {
					psk = make([]byte, size)
				}
				if len(dhe) == 0 {
					dhe = make([]byte, size)
				}
				th := func(parts ...[]byte) []byte {
					d := h.ours()
					for _, p := range parts {
						d.Write(p)
					}
					return d.Sum(nil)
				}
				derive := func(name string, secret []byte, label string, transcript []byte, want []byte) []byte {
					got, err := compat.TLS13ExpandLabel(h.ours, secret, label, transcript, size)
					if want != nil {
						c.check(id+" "+name, h, got, err, want)
					}
					return got
				}
				early, err := compat.HKDFExtract(h.std, psk, make([]byte, size))
				if err != nil {
					c.check(id+" early secret", h, nil, err, nil)
					continue
				}
				ch := th(tc.HelloClientRandom)
				chsh := th(tc.HelloClientRandom, tc.HelloServerRandom)
				chsf := th(tc.HelloClientRandom, tc.HelloServerRandom, tc.FinishedServerRandom)
				chcf := th(tc.HelloClientRandom, tc.HelloServerRandom, tc.FinishedServerRandom, tc.FinishedClientRandom)
				derive("client early traffic", early, "c e traffic", ch, ans.ClientEarlyTraffic)
				derive("early exporter", early, "e exp master", ch, ans.EarlyExporterMaster)
				hs, _ := compat.HKDFExtract(h.ours, dhe, derive("derived", early, "derived", th(), nil))
				derive("client handshake traffic", hs, "c hs traffic", chsh, ans.ClientHSTraffic)
				derive("server handshake traffic", hs, "s hs traffic", chsh, ans.ServerHSTraffic)
				ms, _ := compat.HKDFExtract(h.ours, make([]byte, size), derive("derived", hs, "derived", th(), nil))
				derive("client application traffic", ms, "c ap traffic", chsf, ans.ClientAppTraffic)
				derive("server application traffic", ms, "s ap traffic", chsf, ans.ServerAppTraffic)
				derive("exporter", ms, "exp master", chsf, ans.ExporterMaster)
				derive("resumption", ms, "res master", chcf, ans.ResumptionMaster)
			}
		}
	}
	c.report(8 * 10)
}

// NIST CAVP's SP 800-108 counter-mode vectors ([RLEN=32_BITS], counter
// before the fixed input, HMAC PRFs), whose fixed input is opaque: they go
// through CounterKDF's fork path by the test-only entry.
func TestSP800108CAVP(t *testing.T) {
	files, err := filepath.Glob("testdata/sp800-108/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no SP 800-108 vector files: %v", err)
	}
	c := newKDFChecker(t, "SP800-108-KDF")
	prfs := map[string]string{"HMAC_SHA1": "SHA-1", "HMAC_SHA224": "SHA2-224", "HMAC_SHA256": "SHA2-256",
		"HMAC_SHA384": "SHA2-384", "HMAC_SHA512": "SHA2-512"}
	for _, file := range files {
		f, err := os.Open(file)
		if err != nil {
			t.Fatal(err)
		}
		var h kdfHash
		var prf, loc, rlen, count string
		var l int
		var ki, fixed []byte
		s := bufio.NewScanner(f)
		s.Buffer(nil, 1<<20)
		for s.Scan() {
			line := strings.TrimSpace(s.Text())
			switch {
			case strings.HasPrefix(line, "[PRF="):
				prf = strings.TrimSuffix(strings.TrimPrefix(line, "[PRF="), "]")
				name, ok := prfs[prf]
				if !ok {
					t.Fatalf("%s: PRF %q", file, prf)
				}
				h = kdfHashes[name]
			case strings.HasPrefix(line, "[CTRLOCATION="):
				loc = line
			case strings.HasPrefix(line, "[RLEN="):
				rlen = line
			case strings.HasPrefix(line, "COUNT="):
				count = strings.TrimPrefix(line, "COUNT=")
			case strings.HasPrefix(line, "L = "):
				l, _ = strconv.Atoi(strings.TrimPrefix(line, "L = "))
			case strings.HasPrefix(line, "KI = "):
				ki = unhexT(t, strings.TrimPrefix(line, "KI = "))
			case strings.HasPrefix(line, "FixedInputData = "):
				fixed = unhexT(t, strings.TrimPrefix(line, "FixedInputData = "))
			case strings.HasPrefix(line, "KO = "):
				if loc != "[CTRLOCATION=BEFORE_FIXED]" || rlen != "[RLEN=32_BITS]" || l%8 != 0 {
					t.Fatalf("%s COUNT=%s: %s %s L=%d, which the file should not hold", file, count, loc, rlen, l)
				}
				want := unhexT(t, strings.TrimPrefix(line, "KO = "))
				got, err := compat.CounterKDFWithFixedInput(h.ours, ki, fixed, l/8)
				c.check(filepath.Base(file)+" "+prf+" COUNT="+count, h, got, err, want)
			}
		}
		f.Close()
		if err := s.Err(); err != nil {
			t.Fatal(err)
		}
	}
	c.report(100)
}

// ---- differential and edge cases ----

// TestKDFDifferential derives with every hash the fork has and compares with
// crypto/hkdf and crypto/pbkdf2, for lengths around the hash size.
func TestKDFDifferential(t *testing.T) {
	hk, pb := newKDFChecker(t, "HKDF"), newKDFChecker(t, "PBKDF2")
	secret := []byte("a secret of some length, not a multiple of anything")
	salt := []byte("sixteen-byte salt and then some")
	for _, h := range kdfHashes {
		size := h.std().Size()
		for _, n := range []int{1, size - 1, size, size + 1, 2*size + 3, 255 * size} {
			want, _ := hkdf.Key(h.std, secret, salt, "context", n)
			got, err := compat.HKDFKey(h.ours, secret, salt, "context", n)
			hk.check(h.name+" HKDF len "+strconv.Itoa(n), h, got, err, want)
			prk, _ := hkdf.Extract(h.std, secret, salt)
			got, err = compat.HKDFExpand(h.std, prk, "context", n)
			hk.check(h.name+" HKDF-Expand len "+strconv.Itoa(n), h, got, err, want)
			if n < 4*size {
				want, _ = pbkdf2.Key(h.std, "pass phrase", salt, 1000, n)
				got, err = compat.PBKDF2Key(h.std, "pass phrase", salt, 1000, n)
				pb.check(h.name+" PBKDF2 len "+strconv.Itoa(n), h, got, err, want)
			}
		}
	}
	hk.report(10)
	pb.report(10)
}

// TestKDFLongInputs: inputs beyond some forks' internal buffers (OpenSSL
// 3.0's TLS1-PRF and HKDF keep 1024 bytes) give the same bytes on every
// fork. A FIPS module may refuse them; it must say so.
func TestKDFLongInputs(t *testing.T) {
	h := kdfHashes["SHA2-256"]
	long := bytes.Repeat([]byte("0123456789abcdef"), 200) // 3,200 bytes
	secret := long[:48]
	mac := func(key []byte, parts ...[]byte) []byte {
		m := hmac.New(sha256.New, key)
		for _, p := range parts {
			m.Write(p)
		}
		return m.Sum(nil)
	}
	var prf []byte // P_SHA256(secret, "label" || long)
	ls := append([]byte("label"), long...)
	for a := mac(secret, ls); len(prf) < 100; a = mac(secret, a) {
		prf = append(prf, mac(secret, a, ls)...)
	}
	var ctr []byte // SP 800-108 over label || 0x00 || context || [L]32
	fixed := binary.BigEndian.AppendUint32(append(append(bytes.Clone(long), 0), long...), 100*8)
	for i := uint32(1); len(ctr) < 100; i++ {
		ctr = append(ctr, mac(secret, binary.BigEndian.AppendUint32(nil, i), fixed)...)
	}
	hkdfWant, _ := hkdf.Key(sha256.New, secret, long, string(long), 100)
	pbkdfWant, _ := pbkdf2.Key(sha256.New, string(long), long, 3, 100)
	for _, c := range []struct {
		kdf  string
		f    func() ([]byte, error)
		want []byte
	}{
		{"TLS1.2-PRF", func() ([]byte, error) { return compat.TLS12PRF(sha256.New, secret, "label", long, 100) }, prf[:100]},
		{"SP800-108-KDF", func() ([]byte, error) { return compat.CounterKDF(sha256.New, secret, long, long, 100) }, ctr[:100]},
		{"HKDF", func() ([]byte, error) { return compat.HKDFKey(sha256.New, secret, long, string(long), 100) }, hkdfWant},
		{"PBKDF2", func() ([]byte, error) { return compat.PBKDF2Key(sha256.New, string(long), long, 3, 100) }, pbkdfWant},
	} {
		got, err := c.f()
		if err != nil && compat.Backend().FIPS && !errors.Is(err, compat.ErrUnsupported) {
			t.Logf("%s with 3,200-byte inputs, refused under FIPS: %v", c.kdf, err)
			continue
		}
		k := newKDFChecker(t, c.kdf)
		k.check(c.kdf+" with 3,200-byte inputs", h, got, err, c.want)
	}
}

// TestKDFBadInput: the same errors on every fork, before any C call.
func TestKDFBadInput(t *testing.T) {
	prk := make([]byte, 32)
	cases := map[string]func() ([]byte, error){
		"HKDFExpand length 0":       func() ([]byte, error) { return compat.HKDFExpand(sha256.New, prk, "", 0) },
		"HKDFExpand length -1":      func() ([]byte, error) { return compat.HKDFExpand(sha256.New, prk, "", -1) },
		"HKDFExpand 255*32+1":       func() ([]byte, error) { return compat.HKDFExpand(sha256.New, prk, "", 255*32+1) },
		"HKDFKey 255*64+1":          func() ([]byte, error) { return compat.HKDFKey(sha512.New, prk, nil, "", 255*64+1) },
		"PBKDF2 iter 0":             func() ([]byte, error) { return compat.PBKDF2Key(sha256.New, "p", prk, 0, 32) },
		"PBKDF2 iter -5":            func() ([]byte, error) { return compat.PBKDF2Key(sha256.New, "p", prk, -5, 32) },
		"PBKDF2 iter 2^31":          func() ([]byte, error) { return compat.PBKDF2Key(sha256.New, "p", prk, math.MaxInt32+1, 32) },
		"PBKDF2 length 0":           func() ([]byte, error) { return compat.PBKDF2Key(sha256.New, "p", prk, 1, 0) },
		"TLS12PRF length 0":         func() ([]byte, error) { return compat.TLS12PRF(sha256.New, prk, "l", nil, 0) },
		"TLS13ExpandLabel 65536":    func() ([]byte, error) { return compat.TLS13ExpandLabel(sha512.New, prk, "l", nil, 65536) },
		"TLS13ExpandLabel 255*32+1": func() ([]byte, error) { return compat.TLS13ExpandLabel(sha256.New, prk, "l", nil, 255*32+1) },
		"TLS13ExpandLabel label 250": func() ([]byte, error) {
			return compat.TLS13ExpandLabel(sha256.New, prk, strings.Repeat("x", 250), nil, 32)
		},
		"TLS13ExpandLabel ctx 256": func() ([]byte, error) { return compat.TLS13ExpandLabel(sha256.New, prk, "l", make([]byte, 256), 32) },
		"CounterKDF length 0":      func() ([]byte, error) { return compat.CounterKDF(sha256.New, prk, nil, nil, 0) },
		"CounterKDF 2^29 bytes":    func() ([]byte, error) { return compat.CounterKDF(sha256.New, prk, nil, nil, 1<<29) },
		"unidentifiable hash": func() ([]byte, error) {
			return compat.HKDFKey(func() hash.Hash { return fnvLike{} }, prk, nil, "", 32)
		},
	}
	for name, f := range cases {
		var got []byte
		var err error
		if perr := panicError(func() { got, err = f() }); perr != nil {
			t.Errorf("%s: panicked: %v", name, perr)
			continue
		}
		if err == nil {
			t.Errorf("%s: derived %d bytes, want an error", name, len(got))
		}
	}
	// The edges themselves are fine.
	if _, err := compat.HKDFExpand(sha256.New, prk, "", 255*32); err != nil && capabilityNamed(t, "HKDF").Allowed {
		t.Errorf("HKDFExpand of 255*32 bytes: %v", err)
	}
	if _, err := compat.TLS13ExpandLabel(sha256.New, prk, strings.Repeat("x", 249), make([]byte, 255), 32); err != nil && capabilityNamed(t, "TLS1.3-KDF").Allowed {
		t.Errorf("TLS13ExpandLabel with a 249-byte label and a 255-byte context: %v", err)
	}
	if _, err := compat.HKDFKey(func() hash.Hash { return fnvLike{} }, prk, nil, "", 32); !errors.Is(err, compat.ErrUnsupported) {
		t.Errorf("an unidentifiable hash: %v, want ErrUnsupported", err)
	}
}

// fnvLike is a hash.Hash this package cannot identify.
type fnvLike struct{}

func (fnvLike) Write(p []byte) (int, error) { return len(p), nil }
func (fnvLike) Sum(b []byte) []byte         { return append(b, 0, 0, 0, 0) }
func (fnvLike) Reset()                      {}
func (fnvLike) Size() int                   { return 4 }
func (fnvLike) BlockSize() int              { return 1 }
