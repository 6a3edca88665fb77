package compat_test

// Keys held by the fork where the standard library takes a crypto.Signer,
// crypto.Decrypter or ecdh.KeyExchanger: as crypto/tls server and client
// keys, as crypto/x509 issuing keys, and as crypto/hpke recipient keys.

import (
	"bytes"
	"crypto"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/hpke"
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"errors"
	"io"
	"math/big"
	"net"
	"testing"
	"time"

	"github.com/forkcrypto/forkcrypto/compat"
)

// ioSigner is a compat private key usable as a crypto/tls or crypto/x509 key.
type ioSigner struct {
	name       string
	capability string
	make       func() (crypto.Signer, error)
}

var ioSigners = []ioSigner{
	{"ECDSA P-256", "ECDSA/ECDH P-256", func() (crypto.Signer, error) { return compat.GenerateKeyECDSA(elliptic.P256()) }},
	{"ECDSA P-384", "ECDSA/ECDH P-384", func() (crypto.Signer, error) { return compat.GenerateKeyECDSA(elliptic.P384()) }},
	{"ECDSA P-521", "ECDSA/ECDH P-521", func() (crypto.Signer, error) { return compat.GenerateKeyECDSA(elliptic.P521()) }},
	{"Ed25519", "Ed25519", func() (crypto.Signer, error) { return compat.GenerateKeyEd25519() }},
	{"RSA-2048", "RSA", func() (crypto.Signer, error) { return compat.GenerateKeyRSA(2048) }},
}

// ioKey returns a fresh compat key for the named signer, skipping (after
// checking the promised error) when the fork does not offer it.
func ioKey(t *testing.T, name string) crypto.Signer {
	t.Helper()
	for _, s := range ioSigners {
		if s.name != name {
			continue
		}
		requireCapability(t, s.capability, func() error {
			_, err := s.make()
			return err
		})
		k, err := s.make()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return k
	}
	t.Fatalf("no signer %q", name)
	return nil
}

var ioSerial int64

// ioCert makes a certificate for pub signed by signer (self-signed when
// parent is nil) with sigAlg (0 for crypto/x509's default).
func ioCert(t *testing.T, cn string, pub crypto.PublicKey, parent *x509.Certificate, signer crypto.Signer,
	sigAlg x509.SignatureAlgorithm, isCA bool) *x509.Certificate {
	t.Helper()
	ioSerial++
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(ioSerial),
		Subject:               pkix.Name{CommonName: cn},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		DNSNames:              []string{cn},
		KeyUsage:              x509.KeyUsageDigitalSignature,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
		BasicConstraintsValid: true,
		IsCA:                  isCA,
		SignatureAlgorithm:    sigAlg,
	}
	if isCA {
		tmpl.KeyUsage |= x509.KeyUsageCertSign
	}
	if _, ok := pub.(*rsa.PublicKey); ok {
		tmpl.KeyUsage |= x509.KeyUsageKeyEncipherment
	}
	if parent == nil {
		parent = tmpl
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, pub, signer)
	if err != nil {
		t.Fatalf("x509.CreateCertificate with a compat key: %v", err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return cert
}

// ioHandshake runs a TLS handshake over net.Pipe, sends data both ways, and
// returns both sides' connection states.
func ioHandshake(t *testing.T, server, client *tls.Config) (srv, cli tls.ConnectionState, err error) {
	t.Helper()
	sc, cc := net.Pipe()
	deadline := time.Now().Add(2 * time.Minute)
	sc.SetDeadline(deadline)
	cc.SetDeadline(deadline)
	defer cc.Close()
	type result struct {
		state tls.ConnectionState
		err   error
	}
	done := make(chan result, 1)
	go func() {
		defer sc.Close()
		s := tls.Server(sc, server)
		if err := s.Handshake(); err != nil {
			done <- result{err: err}
			return
		}
		buf := make([]byte, 5)
		if _, err := io.ReadFull(s, buf); err != nil {
			done <- result{err: err}
			return
		}
		if _, err := s.Write(append(buf, " back"...)); err != nil {
			done <- result{err: err}
			return
		}
		done <- result{state: s.ConnectionState()}
	}()
	c := tls.Client(cc, client)
	if err := c.Handshake(); err != nil {
		cc.Close()
		r := <-done
		return tls.ConnectionState{}, tls.ConnectionState{}, errors.Join(err, r.err)
	}
	if _, err := c.Write([]byte("hello")); err != nil {
		return tls.ConnectionState{}, tls.ConnectionState{}, err
	}
	buf := make([]byte, 10)
	if _, err := io.ReadFull(c, buf); err != nil {
		cc.Close()
		r := <-done
		return tls.ConnectionState{}, tls.ConnectionState{}, errors.Join(err, r.err)
	}
	if string(buf) != "hello back" {
		return tls.ConnectionState{}, tls.ConnectionState{}, errors.New("the data did not come back: " + string(buf))
	}
	r := <-done
	return r.state, c.ConnectionState(), r.err
}

func TestInteropTLSServer(t *testing.T) {
	type variant struct {
		name    string
		version uint16
		schemes []tls.SignatureScheme // the certificate's, to force one
		suites  []uint16
	}
	tls13 := variant{"TLS 1.3", tls.VersionTLS13, nil, nil}
	tls12 := variant{"TLS 1.2", tls.VersionTLS12, nil, nil}
	cases := []struct {
		key      string
		variants []variant
	}{
		{"ECDSA P-256", []variant{tls13, tls12}},
		{"ECDSA P-384", []variant{tls13, tls12}},
		{"Ed25519", []variant{tls13, tls12}},
		{"RSA-2048", []variant{
			tls13,
			tls12,
			{"TLS 1.3 PSS-SHA256", tls.VersionTLS13, []tls.SignatureScheme{tls.PSSWithSHA256}, nil},
			{"TLS 1.3 PSS-SHA512", tls.VersionTLS13, []tls.SignatureScheme{tls.PSSWithSHA512}, nil},
			{"TLS 1.2 PSS-SHA384", tls.VersionTLS12, []tls.SignatureScheme{tls.PSSWithSHA384}, nil},
			{"TLS 1.2 PKCS1-SHA256", tls.VersionTLS12, []tls.SignatureScheme{tls.PKCS1WithSHA256}, nil},
			// RSA key exchange: the server's key decrypts the premaster
			// secret through crypto.Decrypter.
			{"TLS 1.2 RSA key exchange", tls.VersionTLS12, nil, []uint16{tls.TLS_RSA_WITH_AES_128_GCM_SHA256}},
		}},
	}
	for _, c := range cases {
		t.Run(c.key, func(t *testing.T) {
			key := ioKey(t, c.key)
			cert := ioCert(t, "compat.test", key.Public(), nil, key, 0, true)
			roots := x509.NewCertPool()
			roots.AddCert(cert)
			for _, v := range c.variants {
				t.Run(v.name, func(t *testing.T) {
					server := &tls.Config{
						Certificates: []tls.Certificate{{Certificate: [][]byte{cert.Raw}, PrivateKey: key,
							SupportedSignatureAlgorithms: v.schemes}},
						MinVersion:   v.version,
						MaxVersion:   v.version,
						CipherSuites: v.suites,
					}
					client := &tls.Config{RootCAs: roots, ServerName: "compat.test", MinVersion: v.version,
						MaxVersion: v.version, CipherSuites: v.suites}
					srv, cli, err := ioHandshake(t, server, client)
					if err != nil {
						t.Fatalf("handshake with a compat %s server key: %v", c.key, err)
					}
					if cli.Version != v.version || srv.Version != v.version {
						t.Errorf("negotiated %x/%x, want %x", cli.Version, srv.Version, v.version)
					}
					if v.suites != nil && cli.CipherSuite != v.suites[0] {
						t.Errorf("cipher suite %s, want %s", tls.CipherSuiteName(cli.CipherSuite), tls.CipherSuiteName(v.suites[0]))
					}
					if len(cli.PeerCertificates) == 0 || !cli.PeerCertificates[0].Equal(cert) || len(cli.VerifiedChains) == 0 {
						t.Error("the client did not verify the server's certificate")
					}
				})
			}
		})
	}
}

func TestInteropTLSMutual(t *testing.T) {
	serverStd, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	serverCert := ioCert(t, "server.compat.test", &serverStd.PublicKey, nil, serverStd, 0, true)
	roots := x509.NewCertPool()
	roots.AddCert(serverCert)
	for _, name := range []string{"ECDSA P-256", "Ed25519", "RSA-2048"} {
		for _, version := range []uint16{tls.VersionTLS13, tls.VersionTLS12} {
			t.Run(name+"/"+tls.VersionName(version), func(t *testing.T) {
				key := ioKey(t, name)
				clientCert := ioCert(t, "client.compat.test", key.Public(), nil, key, 0, true)
				clientCAs := x509.NewCertPool()
				clientCAs.AddCert(clientCert)
				server := &tls.Config{
					Certificates: []tls.Certificate{{Certificate: [][]byte{serverCert.Raw}, PrivateKey: serverStd}},
					ClientAuth:   tls.RequireAndVerifyClientCert,
					ClientCAs:    clientCAs,
					MinVersion:   version,
					MaxVersion:   version,
				}
				client := &tls.Config{
					Certificates: []tls.Certificate{{Certificate: [][]byte{clientCert.Raw}, PrivateKey: key}},
					RootCAs:      roots,
					ServerName:   "server.compat.test",
					MinVersion:   version,
					MaxVersion:   version,
				}
				srv, _, err := ioHandshake(t, server, client)
				if err != nil {
					t.Fatalf("mutual TLS with a compat %s client key: %v", name, err)
				}
				if len(srv.PeerCertificates) == 0 || !srv.PeerCertificates[0].Equal(clientCert) || len(srv.VerifiedChains) == 0 {
					t.Error("the server did not verify the client's certificate")
				}
			})
		}
	}
}

// ioVerifyWithCompat checks cert's signature by the CA's key with compat's
// own verifiers, for the algorithms this test issues with.
func ioVerifyWithCompat(t *testing.T, cert *x509.Certificate, caPub crypto.PublicKey) {
	t.Helper()
	tbs := cert.RawTBSCertificate
	var err error
	switch cert.SignatureAlgorithm {
	case x509.ECDSAWithSHA256, x509.ECDSAWithSHA384, x509.ECDSAWithSHA512:
		h := map[x509.SignatureAlgorithm]crypto.Hash{x509.ECDSAWithSHA256: crypto.SHA256,
			x509.ECDSAWithSHA384: crypto.SHA384, x509.ECDSAWithSHA512: crypto.SHA512}[cert.SignatureAlgorithm]
		pub, e := compat.NewECDSAPublicKey(caPub.(*ecdsa.PublicKey))
		if e != nil {
			t.Fatal(e)
		}
		if !compat.VerifyECDSA(pub, pkDigest(h, string(tbs)), cert.Signature) {
			err = errors.New("VerifyECDSA is false")
		}
	case x509.PureEd25519:
		pub, e := compat.NewEd25519PublicKey(caPub.(ed25519.PublicKey))
		if e != nil {
			t.Fatal(e)
		}
		err = compat.VerifyEd25519(pub, tbs, cert.Signature)
	case x509.SHA256WithRSA, x509.SHA512WithRSA:
		h := crypto.SHA256
		if cert.SignatureAlgorithm == x509.SHA512WithRSA {
			h = crypto.SHA512
		}
		pub, e := compat.NewRSAPublicKey(caPub.(*rsa.PublicKey))
		if e != nil {
			t.Fatal(e)
		}
		err = compat.VerifyPKCS1v15(pub, h, pkDigest(h, string(tbs)), cert.Signature)
	case x509.SHA256WithRSAPSS:
		pub, e := compat.NewRSAPublicKey(caPub.(*rsa.PublicKey))
		if e != nil {
			t.Fatal(e)
		}
		err = compat.VerifyPSS(pub, crypto.SHA256, pkDigest(crypto.SHA256, string(tbs)), cert.Signature,
			&rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash})
	default:
		t.Fatalf("no compat verifier for %v", cert.SignatureAlgorithm)
	}
	if err != nil {
		t.Errorf("compat rejects the %v signature on the certificate: %v", cert.SignatureAlgorithm, err)
	}
}

func TestInteropX509Chain(t *testing.T) {
	cases := []struct {
		key    string
		sigAlg x509.SignatureAlgorithm
	}{
		{"ECDSA P-256", 0},
		{"ECDSA P-384", x509.ECDSAWithSHA384},
		{"ECDSA P-521", x509.ECDSAWithSHA512},
		{"Ed25519", 0},
		{"RSA-2048", x509.SHA256WithRSA},
		{"RSA-2048", x509.SHA512WithRSA},
		{"RSA-2048", x509.SHA256WithRSAPSS},
	}
	for _, c := range cases {
		name := c.key
		if c.sigAlg != 0 {
			name += "/" + c.sigAlg.String()
		}
		t.Run(name, func(t *testing.T) {
			caKey := ioKey(t, c.key)
			ca := ioCert(t, "ca.compat.test", caKey.Public(), nil, caKey, c.sigAlg, true)
			if err := ca.CheckSignatureFrom(ca); err != nil {
				t.Fatalf("crypto/x509 rejects the self-signed CA: %v", err)
			}
			leafStd, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
			if err != nil {
				t.Fatal(err)
			}
			leaf := ioCert(t, "leaf.compat.test", &leafStd.PublicKey, ca, caKey, c.sigAlg, false)
			if c.sigAlg != 0 && leaf.SignatureAlgorithm != c.sigAlg {
				t.Errorf("leaf signed with %v, want %v", leaf.SignatureAlgorithm, c.sigAlg)
			}
			if err := leaf.CheckSignatureFrom(ca); err != nil {
				t.Errorf("CheckSignatureFrom: %v", err)
			}
			roots := x509.NewCertPool()
			roots.AddCert(ca)
			chains, err := leaf.Verify(x509.VerifyOptions{Roots: roots, DNSName: "leaf.compat.test"})
			if err != nil {
				t.Fatalf("Verify: %v", err)
			}
			if len(chains) != 1 || len(chains[0]) != 2 || !chains[0][1].Equal(ca) {
				t.Errorf("Verify built %d chains, want leaf → CA", len(chains))
			}
			ioVerifyWithCompat(t, leaf, caKey.Public())
			ioVerifyWithCompat(t, ca, caKey.Public())

			// A changed signature must not verify, so the checks above mean something.
			forged := *leaf
			forged.Signature = bytes.Clone(leaf.Signature)
			forged.Signature[len(forged.Signature)/2] ^= 1
			if err := forged.CheckSignatureFrom(ca); err == nil {
				t.Error("a changed signature verifies")
			}
			// Nor does one from another CA with the same name.
			other := ioKey(t, c.key)
			otherCA := ioCert(t, "ca.compat.test", other.Public(), nil, other, c.sigAlg, true)
			if err := leaf.CheckSignatureFrom(otherCA); err == nil {
				t.Error("the leaf verifies against another CA's key")
			}

			// A leaf whose key is itself a compat key.
			leafKey := ioKey(t, c.key)
			leaf2 := ioCert(t, "leaf2.compat.test", leafKey.Public(), ca, caKey, c.sigAlg, false)
			if _, err := leaf2.Verify(x509.VerifyOptions{Roots: roots, DNSName: "leaf2.compat.test"}); err != nil {
				t.Errorf("Verify of a leaf with a compat key: %v", err)
			}
		})
	}
}

// ---- HPKE ----

func TestInteropHPKE(t *testing.T) {
	for _, c := range []struct {
		capability string
		curve      ecdh.Curve
	}{
		{"X25519", ecdh.X25519()},
		{"ECDSA/ECDH P-256", ecdh.P256()},
	} {
		t.Run(c.capability, func(t *testing.T) {
			pkRequireECDH(t, c.capability, c.curve)
			priv, err := compat.GenerateKeyECDH(c.curve)
			if err != nil {
				t.Fatal(err)
			}
			sk, err := hpke.NewDHKEMPrivateKey(priv)
			if err != nil {
				t.Fatalf("NewDHKEMPrivateKey(compat key): %v", err)
			}
			if !bytes.Equal(sk.PublicKey().Bytes(), priv.PublicKey().Bytes()) {
				t.Error("the HPKE private key has another public key")
			}
			// The sender holds only the standard library's public key.
			stdPub, err := c.curve.NewPublicKey(priv.PublicKey().Bytes())
			if err != nil {
				t.Fatal(err)
			}
			pk, err := hpke.NewDHKEMPublicKey(stdPub)
			if err != nil {
				t.Fatal(err)
			}
			kdf, aead := hpke.HKDFSHA256(), hpke.AES128GCM()
			info, msg := []byte("info"), []byte("a message for the fork's key")

			ct, err := hpke.Seal(pk, kdf, aead, info, msg)
			if err != nil {
				t.Fatal(err)
			}
			got, err := hpke.Open(sk, kdf, aead, info, ct)
			if err != nil || !bytes.Equal(got, msg) {
				t.Fatalf("Open with a compat key = %q, %v", got, err)
			}
			if _, err := hpke.Open(sk, kdf, aead, []byte("other info"), ct); err == nil {
				t.Error("Open with other info succeeded")
			}
			bad := bytes.Clone(ct)
			bad[0] ^= 1 // in the encapsulated key
			if _, err := hpke.Open(sk, kdf, aead, info, bad); err == nil {
				t.Error("Open of a changed encapsulated key succeeded")
			}
			// The same key exported to crypto/ecdh opens the same message.
			exported, err := priv.ECDHKey()
			if err != nil {
				t.Fatal(err)
			}
			skStd, _ := hpke.NewDHKEMPrivateKey(exported)
			if got, err := hpke.Open(skStd, kdf, aead, info, ct); err != nil || !bytes.Equal(got, msg) {
				t.Errorf("Open with the exported key = %q, %v", got, err)
			}

			// A context carrying several messages and an exporter.
			for _, a := range []hpke.AEAD{hpke.AES256GCM(), hpke.ChaCha20Poly1305()} {
				enc, sender, err := hpke.NewSender(pk, hpke.HKDFSHA384(), a, info)
				if err != nil {
					t.Fatal(err)
				}
				recipient, err := hpke.NewRecipient(enc, sk, hpke.HKDFSHA384(), a, info)
				if err != nil {
					t.Fatal(err)
				}
				for i := 0; i < 3; i++ {
					aad := []byte{byte(i)}
					ct, err := sender.Seal(aad, msg)
					if err != nil {
						t.Fatal(err)
					}
					pt, err := recipient.Open(aad, ct)
					if err != nil || !bytes.Equal(pt, msg) {
						t.Fatalf("message %d: Open = %q, %v", i, pt, err)
					}
				}
				e1, err1 := sender.Export("exporter", 32)
				e2, err2 := recipient.Export("exporter", 32)
				if err1 != nil || err2 != nil || !bytes.Equal(e1, e2) {
					t.Errorf("exports differ: %x, %v / %x, %v", e1, err1, e2, err2)
				}
			}
		})
	}
}

// TestInteropHPKERFC9180 decrypts the first two messages of RFC 9180,
// appendix A.1.1 (DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-128-GCM,
// base mode) with the recipient's key imported into the fork.
//
// Encrypting to the vector is not possible through crypto/hpke: the sender
// draws its ephemeral key from the system's random generator, with no way
// to supply the RFC's skEm from outside the package.
func TestInteropHPKERFC9180(t *testing.T) {
	pkRequireECDH(t, "X25519", ecdh.X25519())
	h := func(s string) []byte {
		b, err := hex.DecodeString(s)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	var (
		info = h("4f6465206f6e2061204772656369616e2055726e")
		skRm = h("4612c550263fc8ad58375df3f557aac531d26850903e55a9f23f21d8534e8ac8")
		pkRm = h("3948cfe0ad1ddb695d780e59077195da6c56506b027329794ab02bca80815c4d")
		enc  = h("37fda3567bdbd628e88668c3c8d7e97d1d1253b6d4ea6d44c150f741f1bf4431")
		pt   = h("4265617574792069732074727574682c20747275746820626561757479")
	)
	msgs := []struct{ aad, ct []byte }{
		{h("436f756e742d30"), h("f938558b5d72f1a23810b4be2ab4f84331acc02fc97babc53a52ae8218a355a96d8770ac83d07bea87e13c512a")},
		{h("436f756e742d31"), h("af2d7e9ac9ae7e270f46ba1f975be53c09f8d875bdc8535458c2494e8a6eab251c03d0c22a56b8ca42c2063b84")},
	}
	priv, err := compat.NewPrivateKeyECDH(ecdh.X25519(), skRm)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(priv.PublicKey().Bytes(), pkRm) {
		t.Fatalf("pkRm = %x, want %x", priv.PublicKey().Bytes(), pkRm)
	}
	sk, err := hpke.NewDHKEMPrivateKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	r, err := hpke.NewRecipient(enc, sk, hpke.HKDFSHA256(), hpke.AES128GCM(), info)
	if err != nil {
		t.Fatal(err)
	}
	for i, m := range msgs {
		got, err := r.Open(m.aad, m.ct)
		if err != nil || !bytes.Equal(got, pt) {
			t.Fatalf("sequence number %d: Open = %q, %v; want %q", i, got, err, pt)
		}
	}
	// Out of order, the nonce no longer matches.
	r2, _ := hpke.NewRecipient(enc, sk, hpke.HKDFSHA256(), hpke.AES128GCM(), info)
	if _, err := r2.Open(msgs[1].aad, msgs[1].ct); err == nil {
		t.Error("sequence number 1 opened as the first message")
	}
}

// Compile-time checks: the keys satisfy the standard library's interfaces.
var (
	_ crypto.Signer        = (*compat.ECDSAPrivateKey)(nil)
	_ crypto.Signer        = (*compat.Ed25519PrivateKey)(nil)
	_ crypto.Signer        = (*compat.RSAPrivateKey)(nil)
	_ crypto.Decrypter     = (*compat.RSAPrivateKey)(nil)
	_ crypto.MessageSigner = (*compat.Ed25519PrivateKey)(nil)
	_ ecdh.KeyExchanger    = (*compat.ECDHPrivateKey)(nil)
)
