package assistant

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/trainingclub/platform/backend/internal/auth"
)

func TestManusClient(t *testing.T) {
	var polls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("API_KEY") != "k" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		switch {
		case r.Method == http.MethodPost && r.URL.Path == "/v1/tasks":
			w.Write([]byte(`{"task_id":"t1"}`))
		case r.URL.Path == "/v1/tasks/t1" && polls.Add(1) < 3:
			w.Write([]byte(`{"id":"t1","status":"running"}`))
		case r.URL.Path == "/v1/tasks/t1":
			w.Write([]byte(`{"id":"t1","status":"completed","output":[{"role":"assistant","content":[{"type":"output_text","text":" Hello "},{"type":"output_text","text":"World"}]}]}`))
		}
	}))
	defer srv.Close()
	m := &Manus{Key: "k", Base: srv.URL, PollInterval: 10 * time.Millisecond}
	text, err := m.Write(context.Background(), "p")
	if err != nil || text != "Hello\n\nWorld" {
		t.Fatalf("%q %v", text, err)
	}
	bad := &Manus{Key: "wrong", Base: srv.URL}
	if _, err := bad.Write(context.Background(), "p"); !errors.Is(err, ErrWriter) || !strings.Contains(err.Error(), "401") {
		t.Fatalf("bad key: %v", err)
	}
	slow := &Manus{Key: "k", Base: srv.URL, PollInterval: time.Hour, MaxWait: 50 * time.Millisecond}
	polls.Store(-100)
	if _, err := slow.Write(context.Background(), "p"); !errors.Is(err, ErrWriter) {
		t.Fatalf("timeout: %v", err)
	}
}

type nopWriter struct{}

func (nopWriter) Write(context.Context, string) (string, error) { return "x", nil }

func principal() auth.Principal { return auth.Principal{UserID: 1, Role: auth.RoleAdmin} }

func TestCloseStopsWorkers(t *testing.T) {
	s := NewService(nil, Options{Writer: nopWriter{}, Workers: 3})
	done := make(chan struct{})
	go func() { s.Close(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Close did not return")
	}
	s.Close() // twice is fine
	if _, err := s.CreateDraft(context.Background(), principal(), KindWeeklySummary, nil); !errors.Is(err, ErrBusy) {
		t.Fatalf("a closed service must refuse drafts, got %v", err)
	}
}

func TestDisabledWithoutWriter(t *testing.T) {
	s := NewService(nil, Options{})
	defer s.Close()
	if s.Enabled() {
		t.Fatal("enabled without a writer")
	}
	if _, err := s.CreateDraft(context.Background(), principal(), KindWeeklySummary, nil); !errors.Is(err, ErrDisabled) {
		t.Fatalf("want ErrDisabled, got %v", err)
	}
}
