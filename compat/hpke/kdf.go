package hpke

import (
	"encoding/binary"
	"fmt"
	"hash"

	"github.com/forkcrypto/forkcrypto/compat"
	"github.com/forkcrypto/forkcrypto/compat/internal/protocol"
)

// The KDF is one of the three components of an HPKE ciphersuite, implementing
// key derivation. Its values come from HKDFSHA256, HKDFSHA384, HKDFSHA512,
// SHAKE128, SHAKE256 or NewKDF; every one runs in the linked fork.
type KDF interface {
	// ID returns the HPKE KDF identifier.
	ID() uint16

	// oneStage reports a KDF of draft-ietf-hpke-pq's single-stage kind
	// (LabeledDerive) rather than RFC 9180's extract-then-expand.
	oneStage() bool
	// size is Nh, the size of the exporter secret.
	size() int
	// available returns nil when the linked fork computes the KDF now.
	available() error
	labeledExtract(suiteID, salt []byte, label string, ikm []byte) ([]byte, error)
	labeledExpand(suiteID, prk []byte, label string, info []byte, length uint16) ([]byte, error)
	labeledExtractAndExpand(suiteID, salt []byte, extractLabel string, ikm, info []byte, expansions [3]expansion) ([]byte, error)
	labeledDerive(suiteID, ikm []byte, label string, context []byte, length uint16) ([]byte, error)
}

// NewKDF returns the KDF with the given HPKE identifier: 0x0001, 0x0002 and
// 0x0003 for HKDF over SHA-256, SHA-384 and SHA-512, 0x0010 and 0x0011 for
// SHAKE128 and SHAKE256. Whether the linked fork computes it is known at
// NewSender or NewRecipient.
func NewKDF(id uint16) (KDF, error) {
	switch id {
	case 0x0001:
		return HKDFSHA256(), nil
	case 0x0002:
		return HKDFSHA384(), nil
	case 0x0003:
		return HKDFSHA512(), nil
	case 0x0010:
		return SHAKE128(), nil
	case 0x0011:
		return SHAKE256(), nil
	}
	return nil, fmt.Errorf("hpke: unsupported KDF %#04x", id)
}

// versionLabel prefixes every labeled input of RFC 9180.
const versionLabel = "HPKE-v1"

// hkdfKDF is HKDF over one SHA-2 hash, both stages computed by the fork.
type hkdfKDF struct {
	id   uint16
	name string
	nh   int
	hash func() hash.Hash
}

var (
	hkdfSHA256 = &hkdfKDF{0x0001, "HKDF-SHA256", 32, compat.NewSHA256}
	hkdfSHA384 = &hkdfKDF{0x0002, "HKDF-SHA384", 48, compat.NewSHA384}
	hkdfSHA512 = &hkdfKDF{0x0003, "HKDF-SHA512", 64, compat.NewSHA512}
)

// HKDFSHA256 returns HKDF-SHA256 (KDF 0x0001), computed by the fork.
func HKDFSHA256() KDF { return hkdfSHA256 }

// HKDFSHA384 returns HKDF-SHA384 (KDF 0x0002), computed by the fork.
func HKDFSHA384() KDF { return hkdfSHA384 }

// HKDFSHA512 returns HKDF-SHA512 (KDF 0x0003), computed by the fork.
func HKDFSHA512() KDF { return hkdfSHA512 }

func (k *hkdfKDF) ID() uint16       { return k.id }
func (k *hkdfKDF) oneStage() bool   { return false }
func (k *hkdfKDF) size() int        { return k.nh }
func (k *hkdfKDF) available() error { return nil } // HKDF and SHA-2 are on every fork

// labeledExtract is RFC 9180's LabeledExtract: HKDF-Extract(salt,
// "HPKE-v1" || suite_id || label || ikm).
func (k *hkdfKDF) labeledExtract(suiteID, salt []byte, label string, ikm []byte) ([]byte, error) {
	in := labeledIKM(suiteID, label, ikm)
	prk, err := compat.HKDFExtract(k.hash, in, salt)
	clear(in)
	if err != nil {
		return nil, fmt.Errorf("hpke: %s: %w", k.name, err)
	}
	return prk, nil
}

// labeledExpand is RFC 9180's LabeledExpand: HKDF-Expand(prk, I2OSP(L, 2)
// || "HPKE-v1" || suite_id || label || info, L).
func (k *hkdfKDF) labeledExpand(suiteID, prk []byte, label string, info []byte, length uint16) ([]byte, error) {
	if err := k.checkLength(length); err != nil {
		return nil, err
	}
	if length == 0 {
		// HKDF-Expand of no bytes is the empty string; the fork is not asked.
		return []byte{}, nil
	}
	out, err := compat.HKDFExpand(k.hash, prk, labeledInfo(suiteID, label, info, length), int(length))
	if err != nil {
		return nil, fmt.Errorf("hpke: %s: %w", k.name, err)
	}
	return out, nil
}

// expansion is one LabeledExpand of labeledExtractAndExpand; a zero length
// ends the list.
type expansion struct {
	label  string
	length uint16
}

// labeledExtractAndExpand is LabeledExtract(salt, extractLabel, ikm)
// expanded with LabeledExpand under each expansion's label, with info, to
// its length; the outputs come one after another. One call into the fork
// computes them all, so the pseudorandom key between the stages never
// leaves it (DHKEM's ExtractAndExpand, and the key schedule's key, base
// nonce and exporter secret).
func (k *hkdfKDF) labeledExtractAndExpand(suiteID, salt []byte, extractLabel string, ikm, info []byte, expansions [3]expansion) ([]byte, error) {
	size := 0
	for _, e := range expansions {
		if err := k.checkLength(e.length); err != nil {
			return nil, err
		}
		if e.length != 0 {
			size += 2 + len(versionLabel) + len(suiteID) + len(e.label) + len(info)
		}
	}
	var steps [3]protocol.Expansion
	buf := make([]byte, 0, size)
	for i, e := range expansions {
		if e.length == 0 {
			break
		}
		start := len(buf)
		buf = appendLabeledInfo(buf, suiteID, e.label, info, e.length)
		steps[i] = protocol.Expansion{Info: buf[start:], Length: int(e.length)}
	}
	in := labeledIKM(suiteID, extractLabel, ikm)
	out, err := protocol.HKDFExtractExpand(k.hash, in, salt, steps)
	clear(in)
	if err != nil {
		return nil, fmt.Errorf("hpke: %s: %w", k.name, err)
	}
	return out, nil
}

func (k *hkdfKDF) checkLength(length uint16) error {
	if int(length) > 255*k.nh {
		return fmt.Errorf("hpke: %s cannot expand to %d bytes (at most %d)", k.name, length, 255*k.nh)
	}
	return nil
}

// labeledIKM is "HPKE-v1" || suite_id || label || ikm; it may hold a secret,
// which the caller clears.
func labeledIKM(suiteID []byte, label string, ikm []byte) []byte {
	return appendLabeledIKM(make([]byte, 0, len(versionLabel)+len(suiteID)+len(label)+len(ikm)), suiteID, label, ikm)
}

// appendLabeledIKM appends labeledIKM's bytes to dst.
func appendLabeledIKM(dst, suiteID []byte, label string, ikm []byte) []byte {
	dst = append(dst, versionLabel...)
	dst = append(dst, suiteID...)
	dst = append(dst, label...)
	return append(dst, ikm...)
}

// labeledInfo is I2OSP(L, 2) || "HPKE-v1" || suite_id || label || info as a
// string, which HKDF-Expand takes its info as.
func labeledInfo(suiteID []byte, label string, info []byte, length uint16) string {
	var small [128]byte
	return string(appendLabeledInfo(small[:0], suiteID, label, info, length))
}

// appendLabeledInfo appends I2OSP(L, 2) || "HPKE-v1" || suite_id || label ||
// info to dst.
func appendLabeledInfo(dst, suiteID []byte, label string, info []byte, length uint16) []byte {
	dst = binary.BigEndian.AppendUint16(dst, length)
	dst = append(dst, versionLabel...)
	dst = append(dst, suiteID...)
	dst = append(dst, label...)
	return append(dst, info...)
}

func (k *hkdfKDF) labeledDerive([]byte, []byte, string, []byte, uint16) ([]byte, error) {
	return nil, fmt.Errorf("hpke: internal error: %s has no single-stage derivation", k.name)
}

// shakeKDF is a single-stage KDF of draft-ietf-hpke-pq: one SHAKE call,
// computed by the fork.
type shakeKDF struct {
	id   uint16
	name string // the fork's primitive, as compat.Capabilities names it
	nh   int
	new  func() hash.XOF
}

var (
	shake128KDF = &shakeKDF{0x0010, "SHAKE128", 32, compat.NewSHAKE128}
	shake256KDF = &shakeKDF{0x0011, "SHAKE256", 64, compat.NewSHAKE256}
)

// SHAKE128 returns the SHAKE128 KDF (0x0010) of draft-ietf-hpke-pq,
// computed by the fork. LibreSSL and BoringSSL lack SHAKE: a suite with
// this KDF fails there with an error wrapping compat.ErrUnsupported.
func SHAKE128() KDF { return shake128KDF }

// SHAKE256 returns the SHAKE256 KDF (0x0011) of draft-ietf-hpke-pq,
// computed by the fork. LibreSSL and BoringSSL lack SHAKE: a suite with
// this KDF fails there with an error wrapping compat.ErrUnsupported.
func SHAKE256() KDF { return shake256KDF }

func (k *shakeKDF) ID() uint16       { return k.id }
func (k *shakeKDF) oneStage() bool   { return true }
func (k *shakeKDF) size() int        { return k.nh }
func (k *shakeKDF) available() error { return needPrimitive(k.name, k.name+" KDF") }

func (k *shakeKDF) labeledExtract([]byte, []byte, string, []byte) ([]byte, error) {
	return nil, fmt.Errorf("hpke: internal error: %s has no extract stage", k.name)
}

func (k *shakeKDF) labeledExpand([]byte, []byte, string, []byte, uint16) ([]byte, error) {
	return nil, fmt.Errorf("hpke: internal error: %s has no expand stage", k.name)
}

func (k *shakeKDF) labeledExtractAndExpand([]byte, []byte, string, []byte, []byte, [3]expansion) ([]byte, error) {
	return nil, fmt.Errorf("hpke: internal error: %s has no extract stage", k.name)
}

// labeledDerive is LabeledDerive of draft-ietf-hpke-pq: L bytes of
// SHAKE(ikm || "HPKE-v1" || suite_id || I2OSP(len(label), 2) || label ||
// I2OSP(L, 2) || context).
func (k *shakeKDF) labeledDerive(suiteID, ikm []byte, label string, context []byte, length uint16) ([]byte, error) {
	if len(label) > 0xffff {
		return nil, fmt.Errorf("hpke: %s label longer than 65535 bytes", k.name)
	}
	x, err := newXOF(k.name, k.new)
	if err != nil {
		return nil, err
	}
	in := make([]byte, 0, len(ikm)+len(versionLabel)+len(suiteID)+2+len(label)+2+len(context))
	in = append(in, ikm...)
	in = append(in, versionLabel...)
	in = append(in, suiteID...)
	in = binary.BigEndian.AppendUint16(in, uint16(len(label)))
	in = append(in, label...)
	in = binary.BigEndian.AppendUint16(in, length)
	in = append(in, context...)
	x.Write(in)
	clear(in)
	out := make([]byte, length)
	x.Read(out)
	return out, nil
}

// newXOF checks that the fork computes the SHAKE named name now, then
// returns it from the compat constructor.
func newXOF(name string, ctor func() hash.XOF) (hash.XOF, error) {
	if err := needPrimitive(name, name); err != nil {
		return nil, err
	}
	return ctor(), nil
}
