package database_test

import (
	"context"
	"testing"

	"github.com/trainingclub/platform/backend/internal/platform/database"
	"github.com/trainingclub/platform/backend/internal/testenv"
	"github.com/trainingclub/platform/backend/migrations"
)

func TestMain(m *testing.M) { testenv.Main(m) }

// TestMigrateIsIdempotent runs the migrations again on the migrated test database: nothing is
// applied twice and every embedded version is recorded.
func TestMigrateIsIdempotent(t *testing.T) {
	db := testenv.DB(t)
	applied, err := database.Migrate(context.Background(), db, migrations.FS, testenv.Log)
	if err != nil {
		t.Fatal(err)
	}
	if len(applied) != 0 {
		t.Fatalf("second run applied %v", applied)
	}
	all, err := database.LoadMigrations(migrations.FS)
	if err != nil {
		t.Fatal(err)
	}
	var recorded int64
	if err := db.Raw("SELECT COUNT(*) FROM schema_migrations").Scan(&recorded).Error; err != nil {
		t.Fatal(err)
	}
	if recorded != int64(len(all)) {
		t.Fatalf("recorded %d of %d migrations", recorded, len(all))
	}
}

func TestIsDuplicateKey(t *testing.T) {
	db := testenv.DB(t)
	email := testenv.UniqueEmail("dup")
	insert := func() error {
		return db.Exec("INSERT INTO users (email, password_hash, name, role, created_at, updated_at) VALUES (?, '!', 'x', 'member', NOW(6), NOW(6))", email).Error
	}
	if err := insert(); err != nil {
		t.Fatal(err)
	}
	if err := insert(); !database.IsDuplicateKey(err) {
		t.Fatalf("want duplicate key, got %v", err)
	}
}
