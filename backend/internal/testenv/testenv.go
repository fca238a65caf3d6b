// Package testenv gives integration tests real MySQL-compatible and Redis servers. Each test
// package (one test binary) gets its own database and Redis DB, so packages run in parallel.
//
// Where the servers come from, in order:
//  1. TEST_MYSQL_DSN / TEST_REDIS_URL (e.g. `user:pass@tcp(127.0.0.1:3306)/`, `redis://127.0.0.1:6379/0`);
//  2. a Docker daemon: testcontainers-go starts MYSQL_IMAGE (mysql:8.0) and REDIS_IMAGE (redis:7);
//  3. neither: the test fails saying how to provide one, unless run with -short, where it skips.
//
// A test package that uses testenv calls testenv.Main from its TestMain so the database and
// containers are removed afterwards. StripeMockURL (the stripe-mock for Stripe calls) starts
// nothing, so tests that only need it do without.
package testenv

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	mysqldriver "github.com/go-sql-driver/mysql"
	"github.com/redis/go-redis/v9"
	"gorm.io/gorm"

	"github.com/trainingclub/platform/backend/internal/platform/cache"
	"github.com/trainingclub/platform/backend/internal/platform/database"
	"github.com/trainingclub/platform/backend/migrations"
)

const howTo = `integration tests need MySQL/MariaDB and Redis: set TEST_MYSQL_DSN='user:pass@tcp(127.0.0.1:3306)/' ` +
	`and TEST_REDIS_URL='redis://127.0.0.1:6379/0' (scripts/services.sh starts local servers), ` +
	`or run a Docker daemon for testcontainers (MYSQL_IMAGE, REDIS_IMAGE), or skip them with go test -short`

type env struct {
	once     sync.Once
	err      error
	db       *gorm.DB
	dbOpts   database.Options
	rdb      *redis.Client
	cleanups []func()
}

var shared env

// Log is a quiet logger for tests (warnings and up).
var Log = slog.New(slog.NewTextHandler(io.Discard, nil))

// Main runs the package's tests and then removes what testenv created.
func Main(m *testing.M) {
	code := m.Run()
	for i := len(shared.cleanups) - 1; i >= 0; i-- {
		shared.cleanups[i]()
	}
	os.Exit(code)
}

// DB returns the package's migrated database.
func DB(t testing.TB) *gorm.DB {
	t.Helper()
	setup(t)
	return shared.db
}

// DBOptions returns how to reach the package's database (for starting the real server).
func DBOptions(t testing.TB) database.Options {
	t.Helper()
	setup(t)
	return shared.dbOpts
}

// Redis returns the package's Redis client on its own logical DB.
func Redis(t testing.TB) *redis.Client {
	t.Helper()
	setup(t)
	return shared.rdb
}

// RedisURL returns the URL of the package's Redis DB (for starting the real server), with the
// credentials the test server requires.
func RedisURL(t testing.TB) string {
	t.Helper()
	setup(t)
	return redisURL(shared.rdb.Options(), shared.rdb.Options().Addr)
}

// RedisURLVia is RedisURL with another address in front of the server (a TCP proxy a test
// controls, say): same credentials, same logical DB.
func RedisURLVia(t testing.TB, addr string) string {
	t.Helper()
	setup(t)
	return redisURL(shared.rdb.Options(), addr)
}

func redisURL(o *redis.Options, addr string) string {
	u := url.URL{Scheme: "redis", Host: addr, Path: "/" + strconv.Itoa(o.DB)}
	switch {
	case o.Username != "":
		u.User = url.UserPassword(o.Username, o.Password)
	case o.Password != "":
		u.User = url.UserPassword("", o.Password)
	}
	return u.String()
}

func setup(t testing.TB) {
	shared.once.Do(func() { shared.err = shared.start() })
	if shared.err != nil {
		if testing.Short() {
			t.Skipf("integration test skipped (-short): %v", shared.err)
		}
		t.Fatalf("testenv: %v", shared.err)
	}
}

func (e *env) start() error {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	mysqlDSN, redisURL := os.Getenv("TEST_MYSQL_DSN"), os.Getenv("TEST_REDIS_URL")
	if mysqlDSN == "" || redisURL == "" {
		if !dockerAvailable() {
			return fmt.Errorf("no TEST_MYSQL_DSN/TEST_REDIS_URL and no Docker daemon: %s", howTo)
		}
		var err error
		if mysqlDSN == "" {
			if mysqlDSN, err = e.startMySQLContainer(ctx); err != nil {
				return err
			}
		}
		if redisURL == "" {
			if redisURL, err = e.startRedisContainer(ctx); err != nil {
				return err
			}
		}
	}
	if err := e.createDatabase(ctx, mysqlDSN); err != nil {
		return err
	}
	return e.openRedis(ctx, redisURL)
}

func (e *env) createDatabase(ctx context.Context, serverDSN string) error {
	cfg, err := mysqldriver.ParseDSN(serverDSN)
	if err != nil {
		return fmt.Errorf("TEST_MYSQL_DSN: %w", err)
	}
	host, portStr, _ := strings.Cut(cfg.Addr, ":")
	port, _ := strconv.Atoi(portStr)
	if port == 0 {
		port = 3306
	}
	name := "tc_test_" + randomHex(6)
	admin := database.Options{User: cfg.User, Password: cfg.Passwd, Host: host, Port: port, Name: ""}
	adminDB, err := database.Open(admin, Log)
	if err != nil {
		return err
	}
	if err := retry(ctx, func() error { return database.Ping(ctx, adminDB) }); err != nil {
		return fmt.Errorf("mysql at %s does not answer: %w (%s)", cfg.Addr, err, howTo)
	}
	if err := adminDB.Exec("CREATE DATABASE `" + name + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci").Error; err != nil {
		return fmt.Errorf("create test database: %w", err)
	}
	e.cleanups = append(e.cleanups, func() {
		adminDB.Exec("DROP DATABASE IF EXISTS `" + name + "`")
		if sqlDB, err := adminDB.DB(); err == nil {
			sqlDB.Close()
		}
	})
	e.dbOpts = admin
	e.dbOpts.Name = name
	e.dbOpts.MaxOpen = 50
	e.db, err = database.Open(e.dbOpts, Log)
	if err != nil {
		return err
	}
	if _, err := database.Migrate(ctx, e.dbOpts, migrations.FS, Log); err != nil {
		return fmt.Errorf("migrate test database: %w", err)
	}
	return nil
}

// EmptyDatabase creates a database with no tables, dropped when the test ends: for tests of the
// migration runner, which need a database no migration has touched.
func EmptyDatabase(t testing.TB) database.Options {
	t.Helper()
	setup(t)
	o := shared.dbOpts
	o.Name = "tc_test_" + randomHex(6)
	if err := shared.db.Exec("CREATE DATABASE `" + o.Name + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci").Error; err != nil {
		t.Fatalf("create database: %v", err)
	}
	t.Cleanup(func() { shared.db.Exec("DROP DATABASE IF EXISTS `" + o.Name + "`") })
	return o
}

// openRedis picks a logical DB no other running test package uses: a counter in DB 0 hands
// them out in turn.
func (e *env) openRedis(ctx context.Context, url string) error {
	base, err := cache.Open(url)
	if err != nil {
		return fmt.Errorf("TEST_REDIS_URL: %w", err)
	}
	defer base.Close()
	if err := retry(ctx, func() error { return base.Ping(ctx).Err() }); err != nil {
		return fmt.Errorf("redis at %s does not answer: %w (%s)", base.Options().Addr, err, howTo)
	}
	count := 16
	if v, err := base.ConfigGet(ctx, "databases").Result(); err == nil {
		if n, err := strconv.Atoi(v["databases"]); err == nil && n > 1 {
			count = n
		}
	}
	n, err := base.Incr(ctx, "testenv:next-db").Result()
	if err != nil {
		return err
	}
	opts := *base.Options()
	opts.DB = int(n%int64(count-1)) + 1
	e.rdb = redis.NewClient(&opts)
	if err := e.rdb.FlushDB(ctx).Err(); err != nil {
		return err
	}
	e.cleanups = append(e.cleanups, func() {
		e.rdb.FlushDB(context.Background())
		e.rdb.Close()
	})
	return nil
}

func retry(ctx context.Context, f func() error) error {
	var err error
	for {
		if err = f(); err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(500 * time.Millisecond):
		}
	}
}

func randomHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}

// InsertUser creates a user with role (named "Test <role>", with no usable password, its address
// confirmed) straight
// in db and returns its id and email: for tests that need an account without going through the
// accounts service or routes.
func InsertUser(t testing.TB, db *gorm.DB, role string) (id uint64, email string) {
	t.Helper()
	email = UniqueEmail(role)
	if err := db.Exec("INSERT INTO users (email, password_hash, name, role, created_at, updated_at) VALUES (?, '!', ?, ?, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))",
		email, "Test "+role, role).Error; err != nil {
		t.Fatalf("insert %s: %v", role, err)
	}
	if err := db.Raw("SELECT id FROM users WHERE email = ?", email).Scan(&id).Error; err != nil || id == 0 {
		t.Fatalf("read back %s %s: id %d, %v", role, email, id, err)
	}
	// Confirmed address (unverified accounts cannot buy); databases migrated only part way (the
	// migration tests) have no such column yet.
	var me *mysqldriver.MySQLError
	if err := db.Exec("UPDATE users SET email_verified_at = created_at WHERE id = ?", id).Error; err != nil && !(errors.As(err, &me) && me.Number == 1054) {
		t.Fatalf("confirm %s %s: %v", role, email, err)
	}
	return id, email
}

// UniqueEmail returns an address no other test run uses.
func UniqueEmail(prefix string) string {
	return fmt.Sprintf("%s-%s@example.test", prefix, randomHex(5))
}
