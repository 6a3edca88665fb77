// Package legresult reads what the leg scripts leave in a leg's directory (.forks/<leg> or
// .forks/docker/<leg>-<arch>): test.meta, test.json, bench.txt and info.json. The summary
// table, the benchmark table and the HTML report all count and parse through it, so they
// cannot disagree.
package legresult

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Event is the subset of cmd/test2json's TestEvent used here.
type Event struct {
	Action      string
	Package     string
	Test        string
	Output      string
	FailedBuild string
}

// EachLine calls fn for every line of a go test -json stream; ev is nil for a line that is
// not a JSON event (go test prints a few of those, e.g. for setup failures, and the last line
// of a stream still being written may be cut short).
func EachLine(path string, fn func(line string, ev *Event)) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 64*1024*1024)
	for sc.Scan() {
		var ev Event
		if json.Unmarshal(sc.Bytes(), &ev) == nil && ev.Action != "" {
			fn(sc.Text(), &ev)
		} else {
			fn(sc.Text(), nil)
		}
	}
	return sc.Err()
}

// ReadMeta reads DIR/test.meta: key=value lines written by ci/test-legs.sh or
// ci/docker-matrix.sh (leg, status, tag, version, go, vet and test exit codes, and wall,
// the leg's wall time in seconds; arch for container legs).
func ReadMeta(dir string) (map[string]string, error) {
	b, err := os.ReadFile(filepath.Join(dir, "test.meta"))
	if err != nil {
		return nil, err
	}
	m := map[string]string{}
	for _, l := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(l, "="); ok {
			m[k] = v
		}
	}
	return m, nil
}

// Result values of a Summary.
const (
	Pass    = "PASS"
	Fail    = "FAIL"
	Skipped = "SKIPPED"
)

// Summary is one leg's outcome.
//
// Counting: top-level tests only (Test without a "/"), from pass/fail/skip events. Subtests
// are left out because a failing subtest already fails its parent, and table-driven tests
// would otherwise dominate the counts. A leg fails if a test failed, go vet or go test
// exited non-zero, a package failed outside any test, or provisioning failed; a leg that
// passes with no test run says so in Note.
type Summary struct {
	Leg, Arch, Version, Go string
	Wall                   string // seconds, "" when not recorded
	Result, Note           string
	Passed, Failed, Skips  int
	// Provisioned is false when the leg never reached go test (skipped or failed while
	// provisioning); its counts then mean nothing.
	Provisioned bool
}

// Summarise reads DIR's test.meta and test.json.
func Summarise(dir string) (Summary, error) {
	m, err := ReadMeta(dir)
	if err != nil {
		return Summary{}, err
	}
	r := Summary{Leg: m["leg"], Version: m["version"], Go: m["go"], Arch: m["arch"], Wall: m["wall"]}
	if r.Leg == "" {
		r.Leg = filepath.Base(dir)
	}
	if r.Version == "" {
		r.Version = "unknown"
	}
	if r.Go == "" {
		r.Go = "-"
	}
	status := m["status"]
	switch {
	case strings.HasPrefix(status, "skipped"):
		r.Result, r.Note = Skipped, strings.TrimSpace(strings.TrimPrefix(status, "skipped:"))
		return r, nil
	case status != "ready":
		r.Result, r.Note = Fail, "provisioning: "+strings.TrimSpace(strings.TrimPrefix(status, "failed:"))
		return r, nil
	}
	r.Provisioned = true

	var notes []string
	failedPkgs := map[string]bool{}
	var failedBuilds []string
	err = EachLine(filepath.Join(dir, "test.json"), func(_ string, ev *Event) {
		if ev == nil {
			return
		}
		if ev.Test == "" {
			if ev.Action == "fail" {
				failedPkgs[ev.Package] = true
				if ev.FailedBuild != "" {
					failedBuilds = append(failedBuilds, ev.FailedBuild)
				}
			}
			return
		}
		if strings.Contains(ev.Test, "/") {
			return // subtest
		}
		switch ev.Action {
		case "pass":
			r.Passed++
		case "fail":
			r.Failed++
		case "skip":
			r.Skips++
		}
	})
	if err != nil {
		notes = append(notes, "no test output: "+err.Error())
	}
	if m["vet"] != "0" {
		notes = append(notes, "go vet failed")
	}
	if len(failedBuilds) > 0 {
		sort.Strings(failedBuilds)
		notes = append(notes, "build failed: "+strings.Join(compact(failedBuilds), " "))
	} else if len(failedPkgs) > 0 && r.Failed == 0 {
		notes = append(notes, fmt.Sprintf("%d package(s) failed outside a test", len(failedPkgs)))
	}
	if m["test"] != "0" && r.Failed == 0 && len(failedPkgs) == 0 {
		notes = append(notes, "go test exited "+m["test"])
	}
	r.Result = Pass
	if len(notes) > 0 || r.Failed > 0 {
		r.Result = Fail
	}
	if r.Result == Pass && r.Passed == 0 {
		notes = append(notes, "no tests ran")
	}
	r.Note = strings.Join(notes, "; ")
	return r, nil
}

func compact(s []string) []string {
	out := s[:0]
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}
