package keys

import (
	"testing"

	"golang.org/x/crypto/cryptobyte"
	"golang.org/x/crypto/cryptobyte/asn1"
)

func seq(parts ...[]byte) []byte {
	var b cryptobyte.Builder
	b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
		for _, p := range parts {
			b.AddBytes(p)
		}
	})
	return b.BytesOrPanic()
}

// contents returns the contents of the SEQUENCE der.
func contents(der []byte) []byte {
	s := cryptobyte.String(der)
	var c cryptobyte.String
	if !s.ReadASN1(&c, asn1.SEQUENCE) {
		panic("not a SEQUENCE")
	}
	return c
}

// TestCrafted feeds hand-made edge cases of crypto/x509's tolerances to both
// parsers.
func TestCrafted(t *testing.T) {
	var ec, rsa1, ed sample
	for _, s := range testSamples(t) {
		switch s.name {
		case "ecdsa P-256":
			ec = s
		case "rsa 1024":
			rsa1 = s
		case "ed25519":
			ed = s
		}
	}
	algo := func(parts ...[]byte) []byte { return seq(parts...) }
	edPub := contents(ed.pkix)
	edKey := edPub[len(edPub)-32:]
	cases := []struct {
		kind string
		der  []byte
	}{
		{"sec1", append(ec.sec1, 0)},
		{"sec1", seq(contents(ec.sec1), []byte{5, 0})},
		{"sec1", seq(contents(ec.sec1), []byte{0xbf, 0x81, 0x00, 0x00})},
		{"sec1", seq([]byte{2, 1, 1}, octets(make([]byte, 32)))},
		{"sec1", seq([]byte{2, 1, 1}, octets([]byte{1}), []byte{0xa0, 0x0a}, oidEC[:0], curves[1].oid)},
		{"sec1", seq([]byte{2, 1, 1}, octets([]byte{1}), []byte{0xa0, 0x7f}, curves[1].oid)},
		{"sec1", seq([]byte{2, 1, 1}, octets([]byte{1}), []byte{0xa0, 0x00}, curves[1].oid)},
		{"sec1", seq([]byte{2, 1, 1}, octets([]byte{1}), []byte{5, 0})},
		{"sec1", seq([]byte{2, 1, 1}, octets([]byte{1}), []byte{0xa0, 0x02, 0x06, 0x00})},
		{"pkcs1", seq(contents(rsa1.pkcs1), []byte{0x30, 0x00})},
		{"pkcs1", seq(contents(rsa1.pkcs1), []byte{0x30, 0x02, 0x05, 0x00})},
		{"pkcs1", seq(contents(rsa1.pkcs1), []byte{0x04, 0x00})},
		{"pkcs1", append(rsa1.pkcs1, 0)},
		{"pkcs1 public", seq(contents(rsa1.pub1), []byte{1, 1, 0})},
		{"pkcs8", seq([]byte{2, 1, 0}, algo(oidEC, derNull), octets(ec.sec1))},
		{"pkcs8", seq([]byte{2, 1, 0}, algo(oidEC, []byte{6, 0}), octets(ec.sec1))},
		{"pkcs8", seq([]byte{2, 1, 0}, algo(oidEC, curves[0].oid), octets(ec.sec1))},
		{"pkcs8", seq([]byte{2, 1, 0}, algo(oidEC), octets(ec.sec1))},
		{"pkcs8", seq([]byte{2, 1, 9}, algo(oidRSA), octets(rsa1.pkcs1), []byte{0xff})},
		{"pkcs8", append(rsa1.pkcs8, 1, 2, 3)},
		{"pkix", seq(algo(oidEd25519), append([]byte{3, 33, 3}, edKey...))},
		{"pkix", seq(algo(oidEd25519), append([]byte{3, 33, 0}, edKey...), []byte{0xff, 0xff})},
		{"pkix", seq(algo(oidEd25519, []byte{0x1f, 0x81, 0x00, 0x00}), append([]byte{3, 33, 0}, edKey...))},
		{"pkix", seq(algo(oidRSA, derNull), []byte{3, 3, 0, 0x30, 0x00})},
		{"pkix", seq(algo(oidEC, curves[1].oid), []byte{3, 1, 0})},
	}
	for _, c := range cases {
		check(t, c.kind, c.der)
	}
}
