package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/trainingclub/platform/backend/internal/apperr"
	"github.com/trainingclub/platform/backend/internal/auth"
	"github.com/trainingclub/platform/backend/internal/config"
)

// authLimits are auth.DefaultLimits with the limits set in the environment.
func authLimits(l config.AuthLimits) auth.Limits {
	out := auth.DefaultLimits()
	for _, o := range []struct {
		rule     *auth.Rule
		override *int
	}{{&out.RegisterPerIP, l.RegisterPerIP}, {&out.LoginPerIP, l.LoginPerIP}, {&out.RefreshPerIP, l.RefreshPerIP}, {&out.LoginPerAccount, l.LoginPerAccount}} {
		if o.override != nil {
			o.rule.Limit = *o.override
		}
	}
	return out
}

// createAdmin is `api create-admin --email E --password P --name N`: it creates the first admin,
// or promotes the existing account with that email (idempotent; its password is kept).
func createAdmin(ctx context.Context, cfg config.Config, log *slog.Logger, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("create-admin", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	email := fs.String("email", "", "email address of the admin")
	password := fs.String("password", "", "password (at least 10 characters) for a new account")
	name := fs.String("name", "Admin", "display name for a new account")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("create-admin: %w (usage: api create-admin --email E --password P [--name N])", err)
	}
	if *email == "" || *password == "" {
		return errors.New("create-admin: --email and --password are required")
	}
	db, err := openDatabase(cfg, log)
	if err != nil {
		return err
	}
	if sqlDB, err := db.DB(); err == nil {
		defer sqlDB.Close()
	}
	// EnsureAdmin uses only the store and the hasher: no Redis, no tokens.
	svc := auth.NewService(auth.NewStore(db), auth.NewHasher(auth.DefaultArgon2Params), nil, nil, nil, nil, auth.Limits{}, log)
	u, created, err := svc.EnsureAdmin(ctx, auth.RegisterInput{Email: *email, Password: *password, Name: *name})
	if err != nil {
		var ae *apperr.Error
		if errors.As(err, &ae) && len(ae.Fields) > 0 {
			var parts []string
			for f, p := range ae.Fields {
				parts = append(parts, f+" "+p)
			}
			return fmt.Errorf("create-admin: %s", strings.Join(parts, "; "))
		}
		return fmt.Errorf("create-admin: %w", err)
	}
	verb := "promoted existing account"
	if created {
		verb = "created admin"
	}
	_, err = fmt.Fprintf(stdout, "%s %d (%s)\n", verb, u.ID, u.Email)
	return err
}
