package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"

	"golang.org/x/crypto/argon2"
)

// Argon2Params are the argon2id cost settings. Memory is in KiB.
type Argon2Params struct {
	Memory  uint32
	Time    uint32
	Threads uint8
	SaltLen int
	KeyLen  uint32
}

// DefaultArgon2Params follow the OWASP recommendation m=19 MiB, t=2, p=1: about 25-40 ms per
// hash on this 2-core class of machine (BenchmarkHashPassword), so a burst of logins neither
// starves the CPU nor the memory (19 MiB per concurrent hash).
var DefaultArgon2Params = Argon2Params{Memory: 19 * 1024, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32}

// TestArgon2Params are cheap settings for tests that hash many passwords. Never use in production.
var TestArgon2Params = Argon2Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

// Hasher hashes and verifies passwords with argon2id in the PHC string format
// $argon2id$v=19$m=<KiB>,t=<iterations>,p=<threads>$<salt b64>$<hash b64>.
type Hasher struct {
	params Argon2Params
	dummy  string // a hash of a random password, verified for unknown emails to even out timing
	// keys counts the argon2id keys derived: the work an attacker could time (tests compare it).
	keys atomic.Uint64
}

// NewHasher creates a hasher with p.
func NewHasher(p Argon2Params) *Hasher {
	h := &Hasher{params: p}
	var pw [16]byte
	_, _ = rand.Read(pw[:])
	h.dummy, _ = h.Hash(base64.RawURLEncoding.EncodeToString(pw[:]))
	return h
}

// Hash returns the PHC string of password with a fresh random salt.
func (h *Hasher) Hash(password string) (string, error) {
	salt := make([]byte, h.params.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("password salt: %w", err)
	}
	key := h.deriveKey(password, salt, h.params, h.params.KeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, h.params.Memory, h.params.Time,
		h.params.Threads, base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

// errBadHash reports a stored hash this hasher cannot read (e.g. the "!" of a user who cannot
// log in with a password).
var errBadHash = errors.New("password hash is not an argon2id PHC string")

// Verify reports whether password matches the PHC string encoded, comparing in constant time,
// and whether the hash should be recomputed because the parameters changed since it was made.
func (h *Hasher) Verify(password, encoded string) (ok, rehash bool) {
	p, salt, key, err := decodePHC(encoded)
	if err != nil {
		// Spend the same work as a real check so a broken hash does not stand out by timing.
		h.VerifyDummy(password)
		return false, false
	}
	got := h.deriveKey(password, salt, p, uint32(len(key)))
	if subtle.ConstantTimeCompare(got, key) != 1 {
		return false, false
	}
	return true, p.Memory != h.params.Memory || p.Time != h.params.Time || p.Threads != h.params.Threads ||
		len(salt) != h.params.SaltLen || uint32(len(key)) != h.params.KeyLen
}

// VerifyDummy does the work of one verification against a hash no password matches; login calls
// it for unknown emails so they take as long as wrong passwords.
func (h *Hasher) VerifyDummy(password string) {
	p, salt, key, err := decodePHC(h.dummy)
	if err != nil {
		return
	}
	got := h.deriveKey(password, salt, p, uint32(len(key)))
	subtle.ConstantTimeCompare(got, key)
}

func (h *Hasher) deriveKey(password string, salt []byte, p Argon2Params, keyLen uint32) []byte {
	h.keys.Add(1)
	return argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, keyLen)
}

// maxArgon2Memory bounds what a stored hash may ask for (1 GiB), so a corrupted row cannot make
// one login allocate without limit.
const maxArgon2Memory = 1 << 20

func decodePHC(s string) (Argon2Params, []byte, []byte, error) {
	var p Argon2Params
	parts := strings.Split(s, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return p, nil, nil, errBadHash
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return p, nil, nil, errBadHash
	}
	var threads uint32
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &threads); err != nil ||
		p.Memory == 0 || p.Memory > maxArgon2Memory || p.Time == 0 || p.Time > 100 || threads == 0 || threads > 255 {
		return p, nil, nil, errBadHash
	}
	p.Threads = uint8(threads)
	salt, err := base64.RawStdEncoding.DecodeString(parts[4])
	if err != nil || len(salt) < 8 {
		return p, nil, nil, errBadHash
	}
	key, err := base64.RawStdEncoding.DecodeString(parts[5])
	if err != nil || len(key) < 16 || len(key) > 128 {
		return p, nil, nil, errBadHash
	}
	p.SaltLen, p.KeyLen = len(salt), uint32(len(key))
	return p, salt, key, nil
}
