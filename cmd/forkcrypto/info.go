package main

import (
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/forkcrypto/forkcrypto/compat"
)

func version(w io.Writer) error {
	b := compat.Backend()
	if b.Err != nil {
		return b.Err
	}
	_, err := fmt.Fprintln(w, b.Version)
	return err
}

func info(w io.Writer) error {
	b := compat.Backend()
	fmt.Fprintf(w, "backend: fork=%s version=%q fips-capable=%t fips=%t fips-module=%q fips-only=%t\n",
		b.Fork, b.Version, b.FIPSCapable, b.FIPS, b.FIPSModule, b.FIPSOnly)
	if b.Err != nil {
		return b.Err
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "algorithm\tstatus\tallowed\tFIPS-approved\twhy not allowed")
	for _, c := range compat.Capabilities() {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", c.Name, c.Status, yesNo(c.Allowed), yesNo(c.FIPSApproved), c.Reason)
	}
	return tw.Flush()
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
