package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/forkcrypto/forkcrypto/compat"
)

// TestRuntimeLibraryMismatch builds the tool against BoringSSL and runs it
// with AWS-LC's libcrypto put in its place (same soname): start-up must
// refuse with both versions named, and every operation must fail with that
// error instead of calling into the wrong library. It needs the boringssl and
// awslc legs (ci/provision.sh) and runs once, on the OpenSSL leg.
func TestRuntimeLibraryMismatch(t *testing.T) {
	if fork := compat.Backend().Fork; fork != "openssl" {
		t.Skipf("checked on the OpenSSL leg; this is %s", fork)
	}
	forks, _ := filepath.Abs("../../.forks")
	for _, leg := range []string{"boringssl", "awslc"} {
		status, _ := os.ReadFile(filepath.Join(forks, leg, "status"))
		if !strings.HasPrefix(string(status), "ready") {
			t.Skipf("the %s leg is not provisioned (run ci/provision.sh)", leg)
		}
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "forkcrypto")
	build := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "build", "-tags", "boringssl", "-o", bin, ".")
	build.Env = append(os.Environ(), "PKG_CONFIG_PATH="+filepath.Join(forks, "boringssl", "lib", "pkgconfig"))
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building against BoringSSL: %v\n%s", err, out)
	}
	// The BoringSSL package names its library libcrypto.so.0; a library of
	// that name in LD_LIBRARY_PATH takes precedence over the RUNPATH.
	awslc, err := os.ReadFile(filepath.Join(forks, "awslc", "lib", "libcrypto.so"))
	if err != nil {
		t.Fatal(err)
	}
	swap := filepath.Join(dir, "lib")
	if err := os.MkdirAll(swap, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(swap, "libcrypto.so.0"), awslc, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, command := range []string{"info", "selftest"} {
		run := exec.Command(bin, command)
		run.Env = append(os.Environ(), "LD_LIBRARY_PATH="+swap)
		out, err := run.CombinedOutput()
		if err == nil {
			t.Fatalf("%s succeeded on the wrong library:\n%s", command, out)
		}
		want := `built against BoringSSL headers, but the libcrypto loaded at run time is "AWS-LC`
		if !strings.Contains(string(out), want) || !strings.Contains(string(out), "backend unavailable") {
			t.Fatalf("%s: want an error naming both libraries (%q), got:\n%s", command, want, out)
		}
	}
}
