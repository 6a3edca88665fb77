package hpke

import (
	"crypto/cipher"
	"fmt"

	"github.com/forkcrypto/forkcrypto/compat"
	"github.com/forkcrypto/forkcrypto/compat/internal/protocol"
)

// The AEAD is one of the three components of an HPKE ciphersuite, implementing
// symmetric encryption. Its values come from AES128GCM, AES256GCM,
// ChaCha20Poly1305, ExportOnly or NewAEAD; the ciphers run in the linked fork.
type AEAD interface {
	// ID returns the HPKE AEAD identifier.
	ID() uint16

	keySize() int   // Nk
	nonceSize() int // Nn
	// newCipher keys the fork's cipher; nil for ExportOnly.
	newCipher(key []byte) (cipher.AEAD, error)
}

// NewAEAD returns the AEAD with the given HPKE identifier: 0x0001
// AES-128-GCM, 0x0002 AES-256-GCM, 0x0003 ChaCha20-Poly1305, 0xFFFF
// export-only.
func NewAEAD(id uint16) (AEAD, error) {
	switch id {
	case 0x0001:
		return AES128GCM(), nil
	case 0x0002:
		return AES256GCM(), nil
	case 0x0003:
		return ChaCha20Poly1305(), nil
	case 0xffff:
		return ExportOnly(), nil
	}
	return nil, fmt.Errorf("hpke: unsupported AEAD %#04x", id)
}

type forkAEAD struct {
	id   uint16
	name string
	nk   int
	new  func(key []byte) (cipher.AEAD, error)
	alg  protocol.AEAD // for single-shot Seal and Open
}

var (
	aes128GCM = &forkAEAD{0x0001, "AES-128-GCM", 16, func(key []byte) (cipher.AEAD, error) { return protocol.NewAESGCMForHPKE(key) }, protocol.AESGCM}
	aes256GCM = &forkAEAD{0x0002, "AES-256-GCM", 32, func(key []byte) (cipher.AEAD, error) { return protocol.NewAESGCMForHPKE(key) }, protocol.AESGCM}
	chacha    = &forkAEAD{0x0003, "ChaCha20-Poly1305", 32, compat.NewChaCha20Poly1305, protocol.ChaCha20Poly1305}
)

// AES128GCM returns AES-128-GCM (AEAD 0x0001), computed by the fork.
func AES128GCM() AEAD { return aes128GCM }

// AES256GCM returns AES-256-GCM (AEAD 0x0002), computed by the fork.
func AES256GCM() AEAD { return aes256GCM }

// ChaCha20Poly1305 returns ChaCha20-Poly1305 (AEAD 0x0003), computed by the
// fork. A FIPS module in force refuses it (compat.ErrFIPS).
func ChaCha20Poly1305() AEAD { return chacha }

func (a *forkAEAD) ID() uint16     { return a.id }
func (a *forkAEAD) keySize() int   { return a.nk }
func (a *forkAEAD) nonceSize() int { return 12 }

func (a *forkAEAD) newCipher(key []byte) (cipher.AEAD, error) {
	if len(key) != a.nk {
		return nil, fmt.Errorf("hpke: %s key is %d bytes, want %d", a.name, len(key), a.nk)
	}
	c, err := a.new(key)
	if err != nil {
		return nil, fmt.Errorf("hpke: %s: %w", a.name, err)
	}
	return c, nil
}

type exportOnly struct{}

// ExportOnly returns the export-only AEAD (0xFFFF): a context with it
// derives secrets with Export, while Sender.Seal and Recipient.Open return
// an error.
func ExportOnly() AEAD { return exportOnly{} }

func (exportOnly) ID() uint16                            { return 0xffff }
func (exportOnly) keySize() int                          { return 0 }
func (exportOnly) nonceSize() int                        { return 0 }
func (exportOnly) newCipher([]byte) (cipher.AEAD, error) { return nil, nil }
