package compat_test

// Shared helpers for the tests that check the API against published test
// vectors: fetching the vector modules, decoding Wycheproof and ACVP files,
// deciding per fork whether an algorithm can be tested, and keeping count of
// the vectors that were checked and of those the API cannot express.

import (
	"bytes"
	"compress/bzip2"
	"crypto"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha3"
	"crypto/sha512"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/forkcrypto/forkcrypto/compat"
)

// The vector modules, pinned like golang.org/x/crypto and the standard
// library pin them.
const (
	wycheproofModule  = "github.com/google/wycheproof"
	wycheproofVersion = "v0.0.0-20191219022705-2196000605e4"
	acvpModule        = "github.com/geomys/acvp-testdata"
	acvpVersion       = "v0.0.0-20251201200548-d893de8b8b1c"
)

// goTool returns the go command of the toolchain that built the test, or the
// one on PATH.
func goTool() string {
	name := "go"
	if runtime.GOOS == "windows" {
		name += ".exe"
	}
	if p := filepath.Join(runtime.GOROOT(), "bin", name); fileExists(p) {
		return p
	}
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	return "go"
}

func fileExists(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && !fi.IsDir()
}

type moduleFetch struct {
	once sync.Once
	dir  string
	err  error
}

var moduleFetches sync.Map // "module@version" → *moduleFetch

// fetchModule returns the directory holding module@version, downloaded into
// the module cache with `go mod download -json` (once per test binary). A
// failed download fails the test: the vectors are the point of it.
func fetchModule(t testing.TB, module, version string) string {
	t.Helper()
	v, _ := moduleFetches.LoadOrStore(module+"@"+version, new(moduleFetch))
	f := v.(*moduleFetch)
	f.once.Do(func() {
		cmd := exec.Command(goTool(), "mod", "download", "-json", module+"@"+version)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		var j struct {
			Dir   string
			Error string
		}
		if jerr := json.Unmarshal(out, &j); jerr != nil && err == nil {
			err = fmt.Errorf("decoding its output: %v", jerr)
		}
		switch {
		case err != nil || j.Error != "":
			f.err = fmt.Errorf("go mod download -json %s@%s: %v %s\n%s%s", module, version, err, j.Error, out, stderr.Bytes())
		case j.Dir == "":
			f.err = fmt.Errorf("go mod download -json %s@%s named no directory:\n%s", module, version, out)
		default:
			f.dir = j.Dir
		}
	})
	if f.err != nil {
		t.Fatal(f.err)
	}
	return f.dir
}

// hexBytes decodes a JSON hex string (either case).
type hexBytes []byte

func (h *hexBytes) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	v, err := hex.DecodeString(s)
	if err != nil {
		return err
	}
	*h = v
	return nil
}

// ---- Wycheproof ----

type wycheproofFile struct {
	Algorithm     string            `json:"algorithm"`
	NumberOfTests int               `json:"numberOfTests"`
	TestGroups    []wycheproofGroup `json:"testGroups"`
}

type wycheproofGroup struct {
	Type    string           `json:"type"`
	IVSize  int              `json:"ivSize"`  // bits
	KeySize int              `json:"keySize"` // bits
	TagSize int              `json:"tagSize"` // bits
	Tests   []wycheproofTest `json:"tests"`
}

type wycheproofTest struct {
	TcID    int      `json:"tcId"`
	Comment string   `json:"comment"`
	Key     hexBytes `json:"key"`
	IV      hexBytes `json:"iv"`
	AAD     hexBytes `json:"aad"`
	Msg     hexBytes `json:"msg"`
	CT      hexBytes `json:"ct"`
	Tag     hexBytes `json:"tag"`
	Result  string   `json:"result"` // "valid", "acceptable" or "invalid"
	Flags   []string `json:"flags"`
}

// readWycheproof decodes testvectors/name from the Wycheproof module and
// checks that it holds as many tests as it announces.
func readWycheproof(t *testing.T, name string) *wycheproofFile {
	t.Helper()
	dir := fetchModule(t, wycheproofModule, wycheproofVersion)
	data, err := os.ReadFile(filepath.Join(dir, "testvectors", name))
	if err != nil {
		t.Fatal(err)
	}
	var f wycheproofFile
	if err := json.Unmarshal(data, &f); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	n := 0
	for _, g := range f.TestGroups {
		n += len(g.Tests)
	}
	if n == 0 || n != f.NumberOfTests {
		t.Fatalf("%s: %d tests decoded, the file announces %d", name, n, f.NumberOfTests)
	}
	return &f
}

// ---- ACVP ----

// acvpSet is one vector set: the prompts (from vectors/) or the answers
// (from expected/). A file is a JSON array whose first element is the
// session header and whose second is the set.
type acvpSet struct {
	Algorithm  string      `json:"algorithm"`
	Revision   string      `json:"revision"`
	VsID       int         `json:"vsId"`
	TestGroups []acvpGroup `json:"testGroups"`
}

type acvpGroup struct {
	TgID       int    `json:"tgId"`
	TestType   string `json:"testType"`
	Direction  string `json:"direction"`
	MctVersion string `json:"mctVersion"`
	// Sizes in bits.
	KeyLen      int        `json:"keyLen"`
	IVLen       int        `json:"ivLen"`
	TagLen      int        `json:"tagLen"`
	MacLen      int        `json:"macLen"`
	MsgLen      int        `json:"msgLen"`
	PayloadLen  int        `json:"payloadLen"`
	AADLen      int        `json:"aadLen"`
	MinOutLen   int        `json:"minOutLen"`
	MaxOutLen   int        `json:"maxOutLen"`
	IVGen       string     `json:"ivGen"`
	Incremental bool       `json:"incremental"`
	Overflow    bool       `json:"overflow"`
	Tests       []acvpCase `json:"tests"`
}

type acvpCase struct {
	TcID int `json:"tcId"`
	// Sizes in bits; nil when absent.
	Len        *int `json:"len"`
	OutLen     *int `json:"outLen"`
	PayloadLen *int `json:"payloadLen"`

	Msg hexBytes `json:"msg"`
	Key hexBytes `json:"key"`
	IV  hexBytes `json:"iv"`
	PT  hexBytes `json:"pt"`
	CT  hexBytes `json:"ct"`
	Tag hexBytes `json:"tag"`
	AAD hexBytes `json:"aad"`

	// Answers.
	MD           hexBytes     `json:"md"`
	MAC          hexBytes     `json:"mac"`
	TestPassed   *bool        `json:"testPassed"`
	ResultsArray []acvpResult `json:"resultsArray"`
}

// acvpResult is one outer iteration of a Monte Carlo test.
type acvpResult struct {
	MD     hexBytes `json:"md"`
	OutLen int      `json:"outLen"`
	Key    hexBytes `json:"key"`
	IV     hexBytes `json:"iv"`
	PT     hexBytes `json:"pt"`
	CT     hexBytes `json:"ct"`
}

// acvpVectors is a vector set with its answers, keyed by tgId and tcId.
type acvpVectors struct {
	name    string
	prompts *acvpSet
	answers map[[2]int]*acvpCase
}

// loadACVP reads vectors/<name>.bz2 and expected/<name>.bz2 from the ACVP
// module and matches every prompt with its answer (same vsId, tgId, tcId).
func loadACVP(t *testing.T, name string) *acvpVectors {
	t.Helper()
	dir := fetchModule(t, acvpModule, acvpVersion)
	prompts := readACVPFile[acvpSet](t, filepath.Join(dir, "vectors", name+".bz2"))
	answers := readACVPFile[acvpSet](t, filepath.Join(dir, "expected", name+".bz2"))
	if prompts.VsID != answers.VsID || prompts.Algorithm != answers.Algorithm {
		t.Fatalf("%s: prompts are vsId %d %q, answers vsId %d %q", name,
			prompts.VsID, prompts.Algorithm, answers.VsID, answers.Algorithm)
	}
	v := &acvpVectors{name: name, prompts: prompts, answers: make(map[[2]int]*acvpCase)}
	for gi := range answers.TestGroups {
		g := &answers.TestGroups[gi]
		for ci := range g.Tests {
			c := &g.Tests[ci]
			v.answers[[2]int{g.TgID, c.TcID}] = c
		}
	}
	n := 0
	for _, g := range prompts.TestGroups {
		for _, c := range g.Tests {
			if v.answers[[2]int{g.TgID, c.TcID}] == nil {
				t.Fatalf("%s: no answer for tgId %d tcId %d", name, g.TgID, c.TcID)
			}
			n++
		}
	}
	if n == 0 || n != len(v.answers) {
		t.Fatalf("%s: %d prompts for %d answers", name, n, len(v.answers))
	}
	return v
}

// readACVPFile decodes the first vector set of an ACVP file.
func readACVPFile[S any](t *testing.T, path string) *S { return readACVPSets[S](t, path)[0] }

// readACVPSets decodes the vector sets of an ACVP file: a bzip2'd JSON array
// whose first element is the version and whose elements with an algorithm
// are the sets (KDA and ML-KEM files hold one per mode).
func readACVPSets[S any](t *testing.T, path string) []*S {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var elems []json.RawMessage
	if err := json.NewDecoder(bzip2.NewReader(f)).Decode(&elems); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var sets []*S
	for _, e := range elems {
		var head struct {
			Algorithm string `json:"algorithm"`
		}
		if err := json.Unmarshal(e, &head); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if head.Algorithm != "" {
			s := new(S)
			if err := json.Unmarshal(e, s); err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			sets = append(sets, s)
		}
	}
	if len(sets) == 0 {
		t.Fatalf("%s: no vector set in the file", path)
	}
	return sets
}

// answer returns the expected answer for case c of group g.
func (v *acvpVectors) answer(g *acvpGroup, c *acvpCase) *acvpCase {
	return v.answers[[2]int{g.TgID, c.TcID}]
}

// bitsToBytes converts an ACVP bit length to bytes; ok is false when it is
// not a whole number of bytes (which the byte-oriented API cannot express).
func bitsToBytes(bits int) (n int, ok bool) { return bits / 8, bits%8 == 0 }

// ---- accounting ----

// tally counts the vectors a test checked, and those it could not check
// because the API cannot express them, by reason, so that the log says
// exactly what was covered.
type tally struct {
	mu      sync.Mutex
	checked int
	outside map[string][]int // reason → tcIds
	notes   map[string][]int // checked in a weaker way than the others, by how
}

func (c *tally) ok() {
	c.mu.Lock()
	c.checked++
	c.mu.Unlock()
}

// skip records a vector the API cannot express.
func (c *tally) skip(tcID int, format string, args ...any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.outside == nil {
		c.outside = make(map[string][]int)
	}
	reason := fmt.Sprintf(format, args...)
	c.outside[reason] = append(c.outside[reason], tcID)
}

// note records a vector that was checked, and how, when that differs from
// the usual way.
func (c *tally) note(tcID int, format string, args ...any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.notes == nil {
		c.notes = make(map[string][]int)
	}
	how := fmt.Sprintf(format, args...)
	c.notes[how] = append(c.notes[how], tcID)
}

// report logs the counts and fails the test if nothing was checked.
func (c *tally) report(t *testing.T, what string) {
	t.Helper()
	c.mu.Lock()
	defer c.mu.Unlock()
	skipped := 0
	for _, ids := range c.outside {
		skipped += len(ids)
	}
	t.Logf("%s: %d vectors checked, %d outside the API", what, c.checked, skipped)
	for _, how := range sortedKeys(c.notes) {
		t.Logf("  %d checked %s: tcId %s", len(c.notes[how]), how, idList(c.notes[how]))
	}
	for _, reason := range sortedKeys(c.outside) {
		t.Logf("  %d skipped, outside the API (%s): tcId %s", len(c.outside[reason]), reason, idList(c.outside[reason]))
	}
	if c.checked == 0 {
		t.Errorf("%s: no vector was checked", what)
	}
}

func sortedKeys(m map[string][]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func idList(ids []int) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = strconv.Itoa(id)
	}
	return strings.Join(s, ",")
}

// ---- what the linked fork provides ----

// capabilityNamed returns the Capabilities row called name.
func capabilityNamed(t testing.TB, name string) compat.Capability {
	t.Helper()
	c, ok := lookupCapability(name)
	if !ok {
		t.Fatalf("Capabilities() has no %q", name)
	}
	return c
}

func lookupCapability(name string) (compat.Capability, bool) {
	for _, c := range compat.Capabilities() {
		if c.Name == name {
			return c, true
		}
	}
	return compat.Capability{}, false
}

// forkName names the linked fork and its version for skip messages.
func forkName() string {
	b := compat.Backend()
	if b.Version != "" {
		return fmt.Sprintf("%s (%s)", b.Fork, b.Version)
	}
	return b.Fork
}

// unavailableClass is the error a capability that is not Allowed must fail
// with: ErrUnsupported when the fork lacks it, ErrFIPS when the FIPS module
// in force refuses it.
func unavailableClass(c compat.Capability) error {
	if c.Status == compat.Unsupported {
		return compat.ErrUnsupported
	}
	return compat.ErrFIPS
}

// skipUnavailable checks that err, from using capability c, is the error the
// API promises for it, then skips the test naming the fork.
func skipUnavailable(t *testing.T, c compat.Capability, err error) {
	t.Helper()
	want := unavailableClass(c)
	if !errors.Is(err, want) {
		t.Fatalf("%s is %s and not allowed on %s, but using it gave %v, want an error wrapping %v",
			c.Name, c.Status, forkName(), err, want)
	}
	if c.Status == compat.Unsupported {
		t.Skipf("%s lacks %s (it fails with ErrUnsupported, as it should)", forkName(), c.Name)
	}
	t.Skipf("the FIPS module of %s refuses %s (it fails with ErrFIPS, as it should)", forkName(), c.Name)
}

// requireCapability skips the test when capability name is not usable on the
// linked fork, after checking that use then fails with the promised error.
// use must exercise the capability and return its error.
func requireCapability(t *testing.T, name string, use func() error) {
	t.Helper()
	c := capabilityNamed(t, name)
	if c.Allowed {
		if c.Status == compat.Unsupported {
			t.Fatalf("%s: Capabilities says allowed but unsupported", name)
		}
		return
	}
	skipUnavailable(t, c, use())
}

// panicError runs f and returns the error it panicked with, nil when it did
// not panic. A panic with a value that is not an error is returned wrapped.
func panicError(f func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			if e, ok := r.(error); ok {
				err = e
			} else {
				err = fmt.Errorf("panic: %v", r)
			}
		}
	}()
	f()
	return nil
}

// ---- hashes ----

// hashAlg is one digest of the API with the names the vector files use.
type hashAlg struct {
	name    string // the Capabilities name
	hash    crypto.Hash
	size    int
	new     func() hash.Hash // the compat constructor
	std     func() hash.Hash // the standard library's, which NewHMAC accepts too
	oneShot func([]byte) []byte
	sha3    bool
	acvp    string // ACVP algorithm name, "" when the data has none
	wp      string // Wycheproof HMAC file
}

var hashAlgs = []hashAlg{
	{name: "SHA-1", hash: crypto.SHA1, size: 20, new: compat.NewSHA1, std: sha1.New,
		oneShot: func(p []byte) []byte { s := compat.SHA1(p); return s[:] },
		wp:      "hmac_sha1_test.json"},
	{name: "SHA-224", hash: crypto.SHA224, size: 28, new: compat.NewSHA224, std: sha256.New224,
		oneShot: func(p []byte) []byte { s := compat.SHA224(p); return s[:] },
		acvp:    "SHA2-224", wp: "hmac_sha224_test.json"},
	{name: "SHA-256", hash: crypto.SHA256, size: 32, new: compat.NewSHA256, std: sha256.New,
		oneShot: func(p []byte) []byte { s := compat.SHA256(p); return s[:] },
		acvp:    "SHA2-256", wp: "hmac_sha256_test.json"},
	{name: "SHA-384", hash: crypto.SHA384, size: 48, new: compat.NewSHA384, std: sha512.New384,
		oneShot: func(p []byte) []byte { s := compat.SHA384(p); return s[:] },
		acvp:    "SHA2-384", wp: "hmac_sha384_test.json"},
	{name: "SHA-512", hash: crypto.SHA512, size: 64, new: compat.NewSHA512, std: sha512.New,
		oneShot: func(p []byte) []byte { s := compat.SHA512(p); return s[:] },
		acvp:    "SHA2-512", wp: "hmac_sha512_test.json"},
	{name: "SHA-512/224", hash: crypto.SHA512_224, size: 28, new: compat.NewSHA512_224, std: sha512.New512_224,
		acvp: "SHA2-512/224"},
	{name: "SHA-512/256", hash: crypto.SHA512_256, size: 32, new: compat.NewSHA512_256, std: sha512.New512_256,
		acvp: "SHA2-512/256"},
	{name: "SHA3-224", hash: crypto.SHA3_224, size: 28, new: compat.NewSHA3_224,
		std: func() hash.Hash { return sha3.New224() }, sha3: true, acvp: "SHA3-224", wp: "hmac_sha3_224_test.json"},
	{name: "SHA3-256", hash: crypto.SHA3_256, size: 32, new: compat.NewSHA3_256,
		std: func() hash.Hash { return sha3.New256() }, sha3: true, acvp: "SHA3-256", wp: "hmac_sha3_256_test.json"},
	{name: "SHA3-384", hash: crypto.SHA3_384, size: 48, new: compat.NewSHA3_384,
		std: func() hash.Hash { return sha3.New384() }, sha3: true, acvp: "SHA3-384", wp: "hmac_sha3_384_test.json"},
	{name: "SHA3-512", hash: crypto.SHA3_512, size: 64, new: compat.NewSHA3_512,
		std: func() hash.Hash { return sha3.New512() }, sha3: true, acvp: "SHA3-512", wp: "hmac_sha3_512_test.json"},
}

// requireHash skips the test when the linked fork cannot compute a, after
// checking that SupportsHash and Capabilities agree and that the constructor
// panics with the promised error.
func requireHash(t *testing.T, a hashAlg) {
	t.Helper()
	c := capabilityNamed(t, a.name)
	if got := compat.SupportsHash(a.hash); got != c.Allowed {
		t.Errorf("SupportsHash(%v) = %v, but Capabilities says %s is allowed=%v", a.hash, got, a.name, c.Allowed)
	}
	if c.Allowed {
		return
	}
	err := panicError(func() { a.new() })
	if err == nil {
		t.Errorf("the %s constructor did not panic although %s is not allowed", a.name, a.name)
	}
	skipUnavailable(t, c, err)
}

// requireHMAC skips the test when the linked fork cannot compute HMAC over a,
// after checking that NewHMAC panics with the promised error for both the
// compat and the standard-library constructor.
func requireHMAC(t *testing.T, a hashAlg) {
	t.Helper()
	c := capabilityNamed(t, a.name)
	if hc, ok := lookupCapability("HMAC-" + a.name); ok {
		c = hc
	}
	if c.Allowed {
		return
	}
	var first error
	for _, ctor := range []func() hash.Hash{a.new, a.std} {
		err := panicError(func() { compat.NewHMAC(ctor, []byte("key")) })
		if err == nil {
			t.Errorf("NewHMAC(%s) did not panic although %s is not allowed", a.name, c.Name)
		} else if !errors.Is(err, unavailableClass(c)) {
			t.Errorf("NewHMAC(%s) panicked with %v, want an error wrapping %v", a.name, err, unavailableClass(c))
		}
		if first == nil {
			first = err
		}
	}
	skipUnavailable(t, c, first)
}

// hmacCtors are the two kinds of constructor NewHMAC accepts for a.
func hmacCtors(a hashAlg) []struct {
	kind string
	new  func() hash.Hash
} {
	return []struct {
		kind string
		new  func() hash.Hash
	}{{"compat", a.new}, {"std", a.std}}
}
