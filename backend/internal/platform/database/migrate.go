package database

// Migrations run through golang-migrate (mysql driver, iofs source over the embedded files).
// What this file adds around the library:
//   - one advisory lock, training_club_migrations, held on the migration connection for the
//     whole run. It is the lock the hand-written runner took, so a replica of the old release
//     and one of this release never migrate at once during a rollout, and it waits up to a
//     minute where the library's own GET_LOCK gives up after 10 s (replicas starting together
//     would fail instead of waiting their turn);
//   - a bridge from the old runner's schema_migrations table (one row per applied version) to
//     the library's schema_version table (one row: version, dirty), so an existing database
//     upgrades in place without re-running what was applied (migrate_bridge.go);
//   - errors that say what to do: a dirty version names the file and `api migrate force N`.

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/golang-migrate/migrate/v4"
	migratemysql "github.com/golang-migrate/migrate/v4/database/mysql"
	"github.com/golang-migrate/migrate/v4/source/iofs"
)

const (
	// lockName serialises concurrent migrators (several replicas starting at once).
	lockName = "training_club_migrations"
	// VersionTable is golang-migrate's bookkeeping: one row (version, dirty).
	VersionTable = "schema_version"
	// LegacyTable is where the hand-written runner recorded each applied version. It is read
	// once, by the bridge, and left in place for releases that still read it.
	LegacyTable = "schema_migrations"
)

// noVersion is golang-migrate's "nothing applied" version.
const noVersion = -1

// ErrDirty means a migration failed part way: MySQL cannot roll DDL back, so a person has to
// look at the schema and record the outcome with `api migrate force`.
var ErrDirty = errors.New("database is dirty")

// Migration is one versioned SQL file, NNNN_name.up.sql.
type Migration struct {
	Version int
	Name    string
	File    string
}

// LoadMigrations lists every *.up.sql in fsys in version order, checking the names.
func LoadMigrations(fsys fs.FS) ([]Migration, error) {
	names, err := fs.Glob(fsys, "*.up.sql")
	if err != nil {
		return nil, err
	}
	var out []Migration
	seen := map[int]string{}
	for _, name := range names {
		prefix, rest, ok := strings.Cut(name, "_")
		v, err := strconv.Atoi(prefix)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s: name must be NNNN_description.up.sql", name)
		}
		if other, dup := seen[v]; dup {
			return nil, fmt.Errorf("migrations %s and %s share version %d", other, name, v)
		}
		seen[v] = name
		out = append(out, Migration{Version: v, Name: strings.TrimSuffix(rest, ".up.sql"), File: name})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	return out, nil
}

// Migrator applies and reports the migrations in fsys on one database.
type Migrator struct {
	db         *sql.DB
	fsys       fs.FS
	migrations []Migration
	log        *slog.Logger
	// LockWait bounds the wait for another migrator's lock (default one minute).
	LockWait time.Duration
}

// NewMigrator opens a small pool of its own: golang-migrate runs each file as one multi-statement
// Exec, which the API's pool does not allow.
func NewMigrator(o Options, fsys fs.FS, log *slog.Logger) (*Migrator, error) {
	migrations, err := LoadMigrations(fsys)
	if err != nil {
		return nil, err
	}
	db, err := sql.Open("mysql", dsn(o, true))
	if err != nil {
		return nil, fmt.Errorf("migrate: open: %w", err)
	}
	db.SetMaxOpenConns(2)
	return &Migrator{db: db, fsys: fsys, migrations: migrations, log: log, LockWait: time.Minute}, nil
}

// Close releases the migrator's pool.
func (m *Migrator) Close() error { return m.db.Close() }

// Migrate applies the pending migrations in fsys to the database o names and returns the
// versions it applied.
func Migrate(ctx context.Context, o Options, fsys fs.FS, log *slog.Logger) ([]int, error) {
	m, err := NewMigrator(o, fsys, log)
	if err != nil {
		return nil, err
	}
	defer m.Close()
	return m.Up(ctx)
}

// Up applies every pending migration, in order. A dirty database is refused with ErrDirty.
func (m *Migrator) Up(ctx context.Context) ([]int, error) {
	var applied []int
	err := m.session(ctx, true, func(mg *migrate.Migrate) error {
		before, err := m.current(mg)
		if err != nil {
			return err
		}
		stop := make(chan struct{})
		defer close(stop)
		go func() {
			select {
			case <-ctx.Done():
				mg.GracefulStop <- true // finish the file being applied, then stop
			case <-stop:
			}
		}()
		upErr := mg.Up()
		after, dirty, verr := version(mg)
		for _, mig := range m.migrations {
			if mig.Version > before && mig.Version <= after && !(dirty && mig.Version == after) {
				m.log.Info("migration applied", "migration", mig.Version, "name", mig.Name)
				applied = append(applied, mig.Version)
			}
		}
		switch {
		case upErr == nil || errors.Is(upErr, migrate.ErrNoChange):
			return ctx.Err()
		case verr == nil && dirty:
			return m.dirtyError(after, upErr)
		default:
			return fmt.Errorf("migrate: %w", upErr)
		}
	})
	return applied, err
}

// current is the recorded version, refusing a dirty database or one newer than these files.
func (m *Migrator) current(mg *migrate.Migrate) (int, error) {
	v, dirty, err := version(mg)
	if err != nil {
		return 0, fmt.Errorf("migrate: read version: %w", err)
	}
	if dirty {
		return 0, m.dirtyError(v, nil)
	}
	if len(m.migrations) > 0 && v > m.migrations[len(m.migrations)-1].Version {
		return 0, fmt.Errorf("migrate: the database is at version %d, newer than this build's last migration %04d: run a release that has it",
			v, m.migrations[len(m.migrations)-1].Version)
	}
	return v, nil
}

// version is golang-migrate's recorded version, -1 when nothing is applied.
func version(mg *migrate.Migrate) (int, bool, error) {
	v, dirty, err := mg.Version()
	if errors.Is(err, migrate.ErrNilVersion) {
		return noVersion, false, nil
	}
	if err != nil {
		return 0, false, err
	}
	return int(v), dirty, nil
}

func (m *Migrator) dirtyError(v int, cause error) error {
	file, prev := fmt.Sprintf("%04d_*.up.sql", v), noVersion
	for _, mig := range m.migrations {
		if mig.Version == v {
			file = mig.File
			break
		}
		prev = mig.Version
	}
	msg := fmt.Sprintf("migration %s failed part way and MySQL cannot roll DDL back, so the database is marked dirty at version %d. "+
		"Compare the schema with the file, then either finish its statements by hand and run `api migrate force %d`, "+
		"or undo them and run `api migrate force %d`; `api migrate` then continues", file, v, v, prev)
	if cause != nil {
		return fmt.Errorf("migrate: %s: %w (%w)", msg, ErrDirty, cause)
	}
	return fmt.Errorf("migrate: %s: %w", msg, ErrDirty)
}

// Force records version as applied and clean without running anything: the way out of a dirty
// state once the schema has been put right by hand. -1 records that nothing is applied.
func (m *Migrator) Force(ctx context.Context, version int) error {
	if version != noVersion && !m.known(version) {
		return fmt.Errorf("migrate force: no migration has version %d", version)
	}
	// No bridge: forcing is how an operator settles a record the bridge refused.
	return m.session(ctx, false, func(mg *migrate.Migrate) error {
		if err := mg.Force(version); err != nil {
			return fmt.Errorf("migrate force %d: %w", version, err)
		}
		m.log.Info("migration version forced", "migration", version)
		return nil
	})
}

func (m *Migrator) known(version int) bool {
	for _, mig := range m.migrations {
		if mig.Version == version {
			return true
		}
	}
	return false
}

// MigrationState is one file as the database sees it.
type MigrationState struct {
	Version int
	Name    string
	Applied bool
}

// Status is what `api migrate status` shows.
type Status struct {
	Version    int // -1 when nothing is applied
	Dirty      bool
	Migrations []MigrationState
}

// Pending counts the files not applied yet.
func (s Status) Pending() int {
	n := 0
	for _, m := range s.Migrations {
		if !m.Applied {
			n++
		}
	}
	return n
}

// Status reads the recorded version (bridging an old runner's table first, as Up would).
func (m *Migrator) Status(ctx context.Context) (Status, error) {
	var st Status
	err := m.session(ctx, true, func(mg *migrate.Migrate) error {
		v, dirty, err := version(mg)
		if err != nil {
			return fmt.Errorf("migrate status: %w", err)
		}
		st = Status{Version: v, Dirty: dirty}
		for _, mig := range m.migrations {
			applied := mig.Version < v || (mig.Version == v && !dirty)
			st.Migrations = append(st.Migrations, MigrationState{Version: mig.Version, Name: mig.Name, Applied: applied})
		}
		return nil
	})
	return st, err
}

// session runs f with a golang-migrate instance on one connection that holds the advisory lock,
// after bridging the old runner's bookkeeping when bridge is set.
func (m *Migrator) session(ctx context.Context, bridge bool, f func(*migrate.Migrate) error) (err error) {
	conn, err := m.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("migrate: connect: %w", err)
	}
	defer conn.Close()
	var got sql.NullInt64
	if err := conn.QueryRowContext(ctx, "SELECT GET_LOCK(?, ?)", lockName, int(m.LockWait.Seconds())).Scan(&got); err != nil {
		return fmt.Errorf("migrate: take the migration lock: %w", err)
	}
	if got.Int64 != 1 {
		return fmt.Errorf("migrate: another migrator has held the lock %q for more than %s", lockName, m.LockWait)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), "SELECT RELEASE_LOCK(?)", lockName) //nolint:errcheck

	if bridge {
		if err := m.bridge(ctx, conn); err != nil {
			return err
		}
	}
	// NoLock: this connection already holds the lock for the whole session.
	driver, err := migratemysql.WithConnection(ctx, conn, &migratemysql.Config{MigrationsTable: VersionTable, NoLock: true})
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	src, err := iofs.New(m.fsys, ".")
	if err != nil {
		return fmt.Errorf("migrate: read migrations: %w", err)
	}
	mg, err := migrate.NewWithInstance("iofs", src, "mysql", driver)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	mg.Log = migrateLog{m.log}
	// The driver's Close would close conn before the deferred RELEASE_LOCK; the source is all
	// there is to release besides.
	defer src.Close()
	return f(mg)
}

// migrateLog routes golang-migrate's messages to slog at debug level.
type migrateLog struct{ log *slog.Logger }

func (l migrateLog) Printf(format string, v ...any) {
	l.log.Debug("golang-migrate", "msg", strings.TrimSpace(fmt.Sprintf(format, v...)))
}

func (l migrateLog) Verbose() bool { return false }
