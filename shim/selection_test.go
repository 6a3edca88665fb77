package shim

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestBuildSelection builds the module the wrong ways and checks that each
// failure names its fix. The builds do not depend on the fork under test, so
// they run once, on the OpenSSL leg.
func TestBuildSelection(t *testing.T) {
	if Fork() != "openssl" {
		t.Skipf("build selection is checked on the OpenSSL leg; this is %s", Fork())
	}
	if testing.Short() {
		t.Skip("builds the module several times")
	}
	goTool := filepath.Join(runtime.GOROOT(), "bin", "go")
	for _, c := range []struct {
		name string
		env  []string
		tags string
		want string
	}{
		{"two fork tags", nil, "boringssl awslc", "build_with_exactly_one_of_the_tags_openssl_libressl_boringssl_awslc"},
		{"no cgo", []string{"CGO_ENABLED=0"}, "", "forkcrypto_needs_cgo_build_with_CGO_ENABLED_1"},
		// With PKG_CONFIG_PATH unset pkg-config finds the system's OpenSSL 3.
		{"boringssl tag, OpenSSL headers", []string{"PKG_CONFIG_PATH="}, "boringssl", "the boringssl build tag needs BoringSSL headers"},
		{"awslc tag, OpenSSL headers", []string{"PKG_CONFIG_PATH="}, "awslc", "the awslc build tag needs AWS-LC headers"},
		{"libressl tag, OpenSSL headers", []string{"PKG_CONFIG_PATH="}, "libressl", "the libressl build tag needs LibreSSL headers"},
	} {
		t.Run(c.name, func(t *testing.T) {
			cmd := exec.Command(goTool, "build", "-o", os.DevNull, "-tags", c.tags, "../compat")
			// Go's build cache does not key cgo packages on pkg-config's output;
			// a distinct CGO_CFLAGS makes sure the fork's C is really compiled.
			cmd.Env = append(os.Environ(), "CGO_CFLAGS=-O2 -DFORKCRYPTO_SELECTION_TEST")
			cmd.Env = append(cmd.Env, c.env...)
			out, err := cmd.CombinedOutput()
			if err == nil {
				t.Fatalf("build succeeded; want a failure saying %q", c.want)
			}
			if !strings.Contains(string(out), c.want) {
				t.Fatalf("build failed without naming the fix %q:\n%s", c.want, out)
			}
		})
	}
}
