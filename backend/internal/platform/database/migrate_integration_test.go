package database_test

import (
	"context"
	"errors"
	"io/fs"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"gorm.io/gorm"

	"github.com/trainingclub/platform/backend/internal/platform/database"
	"github.com/trainingclub/platform/backend/internal/testenv"
	"github.com/trainingclub/platform/backend/migrations"
)

func TestMain(m *testing.M) { testenv.Main(m) }

// lastVersion is the newest embedded migration.
func lastVersion(t *testing.T) int {
	t.Helper()
	all, err := database.LoadMigrations(migrations.FS)
	if err != nil {
		t.Fatal(err)
	}
	return all[len(all)-1].Version
}

// migrationsUpTo is the embedded set cut at version max: what an older release shipped.
func migrationsUpTo(t *testing.T, max int) fs.FS {
	t.Helper()
	all, err := database.LoadMigrations(migrations.FS)
	if err != nil {
		t.Fatal(err)
	}
	out := fstest.MapFS{}
	for _, m := range all {
		if m.Version > max {
			continue
		}
		body, err := fs.ReadFile(migrations.FS, m.File)
		if err != nil {
			t.Fatal(err)
		}
		out[m.File] = &fstest.MapFile{Data: body}
	}
	return out
}

// versionsAfter lists the embedded versions above v.
func versionsAfter(t *testing.T, v int) []int {
	t.Helper()
	all, err := database.LoadMigrations(migrations.FS)
	if err != nil {
		t.Fatal(err)
	}
	var out []int
	for _, m := range all {
		if m.Version > v {
			out = append(out, m.Version)
		}
	}
	return out
}

func open(t *testing.T, o database.Options) *gorm.DB {
	t.Helper()
	db, err := database.Open(o, testenv.Log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if sqlDB, err := db.DB(); err == nil {
			sqlDB.Close()
		}
	})
	return db
}

func migrator(t *testing.T, o database.Options, fsys fs.FS) *database.Migrator {
	t.Helper()
	m, err := database.NewMigrator(o, fsys, testenv.Log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	return m
}

func status(t *testing.T, m *database.Migrator) database.Status {
	t.Helper()
	st, err := m.Status(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// TestMigrateIsIdempotent runs the migrations again on the migrated test database: nothing is
// applied twice and the recorded version is the newest file's.
func TestMigrateIsIdempotent(t *testing.T) {
	m := migrator(t, testenv.DBOptions(t), migrations.FS)
	applied, err := m.Up(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(applied) != 0 {
		t.Fatalf("second run applied %v", applied)
	}
	if st := status(t, m); st.Version != lastVersion(t) || st.Dirty || st.Pending() != 0 {
		t.Fatalf("status %+v", st)
	}
}

// TestUpgradeFromHandWrittenRunner builds databases with the old runner (the code today's main
// runs) and upgrades them with golang-migrate: applied files are not run again, data survives,
// later files are applied, and the old record is left as it was.
func TestUpgradeFromHandWrittenRunner(t *testing.T) {
	ctx := context.Background()
	last := lastVersion(t)
	for _, tc := range []struct {
		name    string
		oldLast int   // the old runner applied the files up to this version
		want    []int // what the new runner then applies
	}{
		{"database of today's main", last, nil},
		{"database of an older release", 12, versionsAfter(t, 12)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := testenv.EmptyDatabase(t)
			db := open(t, o)
			if _, err := legacyMigrate(ctx, db, migrationsUpTo(t, tc.oldLast)); err != nil {
				t.Fatalf("old runner: %v", err)
			}
			_, email := testenv.InsertUser(t, db, "member")
			var legacyBefore int64
			db.Raw("SELECT COUNT(*) FROM schema_migrations").Scan(&legacyBefore)

			m := migrator(t, o, migrations.FS)
			applied, err := m.Up(ctx)
			if err != nil {
				t.Fatalf("upgrade: %v", err)
			}
			if !slices.Equal(applied, tc.want) {
				t.Fatalf("applied %v, want %v", applied, tc.want)
			}
			if st := status(t, m); st.Version != last || st.Dirty || st.Pending() != 0 {
				t.Fatalf("status after upgrade %+v", st)
			}
			var kept, legacyAfter int64
			db.Raw("SELECT COUNT(*) FROM users WHERE email = ?", email).Scan(&kept)
			db.Raw("SELECT COUNT(*) FROM schema_migrations").Scan(&legacyAfter)
			if kept != 1 || legacyAfter != legacyBefore {
				t.Fatalf("user kept %d, schema_migrations rows %d -> %d", kept, legacyBefore, legacyAfter)
			}
			if again, err := m.Up(ctx); err != nil || len(again) != 0 {
				t.Fatalf("second run applied %v, %v", again, err)
			}
		})
	}
}

// TestBridgeRefusesAGap: golang-migrate keeps one version number, so an old record with a hole
// cannot be carried over silently.
func TestBridgeRefusesAGap(t *testing.T) {
	ctx := context.Background()
	o := testenv.EmptyDatabase(t)
	db := open(t, o)
	if _, err := legacyMigrate(ctx, db, migrationsUpTo(t, 10)); err != nil {
		t.Fatal(err)
	}
	if err := db.Exec("DELETE FROM schema_migrations WHERE version = 2").Error; err != nil {
		t.Fatal(err)
	}
	m := migrator(t, o, migrations.FS)
	_, err := m.Up(ctx)
	if err == nil || !strings.Contains(err.Error(), "0002_users_deleted_at") || !strings.Contains(err.Error(), "api migrate force 10") {
		t.Fatalf("want the gap named, got %v", err)
	}
	// The schema has 0002 (only its record was lost): the operator records that, as told.
	if err := m.Force(ctx, 10); err != nil {
		t.Fatal(err)
	}
	if applied, err := m.Up(ctx); err != nil || !slices.Equal(applied, versionsAfter(t, 10)) {
		t.Fatalf("after force: applied %v, %v", applied, err)
	}
}

// TestConcurrentMigrate starts two migrators at once on a fresh database, each with its own pool
// (as two replicas would): the lock lets one apply everything and the other find nothing to do.
func TestConcurrentMigrate(t *testing.T) {
	o := testenv.EmptyDatabase(t)
	var wg sync.WaitGroup
	applied := make([][]int, 2)
	errs := make([]error, 2)
	start := make(chan struct{})
	for i := range 2 {
		m := migrator(t, o, migrations.FS)
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			applied[i], errs[i] = m.Up(context.Background())
		}()
	}
	close(start)
	wg.Wait()
	if errs[0] != nil || errs[1] != nil {
		t.Fatalf("errors: %v / %v", errs[0], errs[1])
	}
	all, _ := database.LoadMigrations(migrations.FS)
	if n := len(applied[0]) + len(applied[1]); n != len(all) || (len(applied[0]) != 0 && len(applied[1]) != 0) {
		t.Fatalf("applied %v and %v, want all %d by one of them", applied[0], applied[1], len(all))
	}
	if st := status(t, migrator(t, o, migrations.FS)); st.Version != lastVersion(t) || st.Dirty {
		t.Fatalf("status %+v", st)
	}
}

// TestMigrateWaitsForTheLock holds the advisory lock from another session: the migrator waits,
// gives up with a clear error, changes nothing, and runs once the lock is free.
func TestMigrateWaitsForTheLock(t *testing.T) {
	ctx := context.Background()
	o := testenv.EmptyDatabase(t)
	sqlDB, err := open(t, o).DB()
	if err != nil {
		t.Fatal(err)
	}
	holder, err := sqlDB.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	var got int
	if err := holder.QueryRowContext(ctx, "SELECT GET_LOCK('training_club_migrations', 0)").Scan(&got); err != nil || got != 1 {
		t.Fatalf("take lock: %d %v", got, err)
	}
	m := migrator(t, o, migrations.FS)
	m.LockWait = time.Second
	if _, err := m.Up(ctx); err == nil || !strings.Contains(err.Error(), "another migrator") {
		t.Fatalf("want the lock error, got %v", err)
	}
	var tables int
	if err := sqlDB.QueryRowContext(ctx, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE()").Scan(&tables); err != nil || tables != 0 {
		t.Fatalf("tables created while locked out: %d %v", tables, err)
	}
	if _, err := holder.ExecContext(ctx, "SELECT RELEASE_LOCK('training_club_migrations')"); err != nil {
		t.Fatal(err)
	}
	if applied, err := m.Up(ctx); err != nil || len(applied) == 0 {
		t.Fatalf("after release: %v %v", applied, err)
	}
}

// TestDirtyMigrationIsRefused: a file that fails after its first statement leaves that
// statement applied (MySQL DDL is not transactional). The runner records the version as dirty,
// refuses to go on, and says how to get out; `force` records the fix and the rest applies.
func TestDirtyMigrationIsRefused(t *testing.T) {
	ctx := context.Background()
	o := testenv.EmptyDatabase(t)
	fsys := fstest.MapFS{
		"0001_a.up.sql": {Data: []byte("CREATE TABLE a (id INT PRIMARY KEY);\n")},
		"0002_b.up.sql": {Data: []byte("CREATE TABLE b (id INT PRIMARY KEY);\nINSERT INTO no_such_table VALUES (1);\n")},
		"0003_c.up.sql": {Data: []byte("CREATE TABLE c (id INT PRIMARY KEY);\n")},
	}
	m := migrator(t, o, fsys)
	applied, err := m.Up(ctx)
	if !errors.Is(err, database.ErrDirty) || !strings.Contains(err.Error(), "0002_b.up.sql") {
		t.Fatalf("first run: want dirty at 0002_b, got %v", err)
	}
	if !slices.Equal(applied, []int{1}) {
		t.Fatalf("applied %v, want [1]", applied)
	}
	t.Logf("first run: %v", err)

	_, err = m.Up(ctx)
	if !errors.Is(err, database.ErrDirty) || !strings.Contains(err.Error(), "dirty at version 2") ||
		!strings.Contains(err.Error(), "api migrate force 2") || !strings.Contains(err.Error(), "api migrate force 1") {
		t.Fatalf("second run: want the dirty version and the way out, got %v", err)
	}
	t.Logf("second run: %v", err)
	if st := status(t, m); st.Version != 2 || !st.Dirty || st.Pending() != 2 {
		t.Fatalf("status %+v", st)
	}

	// The operator finished 0002 by hand (the table is there; the failed insert was a mistake).
	if err := m.Force(ctx, 2); err != nil {
		t.Fatal(err)
	}
	if applied, err := m.Up(ctx); err != nil || !slices.Equal(applied, []int{3}) {
		t.Fatalf("after force: applied %v, %v", applied, err)
	}
	if err := m.Force(ctx, 7); err == nil {
		t.Fatal("force to a version with no file was accepted")
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
