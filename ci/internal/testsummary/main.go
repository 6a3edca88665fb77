// Command testsummary turns the per-leg results of ci/test-legs.sh into a human log and a
// summary table, so the shell script only orchestrates.
//
//	testsummary log FILE.json   print the test output carried in a `go test -json` stream
//	testsummary table DIR...    one row per leg directory (.forks/<leg>), then the totals line
//	testsummary progress FILE   one line on a go test -json stream still being written:
//	                            packages finished and top-level tests passed/failed/skipped so far
//
// Each DIR holds test.meta and, for a leg that ran, test.json; legresult.Summarise says how
// a leg is counted. The ARCH column appears only when some leg has an arch (container legs).
// The last line, "N passed, N failed, N skipped", sums the legs; a leg that failed outside any test (vet, build, provisioning, a package-level
// failure) adds 1 to "failed", and a skipped leg adds 1 to "skipped", so that line never
// reads as clean when a leg was not.
//
// Exit status: 1 if any leg failed, 0 otherwise (skipped legs do not fail the run).
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/forkcrypto/forkcrypto/ci/internal/legresult"
)

type row = legresult.Summary

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
			r, err := legresult.Summarise(dir)
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

// progress summarises a go test -json stream that may still be growing (its
// last line may be cut short, which legresult.EachLine takes as a non-event).
func progress(path string) string {
	var pkgs, passed, failed, skipped int
	err := legresult.EachLine(path, func(_ string, ev *legresult.Event) {
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
	err := legresult.EachLine(path, func(line string, ev *legresult.Event) {
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

// printTable prints the table and the totals line; it reports whether any leg failed.
func printTable(w io.Writer, rows []row) (anyFailed bool) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	withArch := false
	for _, r := range rows {
		withArch = withArch || r.Arch != ""
	}
	arch := func(v string) string { // the optional ARCH column, after LEG
		if !withArch {
			return ""
		}
		return dash(v) + "\t"
	}
	fmt.Fprintf(tw, "LEG\t%sLIBRARY VERSION\tGO\tRESULT\tPASSED\tFAILED\tSKIPPED\tTESTS RUN\tWALL\tNOTE\n", arch("ARCH"))
	var passed, failed, skipped int
	for _, r := range rows {
		num := func(n int) string {
			if !r.Provisioned {
				return "-"
			}
			return fmt.Sprint(n)
		}
		wall := "-"
		if r.Wall != "" {
			wall = r.Wall + "s"
		}
		fmt.Fprintf(tw, "%s\t%s%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.Leg, arch(r.Arch), r.Version, r.Go, r.Result,
			num(r.Passed), num(r.Failed), num(r.Skips), num(r.Passed+r.Failed+r.Skips), wall, r.Note)
		passed += r.Passed
		failed += r.Failed
		skipped += r.Skips
		switch r.Result {
		case legresult.Skipped:
			skipped++
		case legresult.Fail:
			anyFailed = true
			if r.Failed == 0 {
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

func dash(v string) string {
	if v == "" {
		return "-"
	}
	return v
}
