// Package config reads the API's settings from environment variables, validates them once at
// start and keeps secrets out of anything that prints the configuration.
package config

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Environments the API knows.
const (
	EnvDevelopment = "development"
	EnvProduction  = "production"
)

// MinProductionJWTSecret is the shortest JWT secret production accepts (HS256 wants >= 256 bits).
const MinProductionJWTSecret = 32

// Secret is a string that never prints its value.
type Secret string

// String masks the value so secrets cannot leak through %v or structured logs.
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return "***"
}

// LogValue masks the value for log/slog.
func (s Secret) LogValue() any { return s.String() }

// Reveal returns the secret for the one place that needs it.
func (s Secret) Reveal() string { return string(s) }

// Config is the API's complete configuration.
type Config struct {
	Env      string
	Port     int
	LogLevel string
	// DebugAddr is where net/http/pprof and runtime metrics listen (internal/platform/debug);
	// empty (the default) means no debug listener. Only loopback addresses are accepted.
	DebugAddr   string
	InstanceID  string
	DB          DB
	RedisURL    Secret
	JWTSecret   Secret
	UploadsDir  string
	UploadLimit int64

	StripeAPIKey        Secret
	StripeWebhookSecret Secret
	StripeAPIBase       string // empty: Stripe's own; tests point it at stripe-mock
	TwintMerchantID     string
	ManusAPIKey         Secret
	ManusAPIBase        string

	// Mail: SMTPURL empty turns delivery off (the outbox still fills). PublicURL is where the
	// frontend is reached, for links in mail and the calendar feed URL.
	SMTPURL   Secret
	MailFrom  string
	PublicURL string
	// Club is what payment receipts name as the seller.
	Club Club

	// AuthLimits caps the account routes per window (see auth.DefaultLimits for the windows);
	// 0 turns a limit off, for load tests only.
	AuthLimits AuthLimits

	MigrateOnStart bool
	BodyLimit      string
	ReadTimeout    time.Duration
	WriteTimeout   time.Duration
	IdleTimeout    time.Duration
	// RequestTimeout bounds every request's work on MySQL and Redis: past it the request is
	// answered 503 unavailable instead of waiting on a dependency that does not answer.
	RequestTimeout time.Duration
	// ShutdownDrain is how long the server keeps answering after SIGTERM while readiness
	// already says 503, so load balancers stop sending before the listener closes.
	ShutdownDrain time.Duration
	ShutdownGrace time.Duration
}

// DB holds the MySQL connection settings.
type DB struct {
	User     string
	Password Secret
	Host     string
	Port     int
	Name     string
	MaxOpen  int
	MaxIdle  int
	MaxLife  time.Duration
}

// Club is the seller on receipts: CLUB_NAME, CLUB_ADDRESS (lines separated by "|" or newlines)
// and CLUB_VAT_LINE (e.g. "MWST-Nr. CHE-123.456.789 MWST, inkl. 8.1 % MWST"; empty: no line).
type Club struct {
	Name    string
	Address string
	VATLine string
}

// AuthLimits override the rate limits of the account routes (attempts per client IP per
// minute, failed logins per account per 15 minutes); nil keeps auth.DefaultLimits' value.
type AuthLimits struct {
	RegisterPerIP, LoginPerIP, RefreshPerIP, LoginPerAccount *int
}

// Production reports whether the API runs with production rules.
func (c Config) Production() bool { return c.Env == EnvProduction }

// FieldError names the variable that is missing or malformed.
type FieldError struct {
	Var    string
	Reason string
}

func (e *FieldError) Error() string { return fmt.Sprintf("config: %s %s", e.Var, e.Reason) }

// Load reads the configuration through getenv (os.Getenv in main, a map in tests).
func Load(getenv func(string) string) (Config, error) {
	r := reader{getenv: getenv}
	env := strings.ToLower(r.str("APP_ENV", ""))
	if env == "" {
		env = strings.ToLower(r.str("FLASK_ENV", EnvDevelopment))
	}
	if env != EnvDevelopment && env != EnvProduction {
		return Config{}, &FieldError{Var: "APP_ENV", Reason: "must be development or production"}
	}
	c := Config{
		Env:         env,
		Port:        r.port("PORT", 5000),
		LogLevel:    r.str("LOG_LEVEL", map[bool]string{true: "info", false: "debug"}[env == EnvProduction]),
		InstanceID:  r.str("INSTANCE_ID", ""),
		DebugAddr:   r.str("DEBUG_ADDR", ""),
		RedisURL:    Secret(r.required("REDIS_URL")),
		JWTSecret:   Secret(r.required("JWT_SECRET_KEY")),
		UploadsDir:  r.str("UPLOADS_DIR", "/app/uploads"),
		UploadLimit: int64(r.integer("UPLOAD_MAX_BYTES", 5<<20)),
		DB: DB{
			User:     r.required("DB_USERNAME"),
			Password: Secret(r.str("DB_PASSWORD", "")),
			Host:     r.required("DB_HOST"),
			Port:     r.port("DB_PORT", 3306),
			Name:     r.required("DB_NAME"),
			MaxOpen:  r.integer("DB_MAX_OPEN_CONNS", 25),
			MaxIdle:  r.integer("DB_MAX_IDLE_CONNS", 10),
			MaxLife:  r.duration("DB_CONN_MAX_LIFETIME", 5*time.Minute),
		},
		StripeAPIKey:        Secret(r.str("STRIPE_API_KEY", "")),
		StripeWebhookSecret: Secret(r.str("STRIPE_WEBHOOK_SECRET", "")),
		StripeAPIBase:       r.str("STRIPE_API_BASE", ""),
		TwintMerchantID:     r.str("TWINT_MERCHANT_ID", ""),
		ManusAPIKey:         Secret(r.str("MANUS_API_KEY", "")),
		ManusAPIBase:        r.str("MANUS_API_BASE", "https://api.manus.ai"),
		SMTPURL:             Secret(r.str("SMTP_URL", "")),
		MailFrom:            r.str("MAIL_FROM", "Training Club <no-reply@localhost>"),
		PublicURL:           strings.TrimRight(r.str("PUBLIC_URL", "http://localhost:8080"), "/"),
		Club: Club{
			Name:    r.str("CLUB_NAME", "Training Club"),
			Address: strings.ReplaceAll(r.str("CLUB_ADDRESS", ""), "|", "\n"),
			VATLine: r.str("CLUB_VAT_LINE", ""),
		},
		AuthLimits: AuthLimits{
			RegisterPerIP:   r.optionalInteger("AUTH_LIMIT_REGISTER_PER_IP"),
			LoginPerIP:      r.optionalInteger("AUTH_LIMIT_LOGIN_PER_IP"),
			RefreshPerIP:    r.optionalInteger("AUTH_LIMIT_REFRESH_PER_IP"),
			LoginPerAccount: r.optionalInteger("AUTH_LIMIT_LOGIN_PER_ACCOUNT"),
		},
		MigrateOnStart: r.boolean("MIGRATE_ON_START", env == EnvDevelopment),
		BodyLimit:      r.str("BODY_LIMIT", "1M"),
		ReadTimeout:    r.duration("HTTP_READ_TIMEOUT", 15*time.Second),
		WriteTimeout:   r.duration("HTTP_WRITE_TIMEOUT", 30*time.Second),
		IdleTimeout:    r.duration("HTTP_IDLE_TIMEOUT", 120*time.Second),
		RequestTimeout: r.duration("REQUEST_TIMEOUT", 5*time.Second),
		ShutdownDrain:  r.durationOrZero("SHUTDOWN_DRAIN", 5*time.Second),
		ShutdownGrace:  r.duration("SHUTDOWN_GRACE", 25*time.Second),
	}
	if r.err != nil {
		return Config{}, r.err
	}
	if _, err := url.Parse(c.RedisURL.Reveal()); err != nil || !strings.HasPrefix(c.RedisURL.Reveal(), "redis") {
		return Config{}, &FieldError{Var: "REDIS_URL", Reason: "must be a redis:// or rediss:// URL"}
	}
	if c.Production() && len(c.JWTSecret) < MinProductionJWTSecret {
		return Config{}, &FieldError{Var: "JWT_SECRET_KEY", Reason: fmt.Sprintf("must be at least %d bytes in production", MinProductionJWTSecret)}
	}
	if c.Production() && c.StripeAPIKey != "" && c.StripeWebhookSecret == "" {
		// Without it no payment could ever be fulfilled: members would pay and get nothing.
		return Config{}, &FieldError{Var: "STRIPE_WEBHOOK_SECRET", Reason: "is required in production when STRIPE_API_KEY is set"}
	}
	for name, v := range map[string]*int{"AUTH_LIMIT_REGISTER_PER_IP": c.AuthLimits.RegisterPerIP, "AUTH_LIMIT_LOGIN_PER_IP": c.AuthLimits.LoginPerIP,
		"AUTH_LIMIT_REFRESH_PER_IP": c.AuthLimits.RefreshPerIP, "AUTH_LIMIT_LOGIN_PER_ACCOUNT": c.AuthLimits.LoginPerAccount} {
		if v != nil && *v < 0 {
			return Config{}, &FieldError{Var: name, Reason: "must be 0 (off) or more"}
		}
	}
	if c.RequestTimeout < time.Second || c.RequestTimeout > time.Minute {
		return Config{}, &FieldError{Var: "REQUEST_TIMEOUT", Reason: "must be from 1s to 1m"}
	}
	if u, err := url.Parse(c.PublicURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return Config{}, &FieldError{Var: "PUBLIC_URL", Reason: "must be an http(s) URL such as https://club.example.ch"}
	}
	if s := c.SMTPURL.Reveal(); s != "" && !strings.HasPrefix(s, "smtp://") && !strings.HasPrefix(s, "smtps://") {
		return Config{}, &FieldError{Var: "SMTP_URL", Reason: "must be an smtp:// or smtps:// URL"}
	}
	if c.DebugAddr != "" && !loopback(c.DebugAddr) {
		return Config{}, &FieldError{Var: "DEBUG_ADDR", Reason: "must be a loopback host:port such as 127.0.0.1:6060 (profiles must never be public)"}
	}
	if c.UploadLimit <= 0 {
		return Config{}, &FieldError{Var: "UPLOAD_MAX_BYTES", Reason: "must be positive"}
	}
	return c, nil
}

// reader collects the first error so Load reads linearly.
type reader struct {
	getenv func(string) string
	err    error
}

func (r *reader) fail(name, reason string) {
	if r.err == nil {
		r.err = &FieldError{Var: name, Reason: reason}
	}
}

func (r *reader) str(name, def string) string {
	if v := strings.TrimSpace(r.getenv(name)); v != "" {
		return v
	}
	return def
}

func (r *reader) required(name string) string {
	v := strings.TrimSpace(r.getenv(name))
	if v == "" {
		r.fail(name, "is required")
	}
	return v
}

// parsed reads name with parse: def when unset; a value parse rejects fails with what the value
// must be.
func parsed[T any](r *reader, name string, def T, parse func(string) (T, error), must string) T {
	v := r.str(name, "")
	if v == "" {
		return def
	}
	x, err := parse(v)
	if err != nil {
		r.fail(name, fmt.Sprintf("%s, got %q", must, v))
	}
	return x
}

func (r *reader) integer(name string, def int) int {
	return parsed(r, name, def, strconv.Atoi, "must be an integer")
}

// optionalInteger is nil when name is unset.
func (r *reader) optionalInteger(name string) *int {
	if r.str(name, "") == "" {
		return nil
	}
	n := r.integer(name, 0)
	return &n
}

func (r *reader) port(name string, def int) int {
	n := r.integer(name, def)
	if r.err == nil && (n < 1 || n > 65535) {
		r.fail(name, fmt.Sprintf("must be a port between 1 and 65535, got %d", n))
	}
	return n
}

var errNotPositive = errors.New("not positive")

func (r *reader) duration(name string, def time.Duration) time.Duration {
	return parsed(r, name, def, func(v string) (time.Duration, error) {
		d, err := time.ParseDuration(v)
		if err == nil && d <= 0 {
			err = errNotPositive
		}
		return d, err
	}, "must be a positive duration such as 30s")
}

// durationOrZero is duration where 0 (turned off) is allowed.
func (r *reader) durationOrZero(name string, def time.Duration) time.Duration {
	if v := r.str(name, ""); v == "0" || v == "0s" {
		return 0
	}
	return r.duration(name, def)
}

func (r *reader) boolean(name string, def bool) bool {
	return parsed(r, name, def, strconv.ParseBool, "must be true or false")
}

// IsFieldError reports whether err is a configuration error naming a variable.
func IsFieldError(err error) bool {
	var fe *FieldError
	return errors.As(err, &fe)
}

// loopback reports whether addr is host:port with a loopback host (127.0.0.0/8, ::1, localhost).
func loopback(addr string) bool {
	host, port, err := net.SplitHostPort(addr)
	if err != nil || port == "" {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
