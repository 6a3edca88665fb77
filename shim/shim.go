// Package shim is forkcrypto's only boundary between Go and C.
//
// It holds the single copy of the cgo wrappers. Each wrapper calls one slot
// of the fc_ops table (forkcrypto.h) that the fork package chosen by build
// tag fills, so the Go side is written once and each fork package is
// self-contained C. The package knows nothing about the fork beyond what the
// table reports.
package shim

/*
#cgo CFLAGS: -O2 -Wall
#include <stdlib.h>
#include "forkcrypto.h"

extern const fc_ops *fc_table;

static void fc_set_table(const void *t) { fc_table = (const fc_ops *)t; }
static int fc_init(char **err) { return fc_table->init(err); }
static const char *fc_fork(void) { return fc_table->fork; }
static const char *fc_built_version(void) { return fc_table->built_version; }
static const char *fc_version(void) { return fc_table->version(); }
static void fc_fips(int *capable, int *enabled) { fc_table->fips(capable, enabled); }
static const char *fc_fips_module(void) { return fc_table->fips_module(); }
static int fc_support(int family, int alg) { return fc_table->support(family, alg); }
static int fc_fips_allowed(int family, int alg) { return fc_table->fips_allowed(family, alg); }
static void fc_free_err(char *err) { fc_table->free_err(err); }
*/
import "C"

import (
	"errors"
	"strings"
	"unsafe"
)

// Sentinel errors. Every error the package returns wraps one of them.
var (
	ErrUnsupported    = errors.New("forkcrypto: unsupported by this fork")
	ErrAuthentication = errors.New("forkcrypto: message authentication failed")
	ErrInvalidKey     = errors.New("forkcrypto: invalid key")
	ErrSignature      = errors.New("forkcrypto: invalid signature")
	ErrDecryption     = errors.New("forkcrypto: decryption failed")
	ErrFIPS           = errors.New("forkcrypto: not allowed in FIPS mode")
	// ErrFailed marks a failure inside the fork that fits no other class.
	ErrFailed = errors.New("forkcrypto: operation failed")
	// ErrBackend marks a fork that could not start: a stale build or a
	// library at run time other than the one built against.
	ErrBackend = errors.New("forkcrypto: backend unavailable")
)

// Error is the error type of every failed operation: the class (a sentinel),
// the fork and operation, and the fork's own error-queue text for diagnosis.
type Error struct {
	Fork   string
	Op     string
	Err    error
	Detail string
}

func (e *Error) Error() string {
	s := "forkcrypto: " + e.Fork + ": " + e.Op + ": " + strings.TrimPrefix(e.Err.Error(), "forkcrypto: ")
	if e.Detail != "" {
		s += " (" + e.Detail + ")"
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// NewError returns an *Error for op wrapping class, naming the linked fork.
func NewError(op string, class error, detail string) error {
	return &Error{Fork: fork, Op: op, Err: class, Detail: detail}
}

// Status codes of the contract.
const (
	ok           = C.FC_OK
	eFail        = C.FC_EFAIL
	eAuth        = C.FC_EAUTH
	eUnsupported = C.FC_EUNSUPPORTED
	eInvalidKey  = C.FC_EINVALIDKEY
	eFIPS        = C.FC_EFIPS
)

// statusError converts a contract status and the fork's error text into an
// error, freeing the text.
func statusError(op string, status C.int, cerr *C.char) error {
	var detail string
	if cerr != nil {
		detail = C.GoString(cerr)
		C.fc_free_err(cerr)
	}
	var class error
	switch status {
	case eAuth:
		class = ErrAuthentication
	case eUnsupported:
		class = ErrUnsupported
	case eInvalidKey:
		class = ErrInvalidKey
	case eFIPS:
		class = ErrFIPS
	default:
		class = ErrFailed
	}
	return NewError(op, class, detail)
}

var (
	fork         = "unknown"
	builtVersion string
	initErr      error
)

func init() {
	t := forkTable()
	// The stamp and size sit at the start of every version of the table,
	// so they can be read before trusting the rest of it.
	head := (*[2]uint32)(t)
	if head[0] != C.FC_ABI || head[1] != uint32(unsafe.Sizeof(C.fc_ops{})) {
		initErr = NewError("start-up", ErrBackend,
			"the fork package was built against another version of shim/forkcrypto.h; rebuild with go build -a")
		return
	}
	C.fc_set_table(t)
	fork = C.GoString(C.fc_fork())
	builtVersion = C.GoString(C.fc_built_version())
	var cerr *C.char
	if st := C.fc_init(&cerr); st != ok {
		initErr = statusError("start-up", st, cerr)
		initErr.(*Error).Err = ErrBackend
		return
	}
	cacheSupport()
}

// Ready reports whether the fork started; a non-nil error names what is wrong
// and must be returned by every operation.
func Ready() error { return initErr }

// Fork names the fork linked in: "openssl", "libressl", "boringssl" or "awslc".
func Fork() string { return fork }

// BuiltVersion is the version the fork's headers announced at build time.
func BuiltVersion() string { return builtVersion }

// Version is the library's own version text at run time.
func Version() string {
	if initErr != nil && fork == "unknown" {
		return ""
	}
	return C.GoString(C.fc_version())
}

// FIPS reports whether the library can run a FIPS module and whether one is in force.
func FIPS() (capable, enabled bool) {
	if initErr != nil {
		return false, false
	}
	var c, e C.int
	C.fc_fips(&c, &e)
	return c != 0, e != 0
}

// FIPSModule returns the FIPS module in force as it names itself, or "".
func FIPSModule() string {
	if initErr != nil {
		return ""
	}
	return C.GoString(C.fc_fips_module())
}

// Families and support levels of Support.
const (
	FamilyMD     = C.FC_FAMILY_MD
	FamilyAEAD   = C.FC_FAMILY_AEAD
	FamilyCipher = C.FC_FAMILY_CIPHER
	FamilyHMAC   = C.FC_FAMILY_HMAC
	FamilyKDF    = C.FC_FAMILY_KDF
	FamilyKEM    = C.FC_FAMILY_KEM

	Absent   = C.FC_ABSENT
	Composed = C.FC_COMPOSED
	Native   = C.FC_NATIVE
)

// Support reports how the fork provides an algorithm: Native, Composed or Absent.
func Support(family, alg int) int {
	if initErr != nil || family <= 0 || family >= len(support) || alg < 0 || alg >= len(support[family]) {
		return Absent
	}
	return int(support[family][alg])
}

// FIPSAllowed reports whether the FIPS module in force permits an algorithm;
// without one in force, everything the fork has is allowed.
func FIPSAllowed(family, alg int) bool {
	if initErr != nil || family <= 0 || family >= len(allowed) || alg < 0 || alg >= len(allowed[family]) {
		return false
	}
	return allowed[family][alg]
}

// support and allowed cache the fork's answers, which are fixed once it has
// started, so that constructors cost no extra call into C.
var (
	support [C.FC_FAMILY_SIG + 1][maxAlg]int8
	allowed [C.FC_FAMILY_SIG + 1][maxAlg]bool
)

const maxAlg = max(C.FC_MD_COUNT, C.FC_AEAD_COUNT, C.FC_CIPHER_COUNT, C.FC_PKEY_COUNT, C.FC_KDF_COUNT, C.FC_KEM_COUNT, C.FC_SIG_COUNT)

func cacheSupport() {
	for family := range support {
		for alg := range support[family] {
			if family > 0 && alg > 0 {
				support[family][alg] = int8(C.fc_support(C.int(family), C.int(alg)))
				allowed[family][alg] = C.fc_fips_allowed(C.int(family), C.int(alg)) != 0
			}
		}
	}
}

// cbytes returns a C pointer to b's first byte, or nil for an empty b, so
// that no pointer past the end of a Go allocation reaches C.
func cbytes(b []byte) *C.uint8_t {
	if len(b) == 0 {
		return nil
	}
	return (*C.uint8_t)(unsafe.Pointer(unsafe.SliceData(b)))
}

func cbool(b bool) C.int {
	if b {
		return 1
	}
	return 0
}
