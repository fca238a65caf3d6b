// Package database opens MySQL through GORM with pool settings and applies the embedded,
// versioned SQL migrations. It knows nothing of the domain.
package database

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	mysqldriver "github.com/go-sql-driver/mysql"
	"gorm.io/driver/mysql"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// Options describe how to reach the database and size its pool.
type Options struct {
	User, Password, Host, Name string
	Port                       int
	MaxOpen, MaxIdle           int
	MaxLifetime                time.Duration
}

// DSN renders the go-sql-driver DSN: UTC times, utf8mb4, bounded dial/read/write timeouts so a
// dead server fails fast instead of hanging requests.
func DSN(o Options) string {
	cfg := mysqldriver.NewConfig()
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

// IsDuplicateKey reports whether err is a unique-key violation.
func IsDuplicateKey(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return true
	}
	var me *mysqldriver.MySQLError
	return errors.As(err, &me) && me.Number == 1062
}
