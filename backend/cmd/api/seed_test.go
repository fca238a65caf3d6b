package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/trainingclub/platform/backend/internal/testenv"
)

func TestSeedIsIdempotentAndRefusesProduction(t *testing.T) {
	env := testEnv(t)
	getenv := func(k string) string { return env[k] }
	var out bytes.Buffer
	if err := run(context.Background(), []string{"seed", "--password", "seed-password-123", "--members", "2"}, getenv, &out, io.Discard); err != nil {
		t.Fatalf("seed: %v", err)
	}
	if !strings.Contains(out.String(), "password of the new accounts: seed-password-123") {
		t.Fatalf("first seed output: %s", out.String())
	}
	out.Reset()
	if err := run(context.Background(), []string{"seed", "--members", "2"}, getenv, &out, io.Discard); err != nil {
		t.Fatalf("second seed: %v", err)
	}
	if !strings.Contains(out.String(), "0 new accounts, 0 new sessions") {
		t.Fatalf("second seed was not idempotent: %s", out.String())
	}
	var hash string
	testenv.DB(t).Raw("SELECT password_hash FROM users WHERE email = 'admin@example.test'").Scan(&hash)
	if !strings.HasPrefix(hash, "$argon2id$") {
		t.Fatalf("admin password not hashed with argon2id: %q", hash)
	}
	var plans, types int
	testenv.DB(t).Raw("SELECT COUNT(*) FROM plans WHERE name IN ('Monthly membership', '10-credit pack')").Scan(&plans)
	testenv.DB(t).Raw("SELECT COUNT(*) FROM class_types").Scan(&types)
	if plans != 2 || types < 5 {
		t.Fatalf("plans %d, class types %d", plans, types)
	}

	env["APP_ENV"] = "production"
	err := run(context.Background(), []string{"seed"}, getenv, io.Discard, io.Discard)
	if !errors.Is(err, ErrSeedProduction) {
		t.Fatalf("seed in production: %v", err)
	}
}
