package config

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func baseEnv() map[string]string {
	return map[string]string{
		"DB_USERNAME":    "club",
		"DB_PASSWORD":    "pw-secret",
		"DB_HOST":        "127.0.0.1",
		"DB_PORT":        "3306",
		"DB_NAME":        "club",
		"JWT_SECRET_KEY": "0123456789abcdef0123456789abcdef",
		"REDIS_URL":      "redis://127.0.0.1:6379/0",
	}
}

func TestLoad(t *testing.T) {
	tests := []struct {
		name    string
		change  map[string]string
		wantVar string
		check   func(t *testing.T, c Config)
	}{
		{name: "defaults", check: func(t *testing.T, c Config) {
			if c.Port != 5000 || c.Env != EnvDevelopment || c.UploadsDir != "/app/uploads" || !c.MigrateOnStart {
				t.Fatalf("unexpected defaults: %+v", c)
			}
		}},
		{name: "flask env alias", change: map[string]string{"FLASK_ENV": "production", "FLASK_APP": "app.py"}, check: func(t *testing.T, c Config) {
			if !c.Production() || c.MigrateOnStart {
				t.Fatalf("FLASK_ENV=production not honoured: %+v", c)
			}
		}},
		{name: "app env wins over flask env", change: map[string]string{"APP_ENV": "development", "FLASK_ENV": "production"}, check: func(t *testing.T, c Config) {
			if c.Production() {
				t.Fatal("APP_ENV should win")
			}
		}},
		{name: "bad db port", change: map[string]string{"DB_PORT": "abc"}, wantVar: "DB_PORT"},
		{name: "db port out of range", change: map[string]string{"DB_PORT": "70000"}, wantVar: "DB_PORT"},
		{name: "bad port", change: map[string]string{"PORT": "-1"}, wantVar: "PORT"},
		{name: "missing db host", change: map[string]string{"DB_HOST": ""}, wantVar: "DB_HOST"},
		{name: "missing redis", change: map[string]string{"REDIS_URL": ""}, wantVar: "REDIS_URL"},
		{name: "malformed redis", change: map[string]string{"REDIS_URL": "http://x"}, wantVar: "REDIS_URL"},
		{name: "missing jwt", change: map[string]string{"JWT_SECRET_KEY": ""}, wantVar: "JWT_SECRET_KEY"},
		{name: "short jwt in production", change: map[string]string{"APP_ENV": "production", "JWT_SECRET_KEY": "short"}, wantVar: "JWT_SECRET_KEY"},
		{name: "short jwt fine in development", change: map[string]string{"JWT_SECRET_KEY": "short"}},
		{name: "debug listener off by default", check: func(t *testing.T, c Config) {
			if c.DebugAddr != "" {
				t.Fatalf("DebugAddr %q by default", c.DebugAddr)
			}
		}},
		{name: "debug listener on loopback", change: map[string]string{"DEBUG_ADDR": "127.0.0.1:6060"}, check: func(t *testing.T, c Config) {
			if c.DebugAddr != "127.0.0.1:6060" {
				t.Fatalf("DebugAddr %q", c.DebugAddr)
			}
		}},
		{name: "debug listener on ipv6 loopback", change: map[string]string{"DEBUG_ADDR": "[::1]:6060"}},
		{name: "debug listener on localhost", change: map[string]string{"DEBUG_ADDR": "localhost:6060"}},
		{name: "debug listener on all interfaces", change: map[string]string{"DEBUG_ADDR": ":6060"}, wantVar: "DEBUG_ADDR"},
		{name: "debug listener on a public address", change: map[string]string{"DEBUG_ADDR": "0.0.0.0:6060"}, wantVar: "DEBUG_ADDR"},
		{name: "debug listener without port", change: map[string]string{"DEBUG_ADDR": "127.0.0.1"}, wantVar: "DEBUG_ADDR"},
		{name: "stripe key without webhook secret in production", change: map[string]string{"APP_ENV": "production", "STRIPE_API_KEY": "sk_test_x"}, wantVar: "STRIPE_WEBHOOK_SECRET"},
		{name: "stripe key without webhook secret fine in development", change: map[string]string{"STRIPE_API_KEY": "sk_test_x"}},
		{name: "auth limits", change: map[string]string{"AUTH_LIMIT_LOGIN_PER_IP": "7"}, check: func(t *testing.T, c Config) {
			if l := c.AuthLimits; l.LoginPerIP == nil || *l.LoginPerIP != 7 || l.RegisterPerIP != nil || l.LoginPerAccount != nil {
				t.Fatalf("limits: %+v", c.AuthLimits)
			}
		}},
		{name: "negative auth limit", change: map[string]string{"AUTH_LIMIT_REFRESH_PER_IP": "-1"}, wantVar: "AUTH_LIMIT_REFRESH_PER_IP"},
		{name: "unknown env", change: map[string]string{"APP_ENV": "staging"}, wantVar: "APP_ENV"},
		{name: "bad duration", change: map[string]string{"HTTP_READ_TIMEOUT": "soon"}, wantVar: "HTTP_READ_TIMEOUT"},
		{name: "request timeout and drain", change: map[string]string{"REQUEST_TIMEOUT": "3s", "SHUTDOWN_DRAIN": "0"}, check: func(t *testing.T, c Config) {
			if c.RequestTimeout != 3*time.Second || c.ShutdownDrain != 0 {
				t.Fatalf("timeouts: %v %v", c.RequestTimeout, c.ShutdownDrain)
			}
		}},
		{name: "default request timeout and drain", check: func(t *testing.T, c Config) {
			if c.RequestTimeout != 5*time.Second || c.ShutdownDrain != 5*time.Second {
				t.Fatalf("timeouts: %v %v", c.RequestTimeout, c.ShutdownDrain)
			}
		}},
		{name: "request timeout too short", change: map[string]string{"REQUEST_TIMEOUT": "10ms"}, wantVar: "REQUEST_TIMEOUT"},
		{name: "negative drain", change: map[string]string{"SHUTDOWN_DRAIN": "-1s"}, wantVar: "SHUTDOWN_DRAIN"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := baseEnv()
			for k, v := range tt.change {
				env[k] = v
			}
			c, err := Load(func(k string) string { return env[k] })
			if tt.wantVar != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantVar) || !IsFieldError(err) {
					t.Fatalf("want error naming %s, got %v", tt.wantVar, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if tt.check != nil {
				tt.check(t, c)
			}
		})
	}
}

func TestSecretsNeverPrint(t *testing.T) {
	env := baseEnv()
	c, err := Load(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	out := fmt.Sprintf("%v %+v", c, c)
	for _, secret := range []string{"pw-secret", env["JWT_SECRET_KEY"]} {
		if strings.Contains(out, secret) {
			t.Fatalf("secret %q printed in %s", secret, out)
		}
	}
}
