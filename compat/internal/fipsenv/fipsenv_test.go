// Package fipsenv tests how FIPS-only mode is turned on. It is its own test
// binary because GODEBUG=fips140=only also restricts the standard library's
// crypto, which compat's other tests use as a reference.
package fipsenv

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/forkcrypto/forkcrypto/compat"
)

func TestFIPSOnlyFromEnvironment(t *testing.T) {
	if os.Getenv("FORKCRYPTO_FIPS_REPORT") != "" {
		fmt.Printf("FIPSOnly=%v Backend.FIPSOnly=%v\n", compat.FIPSOnly(), compat.Backend().FIPSOnly)
		return
	}
	for _, c := range []struct {
		env  string
		want bool
	}{{"GODEBUG=fips140=only", true}, {"FORKCRYPTO_FIPS=only", true}, {"FORKCRYPTO_FIPS=on", false}, {"GODEBUG=fips140=on", false}} {
		if asan && strings.HasPrefix(c.env, "GODEBUG") {
			t.Logf("%s: not tried: Go's FIPS 140-3 mode refuses to start under the address sanitizer", c.env)
			continue
		}
		cmd := exec.Command(os.Args[0], "-test.run=^TestFIPSOnlyFromEnvironment$", "-test.count=1")
		cmd.Env = append(os.Environ(), "FORKCRYPTO_FIPS_REPORT=1", c.env)
		out, err := cmd.CombinedOutput()
		want := fmt.Sprintf("FIPSOnly=%v Backend.FIPSOnly=%v", c.want, c.want)
		if err != nil || !strings.Contains(string(out), want) {
			t.Errorf("%s: %v, want %s:\n%s", c.env, err, want, out)
		}
	}
}
