package keys

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// kinds lists the encodings, each parsed here and by crypto/x509.
var kinds = []string{"pkix", "pkcs8", "pkcs1", "pkcs1 public", "sec1"}

// result is the outcome of parsing one input both ways and re-encoding it.
type result struct {
	oursOK, theirsOK     bool
	oursErr, theirsErr   error
	importErr            error // of importKey, when ours parsed a private key
	ourKey, theirKey     any
	ours, theirs         []byte // re-encodings
	oursMErr, theirsMErr error
}

// differential parses der as kind here and with crypto/x509 and re-encodes
// whatever each side accepted. A private key parsed here goes through
// importKey first, as it goes through the importer in use.
func differential(kind string, der []byte) (r result) {
	switch kind {
	case "pkix":
		r.ourKey, r.oursErr = ParsePKIXPublicKey(der)
		r.theirKey, r.theirsErr = x509.ParsePKIXPublicKey(der)
		if r.oursErr == nil {
			r.ours, r.oursMErr = MarshalPKIXPublicKey(r.ourKey)
		}
		if r.theirsErr == nil {
			r.theirs, r.theirsMErr = x509.MarshalPKIXPublicKey(r.theirKey)
		}
	case "pkcs8":
		r.ourKey, r.oursErr = ParsePKCS8PrivateKey(der)
		r.theirKey, r.theirsErr = x509.ParsePKCS8PrivateKey(der)
		if r.oursErr == nil {
			var k any
			if k, r.importErr = importKey(r.ourKey); r.importErr == nil {
				r.ours, r.oursMErr = MarshalPKCS8PrivateKey(k)
			}
		}
		if r.theirsErr == nil {
			r.theirs, r.theirsMErr = x509.MarshalPKCS8PrivateKey(r.theirKey)
		}
	case "pkcs1":
		k, err := ParsePKCS1PrivateKey(der)
		r.oursErr = err
		if err == nil {
			r.ourKey = k
			var imp any
			if imp, r.importErr = importKey(k); r.importErr == nil {
				r.ours, r.oursMErr = MarshalPKCS1PrivateKey(imp.(*RSAPrivateKey))
			}
		}
		tk, err := x509.ParsePKCS1PrivateKey(der)
		r.theirsErr = err
		if err == nil {
			r.theirKey = tk
			r.theirs = x509.MarshalPKCS1PrivateKey(tk)
		}
	case "pkcs1 public":
		k, err := ParsePKCS1PublicKey(der)
		r.oursErr = err
		if err == nil {
			r.ourKey = k
			r.ours = MarshalPKCS1PublicKey(k)
		}
		tk, err := x509.ParsePKCS1PublicKey(der)
		r.theirsErr = err
		if err == nil {
			r.theirKey = tk
			r.theirs = x509.MarshalPKCS1PublicKey(tk)
		}
	case "sec1":
		k, err := ParseECPrivateKey(der)
		r.oursErr = err
		if err == nil {
			r.ourKey = k
			var imp any
			if imp, r.importErr = importKey(k); r.importErr == nil {
				r.ours, r.oursMErr = MarshalECPrivateKey(imp.(*ECPrivateKey))
			}
		}
		tk, err := x509.ParseECPrivateKey(der)
		r.theirsErr = err
		if err == nil {
			r.theirKey = tk
			r.theirs, r.theirsMErr = x509.MarshalECPrivateKey(tk)
		}
	default:
		panic("unknown kind " + kind)
	}
	r.oursOK, r.theirsOK = r.oursErr == nil, r.theirsErr == nil
	return r
}

// importKey does, with the standard library as reference, what this package
// leaves to the importer of a private key: it derives an EC key's public
// point from D, ignoring the stored one as crypto/x509 does, and it checks
// an RSA key's consistency with crypto/rsa, computing CRT values the
// encoding lacks. Other keys are returned unchanged.
func importKey(k any) (any, error) {
	switch k := k.(type) {
	case *ECPrivateKey:
		priv, err := ecdsa.ParseRawPrivateKey(curveByName(k.Curve).ec, k.D)
		if err != nil {
			return nil, err
		}
		c := *k
		if c.Point, err = priv.PublicKey.Bytes(); err != nil {
			return nil, err
		}
		return &c, nil
	case *RSAPrivateKey:
		r, err := referenceRSA(k)
		if err != nil {
			return nil, err
		}
		c := *k
		c.Dp, c.Dq, c.Qinv = r.Precomputed.Dp.Bytes(), r.Precomputed.Dq.Bytes(), r.Precomputed.Qinv.Bytes()
		return &c, nil
	}
	return k, nil
}

// referenceRSA builds k as crypto/x509 builds a parsed key and validates it.
func referenceRSA(k *RSAPrivateKey) (*rsa.PrivateKey, error) {
	bi := func(b []byte) *big.Int {
		if b == nil {
			return nil
		}
		return new(big.Int).SetBytes(b)
	}
	e := bi(k.E)
	if !e.IsInt64() {
		return nil, errors.New("exponent does not fit in an int")
	}
	r := &rsa.PrivateKey{
		PublicKey: rsa.PublicKey{N: bi(k.N), E: int(e.Int64())},
		D:         bi(k.D),
		Primes:    []*big.Int{bi(k.P), bi(k.Q)},
	}
	r.Precomputed.Dp, r.Precomputed.Dq, r.Precomputed.Qinv = bi(k.Dp), bi(k.Dq), bi(k.Qinv)
	r.Precompute()
	if err := r.Validate(); err != nil {
		return nil, err
	}
	return r, nil
}

// known reports whether a disagreement is one of the documented ones.
func (r *result) known() bool {
	if r.oursOK && !r.theirsOK {
		switch k := r.ourKey.(type) {
		case *ECPublicKey:
			return !onCurve(k)
		case *RSAPrivateKey:
			// Accepted here as structurally sound, so crypto/x509 must have
			// rejected it in validation, for the reason the importer gives
			// (a structural rejection would come before validation, with
			// another error).
			return r.importErr != nil && strings.HasSuffix(r.theirsErr.Error(), r.importErr.Error())
		case *PQPublicKey:
			// crypto/x509 knows ML-DSA from Go 1.27 on, and ML-KEM not at all.
			return !x509HasMLDSA || strings.HasPrefix(k.Algorithm, "ML-KEM")
		case *PQPrivateKey:
			// It also reads only the seed form, which this package writes.
			return !x509HasMLDSA || strings.HasPrefix(k.Algorithm, "ML-KEM") || k.Seed == nil || k.Expanded != nil
		}
		return false
	}
	if !r.oursOK && r.theirsOK {
		k, ok := r.theirKey.(*rsa.PrivateKey)
		return ok && len(k.Primes) > 2 && errors.Is(r.oursErr, ErrUnsupported)
	}
	return false
}

// onCurve checks y² = x³ - 3x + b (mod p) for an uncompressed point.
func onCurve(k *ECPublicKey) bool {
	c := curveByName(k.Curve)
	p := c.ec.Params()
	x := new(big.Int).SetBytes(k.Point[1 : 1+c.size])
	y := new(big.Int).SetBytes(k.Point[1+c.size:])
	lhs := new(big.Int).Mul(y, y)
	rhs := new(big.Int).Mul(x, x)
	rhs.Mul(rhs, x)
	rhs.Sub(rhs, new(big.Int).Mul(big.NewInt(3), x))
	rhs.Add(rhs, p.B)
	return lhs.Sub(lhs, rhs).Mod(lhs, p.P).Sign() == 0
}

// check reports disagreement between the two parsers on der.
func check(t *testing.T, kind string, der []byte) {
	t.Helper()
	r := differential(kind, der)
	if r.oursOK != r.theirsOK {
		if !r.known() {
			t.Errorf("%s %x: ours err %v, x509 err %v", kind, der, r.oursErr, r.theirsErr)
		}
		return
	}
	if !r.oursOK {
		return
	}
	if r.importErr != nil {
		t.Errorf("%s %x: import of a key x509 accepts failed: %v", kind, der, r.importErr)
		return
	}
	if (r.oursMErr == nil) != (r.theirsMErr == nil) || !bytes.Equal(r.ours, r.theirs) {
		t.Errorf("%s %x: re-encodings differ\n ours %x (%v)\nx509 %x (%v)", kind, der, r.ours, r.oursMErr, r.theirs, r.theirsMErr)
	}
}

// mutations returns variations of der: truncations, appended bytes, bit
// flips and single-byte edits around headers.
func mutations(der []byte) [][]byte {
	var out [][]byte
	add := func(f func(b []byte) []byte) { out = append(out, f(bytes.Clone(der))) }
	add(func(b []byte) []byte { return b[:len(b)-1] })
	add(func(b []byte) []byte { return append(b, 0) })
	add(func(b []byte) []byte { return append(b, 5, 0) })
	for i := 0; i < len(der) && i < 40; i++ {
		add(func(b []byte) []byte { b[i] ^= 0x80; return b })
		add(func(b []byte) []byte { b[i]++; return b })
	}
	add(func(b []byte) []byte { b[len(b)-1] ^= 1; return b })
	return out
}

func FuzzParse(f *testing.F) {
	for _, s := range testSamples(f) {
		for _, der := range [][]byte{s.pkix, s.pkcs8, s.pkcs1, s.pub1, s.sec1} {
			if der == nil {
				continue
			}
			f.Add(der)
			if len(der) < 400 {
				for _, m := range mutations(der) {
					f.Add(m)
				}
			}
		}
	}
	for _, a := range pqAlgorithms {
		pub, _ := MarshalPKIXPublicKey(&PQPublicKey{Algorithm: a.name, Key: make([]byte, a.pubSize)})
		priv, _ := MarshalPKCS8PrivateKey(&PQPrivateKey{Algorithm: a.name, Seed: make([]byte, a.seedSize)})
		f.Add(pub)
		f.Add(priv)
		for _, m := range mutations(priv) {
			f.Add(m)
		}
	}
	f.Fuzz(func(t *testing.T, der []byte) {
		for _, kind := range kinds {
			check(t, kind, der)
		}
	})
}

// ---- Wycheproof public keys ----

const (
	wycheproofModule  = "github.com/google/wycheproof"
	wycheproofVersion = "v0.0.0-20191219022705-2196000605e4"
)

var wycheproof struct {
	once sync.Once
	dir  string
	err  error
}

// wycheproofDir returns the module's directory, downloaded into the module
// cache with `go mod download -json`.
func wycheproofDir(t *testing.T) string {
	t.Helper()
	wycheproof.once.Do(func() {
		gobin := filepath.Join(runtime.GOROOT(), "bin", "go")
		if _, err := os.Stat(gobin); err != nil {
			gobin = "go"
		}
		var stderr bytes.Buffer
		cmd := exec.Command(gobin, "mod", "download", "-json", wycheproofModule+"@"+wycheproofVersion)
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		var j struct{ Dir, Error string }
		if jerr := json.Unmarshal(out, &j); err == nil && jerr != nil {
			err = jerr
		}
		switch {
		case err != nil || j.Error != "" || j.Dir == "":
			wycheproof.err = fmt.Errorf("go mod download: %v %s\n%s", err, j.Error, stderr.Bytes())
		default:
			wycheproof.dir = j.Dir
		}
	})
	if wycheproof.err != nil {
		t.Fatal(wycheproof.err)
	}
	return wycheproof.dir
}

type hexBytes []byte

func (h *hexBytes) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	v, err := hex.DecodeString(s)
	*h = v
	return err
}

// TestWycheproofKeys parses the public keys of the Wycheproof ECDSA and RSA
// signature files both here and with crypto/x509.
func TestWycheproofKeys(t *testing.T) {
	dir := filepath.Join(wycheproofDir(t), "testvectors")
	var files []string
	for _, pat := range []string{"ecdsa_secp*_sha*_test.json", "rsa_signature_*_test.json"} {
		m, err := filepath.Glob(filepath.Join(dir, pat))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) < 40 {
		t.Fatalf("only %d Wycheproof files found", len(files))
	}
	accepted, total := 0, 0
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		var file struct {
			TestGroups []struct {
				KeyDer hexBytes `json:"keyDer"`
				KeyAsn hexBytes `json:"keyAsn"`
			} `json:"testGroups"`
		}
		if err := json.Unmarshal(data, &file); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, g := range file.TestGroups {
			if len(g.KeyDer) == 0 {
				t.Fatalf("%s: group without keyDer", filepath.Base(name))
			}
			check(t, "pkix", g.KeyDer)
			total++
			if _, err := ParsePKIXPublicKey(g.KeyDer); err == nil {
				accepted++
			}
			if len(g.KeyAsn) > 0 && filepath.Base(name)[:3] == "rsa" {
				check(t, "pkcs1 public", g.KeyAsn)
			}
		}
	}
	t.Logf("%d files, %d keys, %d accepted", len(files), total, accepted)
}

// TestKnownDifference shows the one documented divergence on public keys: a
// well-formed point that is not on the curve.
func TestKnownDifference(t *testing.T) {
	der := mustDo(MarshalPKIXPublicKey(&ECPublicKey{Curve: "P-256", Point: append([]byte{4}, make([]byte, 64)...)}))
	r := differential("pkix", der)
	if !r.oursOK || r.theirsOK || !r.known() {
		t.Fatalf("ours %v, x509 %v", r.oursErr, r.theirsErr)
	}
}

// TestMultiPrime shows the documented divergence on private keys:
// multi-prime RSA keys, which crypto/x509 accepts, are not supported.
func TestMultiPrime(t *testing.T) {
	k, err := rsa.GenerateMultiPrimeKey(rand.Reader, 3, 1024)
	if err != nil {
		t.Skipf("cannot generate a multi-prime key: %v", err)
	}
	r := differential("pkcs1", x509.MarshalPKCS1PrivateKey(k))
	if r.oursOK || !r.theirsOK || !r.known() {
		t.Fatalf("ours %v, x509 %v", r.oursErr, r.theirsErr)
	}
}
