package auth

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/trainingclub/platform/backend/internal/apperr"
	"github.com/trainingclub/platform/backend/internal/testenv"
	"github.com/trainingclub/platform/backend/internal/web"
)

func pageOf(n, per int) web.Page { return web.Page{Number: n, PerPage: per} }

// fuzzHandler runs body through the real handler against the test database and Redis and fails
// on a panic (the fuzzer reports it), a 5xx-kind error or a success without a 2xx status.
func fuzzHandler(t *testing.T, h echo.HandlerFunc, path, body string) {
	c, rec := testenv.EchoContext(http.MethodPost, path, strings.NewReader(body))
	err := h(c)
	if err != nil {
		switch apperr.KindOf(err) {
		case apperr.KindInternal, apperr.KindUnavailable:
			t.Fatalf("body %q: server-side error %v", body, err)
		}
		return
	}
	if rec.Code < 200 || rec.Code > 299 {
		t.Fatalf("body %q: status %d without error", body, rec.Code)
	}
}

var fuzzSeeds = []string{
	`{}`, ``, `null`, `[]`, `"x"`, `{"email":1}`, `{"email":"a@b.ch","password":"long enough password","name":"A"}`,
	`{"email":"a@b.ch","password":"x","name":""}`, `{"unknown":true}`, `{"email":"a@b.ch"}{}`, `{"refresh_token":"abc"}`,
	`{"refresh_token":null}`, `{"email":"` + strings.Repeat("a", 300) + `@b.ch","password":"` + strings.Repeat("p", 200) + `","name":"n"}`,
	`{"email":"\u0000@x.ch","password":"\ud800\ud800\ud800\ud800\ud800","name":"\u0007"}`,
}

func FuzzRegisterJSON(f *testing.F) {
	s := newTestService(f, Limits{})
	h := HandleRegister(s)
	for _, seed := range fuzzSeeds {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, body string) { fuzzHandler(t, h, "/api/auth/register", body) })
}

func FuzzLoginJSON(f *testing.F) {
	s := newTestService(f, Limits{})
	in, _ := register(f, s, "fuzzlogin")
	h := HandleLogin(s)
	for _, seed := range fuzzSeeds {
		f.Add(seed)
	}
	f.Add(`{"email":"` + in.Email + `","password":"` + in.Password + `"}`)
	f.Add(`{"email":"` + strings.ToUpper(in.Email) + `","password":"wrong"}`)
	f.Fuzz(func(t *testing.T, body string) { fuzzHandler(t, h, "/api/auth/login", body) })
}

func FuzzRefreshJSON(f *testing.F) {
	s := newTestService(f, Limits{})
	h := HandleRefresh(s)
	logout := HandleLogout(s)
	for _, seed := range fuzzSeeds {
		f.Add(seed)
	}
	for range 3 {
		sess, err := s.Register(context.Background(), "192.0.2.9", RegisterInput{Email: strings.ToLower(randomEmail()), Password: "long enough password", Name: "F"})
		if err != nil {
			f.Fatal(err)
		}
		f.Add(`{"refresh_token":"` + sess.RefreshToken + `"}`)
	}
	f.Fuzz(func(t *testing.T, body string) {
		fuzzHandler(t, h, "/api/auth/refresh", body)
		fuzzHandler(t, logout, "/api/auth/logout", body)
	})
}

func randomEmail() string {
	tok := NewToken()
	return "fuzz-" + strings.NewReplacer("-", "x", "_", "y").Replace(tok[:12]) + "@example.test"
}
