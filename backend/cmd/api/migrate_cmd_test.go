package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/trainingclub/platform/backend/internal/platform/database"
	"github.com/trainingclub/platform/backend/internal/testenv"
	"github.com/trainingclub/platform/backend/migrations"
)

// TestMigrateSubcommands runs `api migrate`, `api migrate status` and `api migrate force` the
// way an operator would, on a database of their own.
func TestMigrateSubcommands(t *testing.T) {
	env := testEnv(t)
	o := testenv.EmptyDatabase(t)
	env["DB_NAME"] = o.Name
	all, err := database.LoadMigrations(migrations.FS)
	if err != nil {
		t.Fatal(err)
	}
	last := all[len(all)-1]
	migrate := func(args ...string) (string, error) {
		var out bytes.Buffer
		err := run(context.Background(), append([]string{"migrate"}, args...), func(k string) string { return env[k] }, &out, io.Discard)
		return out.String(), err
	}

	out, err := migrate("status")
	if err != nil || !strings.HasPrefix(out, fmt.Sprintf("version -1 (clean), %d pending\n", len(all))) ||
		!strings.Contains(out, "pending  0001_users\n") {
		t.Fatalf("status of an empty database: %v\n%s", err, out)
	}
	if _, err := migrate(); err != nil {
		t.Fatal(err)
	}
	out, err = migrate("status")
	if err != nil || !strings.HasPrefix(out, fmt.Sprintf("version %d (clean), 0 pending\n", last.Version)) ||
		!strings.Contains(out, fmt.Sprintf("applied  %04d_%s\n", last.Version, last.Name)) {
		t.Fatalf("status after migrate: %v\n%s", err, out)
	}
	if _, err := migrate("force", fmt.Sprint(all[len(all)-2].Version)); err != nil {
		t.Fatal(err)
	}
	out, _ = migrate("status")
	if !strings.Contains(out, fmt.Sprintf("pending  %04d_%s\n", last.Version, last.Name)) {
		t.Fatalf("status after force: %s", out)
	}
	if _, err := migrate("force", fmt.Sprint(last.Version)); err != nil {
		t.Fatal(err)
	}
	for _, bad := range [][]string{{"force"}, {"force", "x"}, {"sideways"}} {
		if _, err := migrate(bad...); err == nil {
			t.Errorf("migrate %v was accepted", bad)
		}
	}
}
