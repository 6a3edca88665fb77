package main

import (
	"encoding/json"
	"fmt"
	"io"
	"runtime"
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

// infoReport is what info -json prints: the backend and the capability
// table, with the field names of compat's types.
type infoReport struct {
	Backend struct {
		Fork, Version, FIPSModule string
		FIPSCapable, FIPS         bool
		FIPSOnly                  bool
		GoVersion                 string
		Err                       string `json:",omitempty"`
	}
	Capabilities []compat.Capability
}

func infoJSON(w io.Writer) error {
	b := compat.Backend()
	var r infoReport
	r.Backend.Fork, r.Backend.Version, r.Backend.FIPSModule = b.Fork, b.Version, b.FIPSModule
	r.Backend.FIPSCapable, r.Backend.FIPS, r.Backend.FIPSOnly = b.FIPSCapable, b.FIPS, b.FIPSOnly
	r.Backend.GoVersion = runtime.Version()
	if b.Err != nil {
		r.Backend.Err = b.Err.Error()
	} else {
		r.Capabilities = compat.Capabilities()
	}
	e := json.NewEncoder(w)
	e.SetIndent("", "  ")
	if err := e.Encode(r); err != nil {
		return err
	}
	return b.Err
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
