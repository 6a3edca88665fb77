package main

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// fixture lays out a .forks tree: a native leg that passed, with its capability table and a
// benchmark; a native leg skipped at provisioning; a container leg that failed, on a FIPS
// module; and, absent on disk, a native leg and a container arch that never ran.
func fixture(t *testing.T) (string, []legDir) {
	root := t.TempDir()
	put := func(rel, body string) {
		p := filepath.Join(root, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	events := func(lines ...string) string { return strings.Join(lines, "\n") + "\n" }
	put("awslc/test.meta", "leg=awslc\nstatus=ready\ntag=awslc\nversion=AWS-LC 5.1.0\ngo=go1.26.8\nvet=0\ntest=0\nwall=93\n")
	put("awslc/test.json", events(
		`{"Action":"pass","Package":"p","Test":"TestA"}`,
		`{"Action":"pass","Package":"p","Test":"TestB"}`,
		`{"Action":"pass","Package":"p","Test":"TestB/sub"}`,
		`{"Action":"skip","Package":"p","Test":"TestC"}`,
		`{"Action":"pass","Package":"p"}`))
	put("awslc/info.json", `{"Backend":{"Fork":"awslc","Version":"AWS-LC 5.1.0","FIPS":false},
		"Capabilities":[{"Name":"SHA-256","Status":"native","Allowed":true},
		{"Name":"TLS1.2-PRF","Status":"composed","Allowed":true},
		{"Name":"ML-DSA-65","Status":"unsupported","Allowed":false}]}`)
	put("awslc/bench.txt", `goos: linux
BenchmarkSHA256/64B/forkcrypto-2   1000  150.0 ns/op  0 B/op  0 allocs/op
BenchmarkSHA256/64B/forkcrypto-2   1000  170.0 ns/op  0 B/op  0 allocs/op
BenchmarkSHA256/64B/cfloor-2       1000  100.0 ns/op
BenchmarkSHA256/64B/stdlib-2       1000  200.0 ns/op  0 B/op  0 allocs/op
BenchmarkMLKEM768/GenerateKey/stdlib-2  100  61000 ns/op
`)
	put("libressl/test.meta", "leg=libressl\nstatus=skipped: no LIBRESSL_PREFIX\n")
	put("docker/openssl-3.6-fips-amd64/test.meta", "leg=openssl-3.6-fips\narch=amd64\nwall=49\nstatus=ready\nversion=OpenSSL 3.6.5\ngo=go1.26.8\nvet=0\ntest=1\n")
	put("docker/openssl-3.6-fips-amd64/test.json", events(
		`{"Action":"pass","Package":"p","Test":"TestA"}`,
		`{"Action":"fail","Package":"p","Test":"TestB"}`,
		`{"Action":"fail","Package":"p"}`))
	put("docker/openssl-3.6-fips-amd64/info.json", `{"Backend":{"Fork":"openssl","FIPS":true,"FIPSModule":"OpenSSL FIPS Provider 3.6.5"},
		"Capabilities":[{"Name":"SHA-256","Status":"native","Allowed":true},
		{"Name":"MD5","Status":"native","Allowed":false,"Reason":"not approved <by the module>"}]}`)
	legs := []legDir{
		{name: "awslc", arch: "amd64", native: true, dir: filepath.Join(root, "awslc")},
		{name: "libressl", arch: "amd64", native: true, dir: filepath.Join(root, "libressl")},
		{name: "boringssl", arch: "amd64", native: true, dir: filepath.Join(root, "boringssl")},
		{name: "openssl-3.6-fips", arch: "amd64", dir: filepath.Join(root, "docker/openssl-3.6-fips-amd64")},
		{name: "openssl-3.6-fips", arch: "arm64", dir: filepath.Join(root, "docker/openssl-3.6-fips-arm64")},
	}
	return root, legs
}

func render(t *testing.T) (string, *page) {
	root, legs := fixture(t)
	p, err := build(legs, time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(root, "report", "index.html")
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := write(out, p); err != nil {
		t.Fatal(err)
	}
	return out, p
}

var rowRE = regexp.MustCompile(`(?s)<tr><td>([^<]*)</td><td>([^<]*)</td><td>[^<]*</td>.*?<td class="result [^"]*">([^<]*)</td><td class="num">([^<]*)</td><td class="num">([^<]*)</td><td class="num">([^<]*)</td>`)

// legResults maps "leg arch" to "result passed/failed/skipped" as the page shows them.
func legResults(doc string) map[string]string {
	m := map[string]string{}
	for _, r := range rowRE.FindAllStringSubmatch(doc, -1) {
		m[r[1]+" "+r[2]] = r[3] + " " + r[4] + "/" + r[5] + "/" + r[6]
	}
	return m
}

func TestReportContent(t *testing.T) {
	out, p := render(t)
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	checkPage(t, string(b))
	if p.Passed != 1 || p.Failed != 1 || p.Skipped != 1 || p.NotRun != 2 {
		t.Errorf("leg totals = %d passed, %d failed, %d skipped, %d not run; want 1, 1, 1, 2", p.Passed, p.Failed, p.Skipped, p.NotRun)
	}
	// Self-contained: nothing the browser would fetch.
	for _, bad := range []string{"<script", "<link", "src=", "@import", "url("} {
		if strings.Contains(string(b), bad) {
			t.Errorf("page contains %q", bad)
		}
	}
}

// checkPage checks a page's text, as written or as a browser's DOM.
func checkPage(t *testing.T, doc string) {
	t.Helper()
	want := map[string]string{
		"awslc amd64":            "PASS 2/0/1",
		"libressl amd64":         "SKIPPED –/–/–",
		"boringssl amd64":        "NOT RUN –/–/–",
		"openssl-3.6-fips amd64": "FAIL 1/1/0",
		"openssl-3.6-fips arm64": "NOT RUN –/–/–",
	}
	got := legResults(doc)
	for k, v := range want {
		if got[k] != v {
			t.Errorf("legs table, %s: %q, want %q", k, got[k], v)
		}
	}
	if len(got) != len(want) {
		t.Errorf("legs table has %d rows, want %d: %v", len(got), len(want), got)
	}
	for _, s := range []string{
		`<td>on: OpenSSL FIPS Provider 3.6.5</td>`,
		`<td>libressl</td><td>amd64</td><td>native</td><td>–</td><td>–</td><td>–</td>`, // skipped: no backend
		`<td class="composed">composed</td>`,
		`<td class="unsupported">unsupported</td>`,
		`<td class="refused" title="not approved &lt;by the module&gt;">refused (FIPS)</td>`,
		`<td class="notrun">not listed</td>`, // MD5 on awslc's column: not in its table
		`No capability table (leg skipped or not run): libressl, boringssl, openssl-3.6-fips (arm64).`,
		`<h3>SHA256/64B</h3>`,
		`160 ns · 1.60× C loop`, // the median of 150 and 170 over the C loop's 100
		`forkcrypto: no result (unsupported on this leg)`,
		`Not benchmarked: libressl, boringssl, openssl-3.6-fips (amd64), openssl-3.6-fips (arm64).`,
	} {
		if !strings.Contains(doc, s) {
			t.Errorf("page lacks %s", s)
		}
	}
	if n := strings.Count(doc, `<rect class="bar`); n != 4 {
		t.Errorf("%d bars, want 4 (3 for SHA256/64B, 1 for ML-KEM)", n)
	}
}

// chromium finds Debian's chromium (ci/provision.sh installs it on the host). The leg
// scripts set FORKCRYPTO_REPORT_BROWSER=required there, so that a missing browser fails
// instead of skipping; container images do not carry it.
func chromium(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("FORKCRYPTO_REPORT_BROWSER") == "required" {
		t.Fatal("chromium not found, and FORKCRYPTO_REPORT_BROWSER=required (ci/provision.sh installs it)")
	}
	t.Skip("chromium not installed here (ci/provision.sh installs it on the host); the page is checked as text only")
	return ""
}

func headless(t *testing.T, browser string, args ...string) []byte {
	t.Helper()
	home := t.TempDir() // chromium writes its profile and crash dumps under HOME
	cmd := exec.Command(browser, append([]string{"--headless", "--no-sandbox", "--disable-gpu",
		"--user-data-dir=" + filepath.Join(home, "profile")}, args...)...)
	cmd.Env = append(os.Environ(), "HOME="+home)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s: %v\n%s", cmd, err, stderr.Bytes())
	}
	return out
}

// TestReportInChromium renders the page in headless Chromium: the DOM the browser builds has
// the tables and charts, and a screenshot shows the bars in forkcrypto's colour.
func TestReportInChromium(t *testing.T) {
	browser := chromium(t)
	out, _ := render(t)
	dom := headless(t, browser, "--dump-dom", "file://"+out)
	checkPage(t, string(dom))

	shot := filepath.Join(filepath.Dir(out), "shot.png")
	headless(t, browser, "--screenshot="+shot, "--window-size=1000,1400", "--hide-scrollbars", "file://"+out)
	f, err := os.Open(shot)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	// SHA256/64B's forkcrypto bar is 160/200 of 400 px by 14 px; the legend's swatch, 144 px.
	if n := countColour(img, 0x1f, 0x5f, 0xa8); n < 3000 {
		t.Errorf("screenshot has %d pixels of the forkcrypto bar colour, want the bar drawn (≥ 3000)", n)
	}
	if n := countColour(img, 0xf8, 0xd2, 0xd0); n < 100 {
		t.Errorf("screenshot has %d pixels of the FAIL cell colour, want ≥ 100", n)
	}
}

func countColour(img image.Image, r, g, b uint8) int {
	n := 0
	bounds := img.Bounds()
	for y := bounds.Min.Y; y < bounds.Max.Y; y++ {
		for x := bounds.Min.X; x < bounds.Max.X; x++ {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			if uint8(cr>>8) == r && uint8(cg>>8) == g && uint8(cb>>8) == b {
				n++
			}
		}
	}
	return n
}
