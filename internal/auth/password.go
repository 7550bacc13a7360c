// Package auth knows who is asking and what they may do: accounts and
// their passwords, sessions, API tokens, login throttling, and the rule
// that guards each route.
package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// Argon2id parameters, from RFC 9106's second recommended option (64 MiB,
// three passes), with parallelism for a small two-core server.
const (
	argonTime    = 3
	argonMemory  = 64 * 1024
	argonThreads = 2
	argonKeyLen  = 32
	saltLen      = 16
)

// Password length limits: long enough to resist guessing, bounded so that
// hashing cannot be made expensive by a huge input.
const (
	MinPasswordLength = 10
	MaxPasswordLength = 256
)

// CheckPasswordStrength says why a new password is refused, or nil.
func CheckPasswordStrength(pw string) error {
	n := utf8.RuneCountInString(pw)
	switch {
	case n < MinPasswordLength:
		return fmt.Errorf("is too short: %d characters, at least %d", n, MinPasswordLength)
	case n > MaxPasswordLength:
		return fmt.Errorf("is too long: at most %d characters", MaxPasswordLength)
	case strings.TrimSpace(pw) == "":
		return errors.New("is only white space")
	}
	return nil
}

// HashPassword returns an argon2id hash in the PHC string format.
func HashPassword(pw string) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(pw), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

// CheckPassword reports whether pw matches hash, in constant time.
func CheckPassword(hash, pw string) bool {
	if len(pw) > MaxPasswordLength*4 {
		return false
	}
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var version int
	var mem uint32
	var t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &mem, &t, &p); err != nil {
		return false
	}
	salt, err1 := base64.RawStdEncoding.DecodeString(parts[4])
	want, err2 := base64.RawStdEncoding.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(pw), salt, t, mem, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// dummyHash is checked against when an account does not exist, so that a
// login for an unknown address takes as long as one for a known address.
// Made at the first sign-in, not at start: hashing takes 64 MiB and a
// fifth of a second, which every command (export, backup, migrate-db)
// paid for nothing.
var dummyHash = sync.OnceValue(func() string {
	h, _ := HashPassword("an unused password for timing")
	return h
})

// NewSecret returns a random secret for a session cookie or an API token,
// with prefix, and the hash under which it is stored.
func NewSecret(prefix string) (secret, hash string) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	secret = prefix + base64.RawURLEncoding.EncodeToString(b)
	return secret, HashSecret(secret)
}

// HashSecret is the stored form of a secret: its SHA-256, in hex. The
// secrets are random and long, so a fast hash is enough.
func HashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}
