// Package database opens MySQL through GORM with pool settings and applies the embedded,
// versioned SQL migrations (through golang-migrate). It knows nothing of the domain.
package database

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"log/slog"
	"time"

	mysqldriver "github.com/go-sql-driver/mysql"
	"gorm.io/driver/mysql"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/trainingclub/platform/backend/internal/platform/netfail"
)

// Options describe how to reach the database and size its pool.
type Options struct {
	User, Password, Host, Name string
	Port                       int
	MaxOpen, MaxIdle           int
	MaxLifetime                time.Duration
}

// DSN renders the go-sql-driver DSN: UTC times, utf8mb4, bounded dial/read/write timeouts. The
// read and write timeouts are only a backstop for work without a deadline (migrations): requests
// run under REQUEST_TIMEOUT through their context, which the driver honours by closing the
// connection.
func DSN(o Options) string { return dsn(o, false) }

// dsn is DSN, with multi-statement Execs allowed when multi is set (only the migrator needs
// them: a whole migration file is one Exec).
func dsn(o Options, multi bool) string {
	cfg := mysqldriver.NewConfig()
	cfg.MultiStatements = multi
	cfg.User = o.User
	cfg.Passwd = o.Password
	cfg.Net = "tcp"
	cfg.Addr = fmt.Sprintf("%s:%d", o.Host, o.Port)
	cfg.DBName = o.Name
	cfg.ParseTime = true
	cfg.Loc = time.UTC
	cfg.Collation = "utf8mb4_unicode_ci"
	cfg.Timeout = 3 * time.Second
	cfg.ReadTimeout = 30 * time.Second
	cfg.WriteTimeout = 30 * time.Second
	cfg.Params = map[string]string{"time_zone": "'+00:00'"}
	// Parameters are interpolated client-side (safe with utf8mb4): one round trip per statement
	// instead of prepare + execute + close, which matters most for statements run under a row
	// lock (the booking path).
	cfg.InterpolateParams = true
	return cfg.FormatDSN()
}

// Open connects with GORM and configures the pool. It does not ping: the API starts even when
// the database is briefly away, and reports it through /api/health.
func Open(o Options, log *slog.Logger) (*gorm.DB, error) {
	db, err := gorm.Open(mysql.Open(DSN(o)), &gorm.Config{
		Logger:                 logger.NewSlogLogger(log, logger.Config{SlowThreshold: 500 * time.Millisecond, LogLevel: logger.Warn, IgnoreRecordNotFoundError: true, ParameterizedQueries: true}),
		NowFunc:                func() time.Time { return time.Now().UTC() },
		SkipDefaultTransaction: true,
		TranslateError:         true,
	})
	if err != nil {
		return nil, fmt.Errorf("open mysql: %w", err)
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, fmt.Errorf("open mysql pool: %w", err)
	}
	if o.MaxOpen > 0 {
		sqlDB.SetMaxOpenConns(o.MaxOpen)
	}
	if o.MaxIdle > 0 {
		sqlDB.SetMaxIdleConns(o.MaxIdle)
	}
	if o.MaxLifetime > 0 {
		sqlDB.SetConnMaxLifetime(o.MaxLifetime)
	}
	sqlDB.SetConnMaxIdleTime(time.Minute)
	return db, nil
}

// Ping checks the database answers within ctx.
func Ping(ctx context.Context, db *gorm.DB) error {
	sqlDB, err := db.DB()
	if err != nil {
		return err
	}
	return sqlDB.PingContext(ctx)
}

// MySQL and MariaDB error numbers that domain stores turn into domain errors.
const (
	errDeadlock     = 1213
	errDupEntry     = 1062
	errFKParent     = 1451
	errFKChild      = 1452
	errCheckMySQL   = 3819
	errCheckMariaDB = 4025
)

func mysqlErrNo(err error) uint16 {
	var me *mysqldriver.MySQLError
	if errors.As(err, &me) {
		return me.Number
	}
	return 0
}

// IsDuplicateKey reports whether err is a unique-key violation.
func IsDuplicateKey(err error) bool {
	return errors.Is(err, gorm.ErrDuplicatedKey) || mysqlErrNo(err) == errDupEntry
}

// IsForeignKeyViolation reports a row that references a missing parent or is still referenced.
func IsForeignKeyViolation(err error) bool {
	n := mysqlErrNo(err)
	return errors.Is(err, gorm.ErrForeignKeyViolated) || n == errFKParent || n == errFKChild
}

// IsCheckViolation reports a violated CHECK constraint (MySQL and MariaDB number them apart).
func IsCheckViolation(err error) bool {
	n := mysqlErrNo(err)
	return errors.Is(err, gorm.ErrCheckConstraintViolated) || n == errCheckMySQL || n == errCheckMariaDB
}

// Server errors that mean the database cannot serve now (not that the request is wrong).
var unavailableErrNos = map[uint16]bool{
	1040: true, // too many connections
	1053: true, // server shutdown in progress
	1205: true, // lock wait timeout exceeded
	1290: true, // running with --read-only (a failover in progress)
	1317: true, // query execution was interrupted
	1927: true, // MariaDB: connection was killed
	3024: true, // MySQL: max_execution_time exceeded
}

// IsUnavailable reports whether err means the database is unreachable, refusing, partitioned or
// too slow for the request's deadline (an outage to answer with 503 and Retry-After), as opposed
// to a bug or a broken rule. It covers the driver's connection errors (refused, reset, i/o
// timeout, bad or invalid connection), an expired request context and server errors such as
// "too many connections".
func IsUnavailable(err error) bool {
	if err == nil {
		return false
	}
	return netfail.Is(err) || errors.Is(err, driver.ErrBadConn) || errors.Is(err, mysqldriver.ErrInvalidConn) ||
		errors.Is(err, sql.ErrConnDone) || unavailableErrNos[mysqlErrNo(err)]
}

// IsDeadlock reports an InnoDB deadlock victim, whose transaction can simply be run again.
func IsDeadlock(err error) bool { return mysqlErrNo(err) == errDeadlock }

// deadlockAttempts bounds RetryOnDeadlock: InnoDB picks one victim per cycle, so a rerun almost
// always succeeds; more attempts would only hide a real lock-order bug.
const deadlockAttempts = 4

// RetryOnDeadlock runs f (a whole transaction) again, with a short pause, when InnoDB rolled it
// back as a deadlock victim. The rerun sees the winner's committed state.
func RetryOnDeadlock(ctx context.Context, f func() error) error {
	var err error
	for attempt := 1; attempt <= deadlockAttempts; attempt++ {
		if err = f(); !IsDeadlock(err) || attempt == deadlockAttempts {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(time.Duration(attempt) * 10 * time.Millisecond):
		}
	}
	return err
}
