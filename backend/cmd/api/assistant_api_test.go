package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/trainingclub/platform/backend/internal/auth"
)

// fakeManus imitates the Manus v1 task API (the shape documented in internal/assistant/manus.go)
// and records every prompt it receives.
type fakeManus struct {
	mu      sync.Mutex
	prompts []string
	keys    []string
	fail    bool
}

func (f *fakeManus) server(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		defer f.mu.Unlock()
		f.keys = append(f.keys, r.Header.Get("API_KEY"))
		switch {
		case r.Method == http.MethodPost && r.URL.Path == "/v1/tasks":
			var body struct {
				Prompt       string `json:"prompt"`
				AgentProfile string `json:"agentProfile"`
			}
			raw, _ := io.ReadAll(r.Body)
			if json.Unmarshal(raw, &body) != nil || body.Prompt == "" || body.AgentProfile == "" {
				http.Error(w, `{"error":"bad request"}`, http.StatusBadRequest)
				return
			}
			f.prompts = append(f.prompts, body.Prompt)
			json.NewEncoder(w).Encode(map[string]string{"task_id": "task_1", "task_url": "https://manus.im/app/task_1"})
		case r.Method == http.MethodGet && r.URL.Path == "/v1/tasks/task_1":
			if f.fail {
				json.NewEncoder(w).Encode(map[string]any{"id": "task_1", "status": "failed", "error": "quota"})
				return
			}
			json.NewEncoder(w).Encode(map[string]any{"id": "task_1", "status": "completed", "output": []any{
				map[string]any{"role": "user", "content": []any{map[string]string{"type": "input_text", "text": "ignored"}}},
				map[string]any{"role": "assistant", "content": []any{map[string]string{"type": "output_text", "text": "A lively class for everyone."}}},
			}})
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// waitDraft polls a draft until it leaves pending/running.
func (a *api) waitDraft(t *testing.T, token string, id uint64) map[string]any {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		r := a.call(t, "GET", path("/api/assistant/drafts/%d", id), token, nil)
		d := r.JSON(t)
		if s := d["status"]; s != "pending" && s != "running" {
			return d
		}
		if time.Now().After(deadline) {
			t.Fatalf("draft %d still %v", id, d["status"])
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestAssistantDisabledWithoutKey(t *testing.T) {
	a := newAPI(t)
	admin := a.createUser(t, auth.RoleAdmin)
	member := a.createUser(t, auth.RoleMember)
	runCases(t, a, []apiCase{
		{name: "status", method: "GET", path: "/api/assistant/status", token: admin.Token, status: 200, check: func(t *testing.T, r response) {
			if r.JSON(t)["enabled"] != false {
				t.Fatal(string(r.Body))
			}
		}},
		{name: "create", method: "POST", path: "/api/assistant/drafts", token: admin.Token, body: map[string]any{"kind": "weekly_summary"}, status: 503, code: "assistant_disabled"},
		{name: "list still works", method: "GET", path: "/api/assistant/drafts", token: admin.Token, status: 200},
		{name: "members may not", method: "GET", path: "/api/assistant/status", token: member.Token, status: 403},
		{name: "health unaffected", method: "GET", path: "/api/health", status: 200},
	})
}

func TestAssistantDrafts(t *testing.T) {
	fake := &fakeManus{}
	srv := fake.server(t)
	env := testEnv(t)
	env["MANUS_API_KEY"] = "manus-test-key"
	env["MANUS_API_BASE"] = srv.URL
	base, stop, _ := startServer(t, env)
	a := &api{base: base, env: env, tokens: auth.NewTokens(env["JWT_SECRET_KEY"])}
	admin := a.createUser(t, auth.RoleAdmin)
	member := a.createUser(t, auth.RoleMember)
	trainer := a.createUser(t, auth.RoleTrainer)
	ct := a.mkClassType(t, admin, 1)
	session := a.mkSession(t, admin.Token, ct, trainer.ID, sessionOpts{startsIn: 2 * time.Hour, capacity: 5})
	_ = session

	if r := a.call(t, "GET", "/api/assistant/status", admin.Token, nil); r.JSON(t)["enabled"] != true {
		t.Fatalf("status %s", r.Body)
	}
	runCases(t, a, []apiCase{
		{name: "unknown kind", method: "POST", path: "/api/assistant/drafts", token: admin.Token, body: map[string]any{"kind": "poem"}, status: 422},
		{name: "description needs a class type", method: "POST", path: "/api/assistant/drafts", token: admin.Token, body: map[string]any{"kind": "class_description"}, status: 422},
		{name: "unknown class type", method: "POST", path: "/api/assistant/drafts", token: admin.Token, body: map[string]any{"kind": "class_description", "class_type_id": 987654321}, status: 422},
		{name: "bad json", method: "POST", path: "/api/assistant/drafts", token: admin.Token, body: `{"kind":`, status: 400},
		{name: "member", method: "POST", path: "/api/assistant/drafts", token: member.Token, body: map[string]any{"kind": "weekly_summary"}, status: 403},
		{name: "bad status filter", method: "GET", path: "/api/assistant/drafts?status=nope", token: admin.Token, status: 422},
		{name: "unknown draft", method: "GET", path: "/api/assistant/drafts/987654321", token: admin.Token, status: 404},
	})

	r := a.call(t, "POST", "/api/assistant/drafts", admin.Token, map[string]any{"kind": "class_description", "class_type_id": ct})
	if r.Status != http.StatusAccepted || r.JSON(t)["status"] != "pending" {
		t.Fatalf("create: %d %s", r.Status, r.Body)
	}
	descID := idOf(t, r)
	d := a.waitDraft(t, admin.Token, descID)
	if d["status"] != "ready" || d["result"] != "A lively class for everyone." {
		t.Fatalf("draft %v", d)
	}
	approved := a.call(t, "POST", path("/api/assistant/drafts/%d/approve", descID), admin.Token, nil)
	if approved.Status != 200 || approved.JSON(t)["status"] != "approved" || approved.JSON(t)["applied"] != true {
		t.Fatalf("approve: %d %s", approved.Status, approved.Body)
	}
	if got := a.call(t, "GET", path("/api/class-types/%d", ct), "", nil).JSON(t)["description"]; got != "A lively class for everyone." {
		t.Fatalf("class type description %v", got)
	}
	if again := a.call(t, "POST", path("/api/assistant/drafts/%d/reject", descID), admin.Token, nil); again.Status != 409 {
		t.Fatalf("deciding twice: %d %s", again.Status, again.Body)
	}

	r = a.call(t, "POST", "/api/assistant/drafts", admin.Token, map[string]any{"kind": "weekly_summary"})
	sumID := idOf(t, r)
	if d := a.waitDraft(t, admin.Token, sumID); d["status"] != "ready" {
		t.Fatalf("summary %v", d)
	}
	if rj := a.call(t, "POST", path("/api/assistant/drafts/%d/reject", sumID), admin.Token, nil); rj.JSON(t)["status"] != "rejected" {
		t.Fatalf("reject %s", rj.Body)
	}

	fake.mu.Lock()
	fake.fail = true
	fake.mu.Unlock()
	r = a.call(t, "POST", "/api/assistant/drafts", admin.Token, map[string]any{"kind": "weekly_summary"})
	if d := a.waitDraft(t, admin.Token, idOf(t, r)); d["status"] != "failed" || !strings.Contains(d["error"].(string), "quota") {
		t.Fatalf("failed draft %v", d)
	}
	if l := a.call(t, "GET", "/api/assistant/drafts?status=approved", admin.Token, nil); l.JSON(t)["total"].(float64) < 1 {
		t.Fatalf("list %s", l.Body)
	}

	// No member personal data left the server: no names or e-mails, only class texts and counts.
	fake.mu.Lock()
	defer fake.mu.Unlock()
	if len(fake.prompts) != 3 {
		t.Fatalf("%d prompts sent", len(fake.prompts))
	}
	for _, p := range fake.prompts {
		for _, u := range []testUser{admin, member, trainer} {
			if strings.Contains(p, u.Email) || strings.Contains(p, "Test "+string(u.Role)) {
				t.Fatalf("prompt carries personal data of %s: %s", u.Role, p)
			}
		}
	}
	for _, k := range fake.keys {
		if k != "manus-test-key" {
			t.Fatalf("API_KEY header %q", k)
		}
	}
	if err := stop(); err != nil {
		t.Fatalf("shutdown with the assistant running: %v", err)
	}
}
