// Command report writes the matrix report: one self-contained HTML page (no scripts, fonts or
// anything fetched) from what the runs leave under .forks/ — test.meta, test.json and
// info.json per leg (make test, make docker-matrix) and bench.txt per native leg (make bench).
//
// It shows every expected leg, so that a leg without results reads "not run", never passed:
// the leg × arch matrix (library, Go, FIPS, passed/failed/skipped, wall time), the capability
// matrix (algorithm × leg) and, per benchmarked operation, inline SVG bars of forkcrypto beside
// the C loop on the same library, the standard library and golang-fips/openssl.
//
// Usage:
//
//	report -forks .forks -native "openssl-3.0 awslc" -docker "openssl-3.6 awslc" -arches "amd64 arm64" -o report/index.html
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

func main() {
	forks := flag.String("forks", ".forks", "the directory the leg scripts write to")
	native := flag.String("native", "", "the native legs expected, space-separated (ci/legs.sh list)")
	docker := flag.String("docker", "", "the container legs expected, space-separated (docker/*)")
	arches := flag.String("arches", "amd64 arm64", "the arches expected of each container leg")
	hostArch := flag.String("host-arch", runtime.GOARCH, "the arch the native legs ran on")
	out := flag.String("o", "report/index.html", "the page to write")
	flag.Parse()

	var legs []legDir
	for _, l := range strings.Fields(*native) {
		legs = append(legs, legDir{name: l, arch: *hostArch, native: true, dir: filepath.Join(*forks, l)})
	}
	for _, l := range strings.Fields(*docker) {
		for _, a := range strings.Fields(*arches) {
			legs = append(legs, legDir{name: l, arch: a, dir: filepath.Join(*forks, "docker", l+"-"+a)})
		}
	}
	page, err := build(legs, time.Now().UTC())
	if err == nil {
		err = os.MkdirAll(filepath.Dir(*out), 0o755)
	}
	if err == nil {
		err = write(*out, page)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "report:", err)
		os.Exit(1)
	}
	fmt.Printf("report: %s: %d legs (%d not run), %d operations benchmarked\n",
		*out, len(page.Legs), page.NotRun, len(page.Speed))
}

func write(path string, p *page) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := pageTemplate.Execute(f, p); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
