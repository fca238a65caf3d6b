package testenv

import (
	"testing"

	"github.com/redis/go-redis/v9"
)

// The engine's Redis requires a password; a URL that drops it fails every test with NOAUTH.
func TestRedisURLKeepsCredentials(t *testing.T) {
	tests := []struct {
		name string
		opts redis.Options
		addr string
	}{
		{"no password", redis.Options{Addr: "127.0.0.1:6379", DB: 3}, "127.0.0.1:6379"},
		{"password only", redis.Options{Addr: "redis:6379", Password: "p@ss/w:rd?#%", DB: 7}, "redis:6379"},
		{"user and password", redis.Options{Addr: "redis:6379", Username: "app", Password: "s3cret", DB: 1}, "127.0.0.1:40001"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := redis.ParseURL(redisURL(&tt.opts, tt.addr))
			if err != nil {
				t.Fatalf("parse %q: %v", redisURL(&tt.opts, tt.addr), err)
			}
			if got.Addr != tt.addr || got.Username != tt.opts.Username || got.Password != tt.opts.Password || got.DB != tt.opts.DB {
				t.Fatalf("round trip: got addr=%q user=%q password=%q db=%d, want %q %q %q %d",
					got.Addr, got.Username, got.Password, got.DB, tt.addr, tt.opts.Username, tt.opts.Password, tt.opts.DB)
			}
		})
	}
}
