// Command testsummary turns the per-leg results of ci/test-legs.sh into a human log and a
// summary table, so the shell script only orchestrates.
//
//	testsummary log FILE.json   print the test output carried in a `go test -json` stream
//	testsummary table DIR...    one row per leg directory (.forks/<leg>), then the totals line
//	testsummary progress FILE   one line on a go test -json stream still being written:
//	                            packages finished and top-level tests passed/failed/skipped so far
//
// Each DIR holds test.meta (key=value lines written by ci/test-legs.sh or ci/docker-matrix.sh:
// leg, status, version, go (the Go version the leg ran with), vet and test exit codes, and
// optionally arch and wall, the leg's wall time in seconds) and, for a leg that ran, test.json. The ARCH and WALL columns appear only
// when some leg's test.meta has them.
//
// Counting: top-level tests only (Test without a "/"), from pass/fail/skip events. Subtests
// are left out because a failing subtest already fails its parent, and table-driven tests
// would otherwise dominate the counts. The last line, "N passed, N failed, N skipped", sums
// the legs; a leg that failed outside any test (vet, build, provisioning, a package-level
// failure) adds 1 to "failed", and a skipped leg adds 1 to "skipped", so that line never
// reads as clean when a leg was not.
//
// Exit status: 1 if any leg failed, 0 otherwise (skipped legs do not fail the run).
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"
)

// event is the subset of cmd/test2json's TestEvent used here.
type event struct {
	Action      string
	Package     string
	Test        string
	Output      string
	FailedBuild string
}

type row struct {
	leg, arch, wall, version, gover, result, note string
	passed, failed, skipped                       int
}

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: testsummary log FILE.json | testsummary table DIR...")
		os.Exit(2)
	}
	switch os.Args[1] {
	case "log":
		if err := writeLog(os.Stdout, os.Args[2]); err != nil {
			fmt.Fprintln(os.Stderr, "testsummary:", err)
			os.Exit(2)
		}
	case "table":
		var rows []row
		for _, dir := range os.Args[2:] {
			r, err := summarise(dir)
			if err != nil {
				fmt.Fprintln(os.Stderr, "testsummary:", err)
				os.Exit(2)
			}
			rows = append(rows, r)
		}
		if printTable(os.Stdout, rows) {
			os.Exit(1)
		}
	case "progress":
		fmt.Println(progress(os.Args[2]))
	default:
		fmt.Fprintln(os.Stderr, "testsummary: unknown mode", os.Args[1])
		os.Exit(2)
	}
}

// eachLine calls fn for every line of a go test -json stream; ev is nil for a line that is
// not a JSON event (go test prints a few of those, e.g. for setup failures).
func eachLine(path string, fn func(line string, ev *event)) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 64*1024*1024)
	for sc.Scan() {
		var ev event
		if json.Unmarshal(sc.Bytes(), &ev) == nil && ev.Action != "" {
			fn(sc.Text(), &ev)
		} else {
			fn(sc.Text(), nil)
		}
	}
	return sc.Err()
}

// progress summarises a go test -json stream that may still be growing (its
// last line may be cut short, which eachLine takes as a non-event).
func progress(path string) string {
	var pkgs, passed, failed, skipped int
	err := eachLine(path, func(_ string, ev *event) {
		switch {
		case ev == nil || (ev.Action != "pass" && ev.Action != "fail" && ev.Action != "skip"):
		case ev.Test == "":
			pkgs++
		case !strings.Contains(ev.Test, "/"):
			switch ev.Action {
			case "pass":
				passed++
			case "fail":
				failed++
			default:
				skipped++
			}
		}
	})
	if err != nil {
		return "no test output yet"
	}
	return fmt.Sprintf("%d packages done; tests so far %d passed, %d failed, %d skipped", pkgs, passed, failed, skipped)
}

func writeLog(w io.Writer, path string) error {
	bw := bufio.NewWriter(w)
	err := eachLine(path, func(line string, ev *event) {
		switch {
		case ev == nil:
			fmt.Fprintln(bw, line)
		case ev.Output != "":
			bw.WriteString(ev.Output)
		}
	})
	if ferr := bw.Flush(); err == nil {
		err = ferr
	}
	return err
}

func readMeta(dir string) (map[string]string, error) {
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

func summarise(dir string) (row, error) {
	m, err := readMeta(dir)
	if err != nil {
		return row{}, err
	}
	r := row{leg: m["leg"], version: m["version"], gover: m["go"], arch: m["arch"]}
	if w := m["wall"]; w != "" {
		r.wall = w + "s"
	}
	if r.leg == "" {
		r.leg = filepath.Base(dir)
	}
	if r.version == "" {
		r.version = "unknown"
	}
	if r.gover == "" {
		r.gover = "-"
	}
	status := m["status"]
	switch {
	case strings.HasPrefix(status, "skipped"):
		r.result, r.note = "SKIPPED", strings.TrimSpace(strings.TrimPrefix(status, "skipped:"))
		return r, nil
	case status != "ready":
		r.result, r.note = "FAIL", "provisioning: "+strings.TrimSpace(strings.TrimPrefix(status, "failed:"))
		return r, nil
	}

	var notes []string
	failedPkgs := map[string]bool{}
	var failedBuilds []string
	path := filepath.Join(dir, "test.json")
	err = eachLine(path, func(_ string, ev *event) {
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
			r.passed++
		case "fail":
			r.failed++
		case "skip":
			r.skipped++
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
	} else if len(failedPkgs) > 0 && r.failed == 0 {
		notes = append(notes, fmt.Sprintf("%d package(s) failed outside a test", len(failedPkgs)))
	}
	if m["test"] != "0" && r.failed == 0 && len(failedPkgs) == 0 {
		notes = append(notes, "go test exited "+m["test"])
	}
	r.result = "PASS"
	if len(notes) > 0 || r.failed > 0 {
		r.result = "FAIL"
	}
	if r.result == "PASS" && r.passed == 0 {
		notes = append(notes, "no tests ran")
	}
	r.note = strings.Join(notes, "; ")
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

// printTable prints the table and the totals line; it reports whether any leg failed.
func printTable(w io.Writer, rows []row) (anyFailed bool) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	var withArch, withWall bool
	for _, r := range rows {
		withArch = withArch || r.arch != ""
		withWall = withWall || r.wall != ""
	}
	// optional columns: ARCH after LEG, WALL before NOTE
	arch := func(v string) string {
		if !withArch {
			return ""
		}
		if v == "" {
			v = "-"
		}
		return v + "\t"
	}
	wall := func(v string) string {
		if !withWall {
			return ""
		}
		if v == "" {
			v = "-"
		}
		return v + "\t"
	}
	fmt.Fprintf(tw, "LEG\t%sLIBRARY VERSION\tGO\tRESULT\tPASSED\tFAILED\tSKIPPED\tTESTS RUN\t%sNOTE\n", arch("ARCH"), wall("WALL"))
	var passed, failed, skipped int
	for _, r := range rows {
		num := func(n int) string {
			if r.result == "SKIPPED" || (r.result == "FAIL" && strings.HasPrefix(r.note, "provisioning: ")) {
				return "-"
			}
			return fmt.Sprint(n)
		}
		fmt.Fprintf(tw, "%s\t%s%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s%s\n", r.leg, arch(r.arch), r.version, r.gover, r.result,
			num(r.passed), num(r.failed), num(r.skipped), num(r.passed+r.failed+r.skipped), wall(r.wall), r.note)
		passed += r.passed
		failed += r.failed
		skipped += r.skipped
		switch {
		case r.result == "SKIPPED":
			skipped++
		case r.result == "FAIL":
			anyFailed = true
			if r.failed == 0 {
				failed++
			}
		}
	}
	tw.Flush()
	fmt.Fprintln(w, "(counts are top-level tests; TESTS RUN = passed + failed + skipped; in the totals a skipped leg")
	fmt.Fprintln(w, " counts as 1 skipped and a leg failing outside any test as 1 failed)")
	fmt.Fprintf(w, "%d passed, %d failed, %d skipped\n", passed, failed, skipped)
	return anyFailed
}
