package httpapi

import (
	"log/slog"
	"testing"
	"time"
)

func TestRequestLogLevel(t *testing.T) {
	for _, c := range []struct {
		status  int
		elapsed time.Duration
		want    slog.Level
	}{
		{200, time.Millisecond, slog.LevelDebug},
		{304, time.Millisecond, slog.LevelDebug},
		{200, 2 * time.Second, slog.LevelWarn},
		{404, time.Millisecond, slog.LevelInfo},
		{422, 2 * time.Second, slog.LevelWarn},
		{500, time.Millisecond, slog.LevelError},
		{503, 2 * time.Second, slog.LevelError},
	} {
		if got := requestLogLevel(c.status, c.elapsed); got != c.want {
			t.Errorf("status %d after %s: %s, want %s", c.status, c.elapsed, got, c.want)
		}
	}
}
