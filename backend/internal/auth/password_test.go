package auth

import (
	"strings"
	"testing"
)

func TestHasherRoundTripAndRehash(t *testing.T) {
	h := NewHasher(TestArgon2Params)
	enc, err := h.Hash("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(enc, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Fatalf("not a PHC argon2id string: %s", enc)
	}
	if ok, rehash := h.Verify("correct horse battery", enc); !ok || rehash {
		t.Fatalf("verify own hash: ok=%v rehash=%v", ok, rehash)
	}
	if ok, _ := h.Verify("correct horse batterY", enc); ok {
		t.Fatal("wrong password accepted")
	}
	other, _ := h.Hash("correct horse battery")
	if other == enc {
		t.Fatal("two hashes of one password share a salt")
	}
	stronger := NewHasher(Argon2Params{Memory: 128, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32})
	if ok, rehash := stronger.Verify("correct horse battery", enc); !ok || !rehash {
		t.Fatalf("changed params: want ok and rehash, got ok=%v rehash=%v", ok, rehash)
	}
}

func TestHasherRejectsMalformedHashes(t *testing.T) {
	h := NewHasher(TestArgon2Params)
	for _, enc := range []string{
		"", "!", "$argon2i$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
		"$argon2id$v=18$m=64,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
		"$argon2id$v=19$m=99999999,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
		"$argon2id$v=19$m=64,t=0,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
		"$argon2id$v=19$m=64,t=1,p=1$***$aGFzaGhhc2hoYXNoaGFzaA",
		"$2a$12$abcdefghijklmnopqrstuv",
	} {
		if ok, _ := h.Verify("whatever-password", enc); ok {
			t.Fatalf("malformed hash %q accepted", enc)
		}
	}
}

// BenchmarkHashPassword measures the production argon2id cost (one login or registration).
func BenchmarkHashPassword(b *testing.B) {
	h := NewHasher(DefaultArgon2Params)
	for b.Loop() {
		if _, err := h.Hash("a fairly long password"); err != nil {
			b.Fatal(err)
		}
	}
}
