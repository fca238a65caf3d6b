// Package migrations embeds the versioned SQL files applied by `api migrate`.
// Versions: 0001-0009 accounts, 0010-0019 schedule/membership/booking, 0020-0029 billing,
// uploads and the assistant, 0032-0039 the staff side (audit, ledger, timetable, report indexes).
package migrations

import "embed"

// FS holds every NNNN_name.up.sql file.
//
//go:embed *.sql
var FS embed.FS
