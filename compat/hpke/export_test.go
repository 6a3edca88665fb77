package hpke

// SetTestingEphemeral makes NewSender, NewAuthSender and the PSK variants
// derive a DHKEM sender's ephemeral key with kem.DeriveKeyPair(ikmE) instead
// of generating it, until restore is called: the known-answer tests' hook.
// ML-KEM and the hybrids keep encapsulating with the fork's randomness.
func SetTestingEphemeral(ikmE []byte) (restore func()) {
	ikm := append([]byte(nil), ikmE...)
	prev := testingEphemeral.Swap(&ikm)
	return func() { testingEphemeral.Store(prev) }
}

// SetTestingSequence sets the sequence number of a Sender's or Recipient's
// context, for the tests of its limit.
func SetTestingSequence(c interface {
	Export(string, int) ([]byte, error)
}, seq uint64) {
	switch c := c.(type) {
	case *Sender:
		c.seq = seq
	case *Recipient:
		c.seq = seq
	default:
		panic("hpke: SetTestingSequence wants a *Sender or a *Recipient")
	}
}
