// Package hpke is Hybrid Public Key Encryption (RFC 9180, and the
// post-quantum KEMs and SHAKE KDFs of draft-ietf-hpke-pq) computed by the
// libcrypto fork forkcrypto is built with. It is a drop-in for the standard
// library's crypto/hpke (Go 1.26): the same exported names and signatures,
// the same bytes on the wire, so changing the import path is the whole
// migration. It adds RFC 9180's PSK, Auth and AuthPSK modes for the DHKEM
// suites (NewSenderWithPSK, NewAuthSender, NewAuthSenderWithPSK and their
// recipients), which crypto/hpke lacks.
//
// What runs where: every primitive runs in the fork, through package compat —
// HKDF (the labeled extract and expand of RFC 9180), SHAKE128 and SHAKE256
// (the single-stage KDFs, ML-KEM and hybrid key derivation), SHA3-256 (the
// hybrids' combiner), AES-GCM and ChaCha20-Poly1305, ECDH and the senders'
// ephemeral keys, ML-KEM key generation, encapsulation and decapsulation.
// Go builds the labeled inputs, runs the key schedule and the nonce
// sequence, checks lengths and parses encodings. Keys given as crypto/ecdh
// or crypto/mlkem values are imported into the fork; other ecdh.KeyExchanger
// and crypto.Decapsulator implementations (a hardware key) compute their own
// ECDH or decapsulation, and everything else still runs in the fork. Nothing
// falls back to Go's cryptography.
//
// What each fork computes follows compat.Capabilities: ML-KEM (and so the
// ML-KEM and hybrid KEMs) is absent from OpenSSL 3.0-3.4 and BoringSSL;
// SHAKE (the SHAKE KDFs, ML-KEM's DeriveKeyPair, every hybrid key made from
// a seed) from BoringSSL and LibreSSL; SHA-3 (the hybrids' combiner) from
// BoringSSL. A suite that needs a missing primitive fails at NewSender,
// NewRecipient or the KEM's key functions with an error wrapping
// compat.ErrUnsupported that names it (compat.ErrFIPS where a FIPS module in
// force refuses it, as it does ChaCha20-Poly1305 and X25519).
//
// Errors: a failed Open wraps compat.ErrAuthentication; a wrong-length or
// invalid enc, and an all-zero X25519 shared secret, wrap
// compat.ErrInvalidKey; Export beyond 65535 bytes (or 255 times the HKDF
// hash size), Seal and Open with ExportOnly, and a sequence number that
// cannot advance are errors too. None panics.
package hpke
