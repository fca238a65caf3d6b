package database

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strconv"
)

// bridge carries the old runner's record over once: when there is no schema_version table yet
// and schema_migrations lists applied versions, the highest becomes the clean current version.
// golang-migrate keeps a single version, so the old record must be a prefix of the files.
func (m *Migrator) bridge(ctx context.Context, conn *sql.Conn) error {
	hasLegacy, err := tableHasColumn(ctx, conn, LegacyTable, "name")
	if err != nil || !hasLegacy {
		return err
	}
	// Once schema_version exists it is the record, even when empty (`api migrate force -1`).
	hasVersion, err := tableHasColumn(ctx, conn, VersionTable, "dirty")
	if err != nil || hasVersion {
		return err
	}
	recorded, err := legacyVersions(ctx, conn)
	if err != nil || len(recorded) == 0 {
		return err
	}
	last := recorded[len(recorded)-1]
	applied := map[int]bool{}
	for _, v := range recorded {
		applied[v] = true
	}
	var missing []string
	for _, mig := range m.migrations {
		if mig.Version <= last && !applied[mig.Version] {
			missing = append(missing, fmt.Sprintf("%04d_%s", mig.Version, mig.Name))
		}
		delete(applied, mig.Version)
	}
	if len(applied) > 0 {
		return fmt.Errorf("migrate bridge: %s records versions this build has no file for: %v; run the release that has them", LegacyTable, keys(applied))
	}
	if len(missing) > 0 {
		return fmt.Errorf("migrate bridge: %s records version %d but not the earlier %v; apply them by hand, then `api migrate force %d`",
			LegacyTable, last, missing, last)
	}
	// Build the row under another name and rename it into place: RENAME is atomic, so a crash
	// leaves either no schema_version or a complete one.
	staging := VersionTable + "_bridge"
	for _, stmt := range []string{
		"DROP TABLE IF EXISTS `" + staging + "`",
		"CREATE TABLE `" + staging + "` (version bigint not null primary key, dirty boolean not null)",
		"INSERT INTO `" + staging + "` (version, dirty) VALUES (" + strconv.Itoa(last) + ", false)",
		"RENAME TABLE `" + staging + "` TO `" + VersionTable + "`",
	} {
		if _, err := conn.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("migrate bridge: %w", err)
		}
	}
	m.log.Info("migration record carried over from the old runner", "from", LegacyTable, "to", VersionTable, "migration", last)
	return nil
}

func tableHasColumn(ctx context.Context, conn *sql.Conn, table, column string) (bool, error) {
	var n int
	err := conn.QueryRowContext(ctx, `SELECT COUNT(*) FROM information_schema.columns
		WHERE table_schema = DATABASE() AND table_name = ? AND column_name = ?`, table, column).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("migrate: inspect %s: %w", table, err)
	}
	return n > 0, nil
}

func legacyVersions(ctx context.Context, conn *sql.Conn) ([]int, error) {
	rows, err := conn.QueryContext(ctx, "SELECT version FROM `"+LegacyTable+"` ORDER BY version")
	if err != nil {
		return nil, fmt.Errorf("migrate bridge: read %s: %w", LegacyTable, err)
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

func keys(m map[int]bool) []int {
	out := make([]int, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Ints(out)
	return out
}
