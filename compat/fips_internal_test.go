package compat

import "testing"

// TestFIPSPolicyTable: every algorithm the capability table marks as not
// approved has a rule saying why, with its source, and nothing else does.
func TestFIPSPolicyTable(t *testing.T) {
	for _, c := range capabilityTable {
		r, ok := fipsAlgorithmRules[c.name]
		switch {
		case !c.approved && (!ok || r.text == "" || r.source == ""):
			t.Errorf("%s is not approved but has no complete rule", c.name)
		case c.approved && ok:
			t.Errorf("%s is approved but has a refusal rule", c.name)
		}
	}
	for name := range fipsAlgorithmRules {
		found := false
		for _, c := range capabilityTable {
			found = found || c.name == name
		}
		if !found {
			t.Errorf("rule for %q, which is no row of the capability table", name)
		}
	}
	for _, r := range []fipsRule{fipsRSASize, fipsSHA1Signature, fipsPKCS1v15Encryption, fipsPBKDF2Salt,
		fipsPBKDF2Iterations, fipsPBKDF2Output, fipsHMACKey, fipsKDFKey, fipsGCMNonce} {
		if r.text == "" || r.source == "" {
			t.Errorf("incomplete rule %+v", r)
		}
	}
}
