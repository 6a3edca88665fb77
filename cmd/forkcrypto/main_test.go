package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"strings"
	"testing"

	"github.com/forkcrypto/forkcrypto/compat"
)

func TestSelftest(t *testing.T) {
	var out bytes.Buffer
	if err := selftest(&out); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	// Each known answer is either checked or reported unavailable, as the
	// capability table says.
	caps := map[string]compat.Capability{}
	for _, c := range compat.Capabilities() {
		caps[c.Name] = c
	}
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		name, verdict := strings.TrimSpace(line[:20]), strings.Fields(line[20:])[0]
		c, ok := caps[name]
		if !ok {
			t.Errorf("selftest reports %q, which the capability table lacks", name)
			continue
		}
		switch {
		case (verdict == "approved" || verdict == "passed") != c.Allowed:
			t.Errorf("selftest says %q but the capability table says allowed=%t", line, c.Allowed)
		case (verdict == "approved") != c.FIPSApproved:
			t.Errorf("selftest says %q but the capability table says FIPS-approved=%t", line, c.FIPSApproved)
		case verdict == "unsupported" && c.Status != compat.Unsupported, verdict == "refused" && c.Status == compat.Unsupported:
			t.Errorf("selftest says %q but the capability table says %s", line, c.Status)
		}
	}
}

func TestInfo(t *testing.T) {
	var out bytes.Buffer
	if err := info(&out); err != nil {
		t.Fatal(err)
	}
	b := compat.Backend()
	if first := strings.SplitN(out.String(), "\n", 2)[0]; !strings.Contains(first, "fork="+b.Fork) ||
		!strings.Contains(first, b.Version) {
		t.Errorf("backend line %q does not name %s %q", first, b.Fork, b.Version)
	}
	if got, want := strings.Count(out.String(), "\n"), len(compat.Capabilities())+2; got != want {
		t.Errorf("info printed %d lines, want %d (backend, header, one per capability)", got, want)
	}
}

func TestSpeed(t *testing.T) {
	if testing.Short() {
		t.Skip("runs every benchmark")
	}
	// A few iterations each: this checks that every row runs, not the figures.
	benchtime := flag.Lookup("test.benchtime")
	old := benchtime.Value.String()
	benchtime.Value.Set("20x")
	defer benchtime.Value.Set(old)

	var out bytes.Buffer
	if err := speed(&out); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	for _, name := range []string{"SHA-256 64 B", "AES-256-GCM seal 8192 B", "ECDSA P-256 sign", "ECDSA P-256 verify",
		"Ed25519 sign", "Ed25519 verify", "X25519", "ECDH P-256", "RSA-2048 sign PKCS#1", "RSA-2048 verify PKCS#1",
		"RSA-2048 PKCS #8 load", "P-256 PKCS #8 load", "P-256 generate", "P-256 SPKI load, cold", "P-256 SPKI load, cached", "d2i_PUBKEY", "HKDF-SHA256", "PBKDF2-HMAC-SHA256",
		"ML-KEM-768", "ML-DSA-65"} {
		if !strings.Contains(out.String(), name) {
			t.Errorf("speed printed no %q row:\n%s", name, out.String())
		}
	}
	if strings.Contains(out.String(), "FAILED") {
		t.Errorf("a speed row failed:\n%s", out.String())
	}
}

// TestInfoJSON: info -json carries the backend and every capability row.
func TestInfoJSON(t *testing.T) {
	var out bytes.Buffer
	if err := infoJSON(&out); err != nil {
		t.Fatal(err)
	}
	var r infoReport
	if err := json.Unmarshal(out.Bytes(), &r); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	b := compat.Backend()
	if r.Backend.Fork != b.Fork || r.Backend.Version != b.Version || r.Backend.FIPS != b.FIPS || r.Backend.GoVersion == "" {
		t.Errorf("backend %+v, want %+v", r.Backend, b)
	}
	if caps := compat.Capabilities(); len(r.Capabilities) != len(caps) || r.Capabilities[0] != caps[0] {
		t.Errorf("%d capability rows, want %d", len(r.Capabilities), len(caps))
	}
}
