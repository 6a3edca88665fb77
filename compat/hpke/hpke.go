package hpke

import (
	"crypto/cipher"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"sync"

	"github.com/forkcrypto/forkcrypto/compat"
	"github.com/forkcrypto/forkcrypto/compat/internal/protocol"
	"github.com/forkcrypto/forkcrypto/internal/bytecache"
)

// RFC 9180's modes (section 5).
const (
	modeBase    byte = 0x00
	modePSK     byte = 0x01
	modeAuth    byte = 0x02
	modeAuthPSK byte = 0x03
)

// minPSKSize is RFC 9180's lower bound on a PSK (section 5.1.2: at least 32
// bytes of entropy).
const minPSKSize = 32

var (
	errExportOnly  = errors.New("hpke: the export-only AEAD cannot seal or open")
	errSeqOverflow = errors.New("hpke: message limit reached (sequence number overflow)")
	errExportLen   = errors.New("hpke: export length must be from 0 to 65535")
)

// context is RFC 9180's encryption context, shared by Sender and Recipient.
type context struct {
	kdf       KDF
	suiteID   []byte
	aead      cipher.AEAD // nil for ExportOnly
	baseNonce []byte
	exporter  []byte // exporter_secret
	seq       uint64 // sequence number of the next message
}

// Sender is a sending HPKE context, made by NewSender (or one of the other
// modes' constructors) for one recipient's public key. Seal numbers its
// messages, so a Sender is not safe for concurrent use.
type Sender struct {
	*context
}

// Recipient is a receiving HPKE context, made by NewRecipient (or one of the
// other modes' constructors) from a private key and the sender's enc. Open
// advances its sequence number only on success, so it must see the
// messages in the order they were sealed. It is not safe for concurrent use.
type Recipient struct {
	*context
}

// suiteIDOf is suite_id = "HPKE" || I2OSP(kem_id, 2) || I2OSP(kdf_id, 2) ||
// I2OSP(aead_id, 2).
func suiteIDOf(kemID, kdfID, aeadID uint16) []byte {
	s := make([]byte, 0, 10)
	s = append(s, "HPKE"...)
	s = binary.BigEndian.AppendUint16(s, kemID)
	s = binary.BigEndian.AppendUint16(s, kdfID)
	return binary.BigEndian.AppendUint16(s, aeadID)
}

// checkSuite rejects a missing component and a KDF the fork cannot compute
// now, before any KEM work is done.
func checkSuite(kdf KDF, aead AEAD) error {
	if kdf == nil {
		return errors.New("hpke: nil KDF")
	}
	if aead == nil {
		return errors.New("hpke: nil AEAD")
	}
	return kdf.available()
}

// checkPSK applies RFC 9180's VerifyPSKInputs (section 5.1) and the PSK's
// minimum size.
func checkPSK(mode byte, psk, pskID []byte) error {
	gotPSK, gotID := len(psk) > 0, len(pskID) > 0
	switch {
	case gotPSK != gotID:
		return errors.New("hpke: a PSK and a PSK ID must be given together")
	case (mode == modePSK || mode == modeAuthPSK) && !gotPSK:
		return errors.New("hpke: PSK mode needs a PSK and a PSK ID")
	case (mode == modeBase || mode == modeAuth) && gotPSK:
		return errors.New("hpke: a PSK given outside PSK mode")
	case gotPSK && len(psk) < minPSKSize:
		return fmt.Errorf("hpke: PSK of %d bytes, want at least %d", len(psk), minPSKSize)
	}
	return nil
}

// keySchedule is RFC 9180's KeySchedule (section 5.1), or its single-stage
// form of draft-ietf-hpke-pq for SHAKE KDFs. With onceKey, the AEAD key goes
// there, for the caller to seal or open one message with and clear, instead
// of into a cipher the context keeps.
func keySchedule(mode byte, kemID uint16, shared []byte, kdf KDF, aead AEAD, info, psk, pskID []byte, onceKey *[]byte) (*context, error) {
	defer clear(shared)
	sid := suiteIDOf(kemID, kdf.ID(), aead.ID())
	nk, nn, nh := aead.keySize(), aead.nonceSize(), kdf.size()
	var key, baseNonce, exporter []byte
	if kdf.oneStage() {
		for _, b := range [][]byte{psk, pskID, info, shared} {
			if len(b) > math.MaxUint16 {
				return nil, errors.New("hpke: PSK, PSK ID or info longer than 65535 bytes")
			}
		}
		secrets := make([]byte, 0, 4+len(psk)+len(shared))
		secrets = binary.BigEndian.AppendUint16(secrets, uint16(len(psk)))
		secrets = append(secrets, psk...)
		secrets = binary.BigEndian.AppendUint16(secrets, uint16(len(shared)))
		secrets = append(secrets, shared...)
		ctx := make([]byte, 0, 5+len(pskID)+len(info))
		ctx = append(ctx, mode)
		ctx = binary.BigEndian.AppendUint16(ctx, uint16(len(pskID)))
		ctx = append(ctx, pskID...)
		ctx = binary.BigEndian.AppendUint16(ctx, uint16(len(info)))
		ctx = append(ctx, info...)
		secret, err := kdf.labeledDerive(sid, secrets, "secret", ctx, uint16(nk+nn+nh))
		clear(secrets)
		if err != nil {
			return nil, err
		}
		key, baseNonce, exporter = secret[:nk:nk], secret[nk:nk+nn:nk+nn], secret[nk+nn:]
	} else {
		ctx, err := keyScheduleContext(kdf, sid, mode, pskID, info)
		if err != nil {
			return nil, err
		}
		// A single-shot Seal or Open (onceKey set) never exports: its
		// exporter secret is not derived.
		var steps [3]expansion
		n := 0
		if nk > 0 {
			steps[0], steps[1], n = expansion{"key", uint16(nk)}, expansion{"base_nonce", uint16(nn)}, 2
		}
		if onceKey == nil {
			steps[n] = expansion{"exp", uint16(nh)}
		}
		secrets, err := kdf.labeledExtractAndExpand(sid, shared, "secret", psk, ctx, steps)
		if err != nil {
			return nil, err
		}
		if nk > 0 {
			key, baseNonce, secrets = secrets[:nk:nk], secrets[nk:nk+nn:nk+nn], secrets[nk+nn:]
		}
		exporter = secrets
	}
	c := &context{kdf: kdf, suiteID: sid, baseNonce: baseNonce, exporter: exporter}
	if nk > 0 && onceKey != nil {
		*onceKey = key
	} else if nk > 0 {
		a, err := aead.newCipher(key)
		clear(key)
		if err != nil {
			return nil, err
		}
		c.aead = a
	}
	return c, nil
}

// keyScheduleContext is key_schedule_context = mode || LabeledExtract("",
// "psk_id_hash", psk_id) || LabeledExtract("", "info_hash", info): public
// values, the same for every message a service sends or receives with one
// suite, mode, PSK ID and info, so the last few are kept (contextCache) and
// a repeat costs no call into the fork.
func keyScheduleContext(kdf KDF, sid []byte, mode byte, pskID, info []byte) ([]byte, error) {
	var buf [contextKeyMax]byte
	var key []byte
	var slot bytecache.Slot[[]byte] // the zero Slot keeps nothing: an input too long
	if len(sid)+3+len(pskID)+len(info) <= contextKeyMax {
		key = contextKey(buf[:0], sid, mode, pskID, info)
		slot = contextCache.Slot(key)
		if ctx, ok := slot.Get(key); ok {
			return ctx, nil
		}
	}
	pskIDHash, err := kdf.labeledExtract(sid, nil, "psk_id_hash", pskID)
	if err != nil {
		return nil, err
	}
	infoHash, err := kdf.labeledExtract(sid, nil, "info_hash", info)
	if err != nil {
		return nil, err
	}
	ctx := make([]byte, 0, 1+len(pskIDHash)+len(infoHash))
	ctx = append(ctx, mode)
	ctx = append(ctx, pskIDHash...)
	ctx = append(ctx, infoHash...)
	slot.Put(key, ctx)
	return ctx, nil
}

// contextCache keeps the last 64 contexts; callers only read them. The suite
// ID names the KDF, so the key needs nothing else.
var contextCache = bytecache.New[[]byte](64, contextKeyMax)

// contextKeyMax bounds a cached key: suite ID, mode, PSK ID and info of up
// to 512 bytes together.
const contextKeyMax = 10 + 1 + 2 + 512

// contextKey is suite_id || mode || I2OSP(len(psk_id), 2) || psk_id || info,
// appended to dst; the length keeps psk_id and info apart.
func contextKey(dst, sid []byte, mode byte, pskID, info []byte) []byte {
	dst = append(dst, sid...)
	dst = append(dst, mode, byte(len(pskID)>>8), byte(len(pskID)))
	dst = append(dst, pskID...)
	return append(dst, info...)
}

// newSender encapsulates to pk (authenticated by sk in the Auth modes) and
// runs the key schedule.
func newSender(mode byte, pk PublicKey, sk PrivateKey, kdf KDF, aead AEAD, info, psk, pskID []byte, onceKey *[]byte) ([]byte, *Sender, error) {
	if pk == nil {
		return nil, nil, errors.New("hpke: nil public key")
	}
	if err := checkSuite(kdf, aead); err != nil {
		return nil, nil, err
	}
	if err := checkPSK(mode, psk, pskID); err != nil {
		return nil, nil, err
	}
	var shared, enc []byte
	var err error
	if mode == modeAuth || mode == modeAuthPSK {
		shared, enc, err = authEncap(pk, sk)
	} else {
		shared, enc, err = pk.encap()
	}
	if err != nil {
		return nil, nil, err
	}
	c, err := keySchedule(mode, pk.KEM().ID(), shared, kdf, aead, info, psk, pskID, onceKey)
	if err != nil {
		return nil, nil, err
	}
	return enc, &Sender{c}, nil
}

// newRecipient decapsulates enc with k (checking the sender's pkS in the
// Auth modes) and runs the key schedule.
func newRecipient(mode byte, enc []byte, k PrivateKey, pkS PublicKey, kdf KDF, aead AEAD, info, psk, pskID []byte, onceKey *[]byte) (*Recipient, error) {
	if k == nil {
		return nil, errors.New("hpke: nil private key")
	}
	if err := checkSuite(kdf, aead); err != nil {
		return nil, err
	}
	if err := checkPSK(mode, psk, pskID); err != nil {
		return nil, err
	}
	var shared []byte
	var err error
	if mode == modeAuth || mode == modeAuthPSK {
		shared, err = authDecap(enc, k, pkS)
	} else {
		shared, err = k.decap(enc)
	}
	if err != nil {
		return nil, err
	}
	c, err := keySchedule(mode, k.KEM().ID(), shared, kdf, aead, info, psk, pskID, onceKey)
	if err != nil {
		return nil, err
	}
	return &Recipient{c}, nil
}

// NewSender returns a sending context for the recipient's public key pk and
// the suite (pk's KEM, kdf, aead) in RFC 9180's base mode, and the
// encapsulated key enc to send with the messages. info binds the context to
// the application; the recipient must pass the same bytes. The KEM's
// ephemeral key is generated by the fork.
func NewSender(pk PublicKey, kdf KDF, aead AEAD, info []byte) (enc []byte, s *Sender, err error) {
	return newSender(modeBase, pk, nil, kdf, aead, info, nil, nil, nil)
}

// NewRecipient returns the receiving context for enc, which a sender made
// with the public half of k, and the suite (k's KEM, kdf, aead) in RFC
// 9180's base mode. info must be the sender's.
func NewRecipient(enc []byte, k PrivateKey, kdf KDF, aead AEAD, info []byte) (*Recipient, error) {
	return newRecipient(modeBase, enc, k, nil, kdf, aead, info, nil, nil, nil)
}

// NewSenderWithPSK is NewSender in RFC 9180's PSK mode: the context also
// depends on a pre-shared key psk (at least 32 bytes) and its identifier
// pskID (not empty), which the recipient must hold too.
func NewSenderWithPSK(pk PublicKey, kdf KDF, aead AEAD, info, psk, pskID []byte) (enc []byte, s *Sender, err error) {
	return newSender(modePSK, pk, nil, kdf, aead, info, psk, pskID, nil)
}

// NewRecipientWithPSK is NewRecipient in RFC 9180's PSK mode, for a sender
// that used NewSenderWithPSK with the same psk and pskID.
func NewRecipientWithPSK(enc []byte, k PrivateKey, kdf KDF, aead AEAD, info, psk, pskID []byte) (*Recipient, error) {
	return newRecipient(modePSK, enc, k, nil, kdf, aead, info, psk, pskID, nil)
}

// NewAuthSender is NewSender in RFC 9180's Auth mode: the encapsulation
// also proves possession of the sender's private key sk, whose public half
// the recipient passes to NewAuthRecipient. Only DHKEM suites have this
// mode; pk and sk must be keys of the same DHKEM.
func NewAuthSender(pk PublicKey, sk PrivateKey, kdf KDF, aead AEAD, info []byte) (enc []byte, s *Sender, err error) {
	return newSender(modeAuth, pk, sk, kdf, aead, info, nil, nil, nil)
}

// NewAuthRecipient is NewRecipient in RFC 9180's Auth mode: it succeeds only
// for an enc made by NewAuthSender with the private half of pkS.
func NewAuthRecipient(enc []byte, k PrivateKey, pkS PublicKey, kdf KDF, aead AEAD, info []byte) (*Recipient, error) {
	return newRecipient(modeAuth, enc, k, pkS, kdf, aead, info, nil, nil, nil)
}

// NewAuthSenderWithPSK is NewSender in RFC 9180's AuthPSK mode, which
// combines the Auth and PSK modes.
func NewAuthSenderWithPSK(pk PublicKey, sk PrivateKey, kdf KDF, aead AEAD, info, psk, pskID []byte) (enc []byte, s *Sender, err error) {
	return newSender(modeAuthPSK, pk, sk, kdf, aead, info, psk, pskID, nil)
}

// NewAuthRecipientWithPSK is NewRecipient in RFC 9180's AuthPSK mode, for a
// sender that used NewAuthSenderWithPSK.
func NewAuthRecipientWithPSK(enc []byte, k PrivateKey, pkS PublicKey, kdf KDF, aead AEAD, info, psk, pskID []byte) (*Recipient, error) {
	return newRecipient(modeAuthPSK, enc, k, pkS, kdf, aead, info, psk, pskID, nil)
}

// nonce returns base_nonce XOR I2OSP(seq, Nn), or an error once the
// sequence number cannot advance. (RFC 9180 allows 2^96-1 messages with a
// 12-byte nonce; this counter stops at 2^64-1.)
func (c *context) nonce() ([]byte, error) {
	if c.seq == math.MaxUint64 {
		return nil, errSeqOverflow
	}
	n := make([]byte, len(c.baseNonce))
	binary.BigEndian.PutUint64(n[len(n)-8:], c.seq)
	for i, b := range c.baseNonce {
		n[i] ^= b
	}
	return n, nil
}

// Seal encrypts plaintext and authenticates it with aad, under the next
// sequence number. Open on the recipient's side must see the messages in the
// order they were sealed. It fails with ExportOnly and once the sequence
// number is exhausted.
func (s *Sender) Seal(aad, plaintext []byte) ([]byte, error) {
	if s.aead == nil {
		return nil, errExportOnly
	}
	n, err := s.nonce()
	if err != nil {
		return nil, err
	}
	ct := s.aead.Seal(nil, n, plaintext, aad)
	s.seq++
	return ct, nil
}

// Open decrypts ciphertext sealed with aad under the next sequence number.
// A ciphertext that is not authentic fails with an error wrapping
// compat.ErrAuthentication and leaves the sequence number where it was.
func (r *Recipient) Open(aad, ciphertext []byte) ([]byte, error) {
	if r.aead == nil {
		return nil, errExportOnly
	}
	n, err := r.nonce()
	if err != nil {
		return nil, err
	}
	pt, err := r.aead.Open(nil, n, ciphertext, aad)
	if err != nil {
		return nil, fmt.Errorf("hpke: open: %w", err)
	}
	r.seq++
	return pt, nil
}

// export is RFC 9180's Context.Export.
func (c *context) export(exporterContext string, length int) ([]byte, error) {
	if length < 0 || length > math.MaxUint16 {
		return nil, errExportLen
	}
	if c.kdf.oneStage() {
		return c.kdf.labeledDerive(c.suiteID, c.exporter, "sec", []byte(exporterContext), uint16(length))
	}
	return c.kdf.labeledExpand(c.suiteID, c.exporter, "sec", []byte(exporterContext), uint16(length))
}

// Export returns length bytes of secret derived from the context and
// exporterContext, the same on the recipient's side. length is at most
// 65535, and for the HKDF KDFs at most 255 times the hash size.
func (s *Sender) Export(exporterContext string, length int) ([]byte, error) {
	return s.export(exporterContext, length)
}

// Export returns length bytes of secret derived from the context and
// exporterContext, the same on the sender's side. length is at most 65535,
// and for the HKDF KDFs at most 255 times the hash size.
func (r *Recipient) Export(exporterContext string, length int) ([]byte, error) {
	return r.export(exporterContext, length)
}

// Seal encrypts plaintext to pk in one call: NewSender, then Sender.Seal
// without aad. It returns enc followed by the ciphertext.
func Seal(pk PublicKey, kdf KDF, aead AEAD, info, plaintext []byte) ([]byte, error) {
	fa, once := aead.(*forkAEAD)
	if !once {
		enc, s, err := NewSender(pk, kdf, aead, info)
		if err != nil {
			return nil, err
		}
		ct, err := s.Seal(nil, plaintext)
		if err != nil {
			return nil, err
		}
		return append(enc, ct...), nil
	}
	if dpk, ok := pk.(*dhkemPublicKey); ok && kdf != nil {
		s, err := dhkemOnce(dpk.kem, kdf, fa, info)
		if err != nil {
			return nil, err
		}
		if s != nil {
			out, err := protocol.DHKEMSealOnce(s, dpk.pub.Bytes(), plaintext, nil)
			if err != nil {
				return nil, onceError(dpk.kem, kdf, fa, err)
			}
			return out, nil
		}
	}
	// One message: the fork keys its cipher for it alone (nonce: base_nonce,
	// sequence number 0).
	var key []byte
	enc, s, err := newSender(modeBase, pk, nil, kdf, aead, info, nil, nil, &key)
	defer clear(key)
	if err != nil {
		return nil, err
	}
	out, err := protocol.AEADOnce(fa.alg, false, enc, key, s.baseNonce, plaintext, nil)
	if err != nil {
		return nil, fmt.Errorf("hpke: %s: %w", fa.name, err)
	}
	return out, nil
}

// dhkemOnce returns the suite of a single-shot Seal or Open in base mode in
// one call into the fork, for a DHKEM with HKDF as the KDF, with the labeled
// inputs that do not change per message built around the key schedule's
// context; nil for any other suite (and while the tests fix the ephemeral
// key), which Seal and Open compose call by call.
func dhkemOnce(k KEM, kdf KDF, aead *forkAEAD, info []byte) (*protocol.DHKEMSuite, error) {
	dk, isDH := k.(*dhKEM)
	hk, isHKDF := kdf.(*hkdfKDF)
	if !isDH || !isHKDF || testingEphemeral.Load() != nil {
		return nil, nil
	}
	sid := suiteIDOf(dk.id, hk.id, aead.id)
	ctx, err := keyScheduleContext(hk, sid, modeBase, nil, info)
	if err != nil {
		return nil, err
	}
	kemSID := kemSuiteID(dk.id)
	s := &protocol.DHKEMSuite{Curve: dk.curve, KEMHash: dk.kdf.hash, Hash: hk.hash, AEAD: aead.alg, KeySize: aead.nk}
	var ends [len(s.Parts)]int
	buf := make([]byte, 0, 128+2*len(ctx))
	buf = appendLabeledIKM(buf, kemSID, "eae_prk", nil)
	ends[0] = len(buf)
	buf = appendLabeledInfo(buf, kemSID, "shared_secret", nil, dk.nSecret)
	ends[1] = len(buf)
	buf = appendLabeledIKM(buf, sid, "secret", nil)
	ends[2] = len(buf)
	buf = appendLabeledInfo(buf, sid, "key", ctx, uint16(aead.nk))
	ends[3] = len(buf)
	buf = appendLabeledInfo(buf, sid, "base_nonce", ctx, uint16(aead.nonceSize()))
	ends[4] = len(buf)
	start := 0
	for i, end := range ends {
		s.Parts[i], start = buf[start:end:end], end
	}
	return s, nil
}

// onceError wraps an error of a one-call Seal or Open as the call-by-call
// path would.
func onceError(k KEM, kdf KDF, aead *forkAEAD, err error) error {
	if errors.Is(err, compat.ErrAuthentication) {
		return fmt.Errorf("hpke: open: %w", err)
	}
	return fmt.Errorf("hpke: %s with %s and %s: %w", k.(*dhKEM).name, kdf.(*hkdfKDF).name, aead.name, err)
}

// Open decrypts the output of Seal in one call: it splits enc from the
// front of ciphertext, then runs NewRecipient and Recipient.Open without
// aad.
func Open(k PrivateKey, kdf KDF, aead AEAD, info, ciphertext []byte) ([]byte, error) {
	if k == nil {
		return nil, errors.New("hpke: nil private key")
	}
	n := k.KEM().encSize()
	if len(ciphertext) < n {
		return nil, fmt.Errorf("hpke: ciphertext of %d bytes is shorter than the %d-byte enc", len(ciphertext), n)
	}
	fa, once := aead.(*forkAEAD)
	if !once {
		r, err := NewRecipient(ciphertext[:n:n], k, kdf, aead, info)
		if err != nil {
			return nil, err
		}
		return r.Open(nil, ciphertext[n:])
	}
	if dsk, ok := k.(*dhkemPrivateKey); ok && kdf != nil {
		if _, fork := dsk.priv.(*compat.ECDHPrivateKey); fork {
			s, err := dhkemOnce(dsk.kem, kdf, fa, info)
			if err != nil {
				return nil, err
			}
			if s != nil {
				enc := ciphertext[:n:n]
				if _, err := dsk.kem.parseEnc(enc); err != nil {
					return nil, err
				}
				pt, err := protocol.DHKEMOpenOnce(s, dsk.priv, enc, ciphertext[n:], nil)
				if err != nil {
					return nil, onceError(dsk.kem, kdf, fa, err)
				}
				return pt, nil
			}
		}
	}
	var key []byte
	r, err := newRecipient(modeBase, ciphertext[:n:n], k, nil, kdf, aead, info, nil, nil, &key)
	defer clear(key)
	if err != nil {
		return nil, err
	}
	pt, err := protocol.AEADOnce(fa.alg, true, nil, key, r.baseNonce, ciphertext[n:], nil)
	if errors.Is(err, compat.ErrAuthentication) {
		return nil, fmt.Errorf("hpke: open: %w", err)
	} else if err != nil {
		return nil, fmt.Errorf("hpke: %s: %w", fa.name, err)
	}
	return pt, nil
}

// needPrimitive returns nil when the linked fork computes the primitive
// compat.Capabilities calls name now, or the error for use that names it.
func needPrimitive(name, use string) error {
	c, ok := capabilities()[name]
	switch {
	case !ok:
		return forkError(use, compat.ErrUnsupported, name+" is not among compat's primitives")
	case c.Status == compat.Unsupported:
		return forkError(use, compat.ErrUnsupported, "the fork lacks "+name)
	case !c.Allowed:
		return forkError(use, compat.ErrFIPS, "the FIPS module in force refuses "+name)
	}
	return nil
}

// capabilities indexes compat.Capabilities by name; the fork's answers are
// fixed once it has started.
var capabilities = sync.OnceValue(func() map[string]compat.Capability {
	m := make(map[string]compat.Capability)
	for _, c := range compat.Capabilities() {
		m[c.Name] = c
	}
	return m
})

// forkError is a compat.Error for an HPKE operation.
func forkError(op string, class error, detail string) error {
	return &compat.Error{Fork: compat.Backend().Fork, Op: "HPKE " + op, Err: class, Detail: detail}
}
