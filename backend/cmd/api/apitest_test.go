package main

// Helpers for the API tests in this package: they start the real server (run) on the package's
// test database and talk HTTP to it, the way clients do.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/trainingclub/platform/backend/internal/auth"
	"github.com/trainingclub/platform/backend/internal/testenv"
)

// api is a running server plus what tests need to set up data.
type api struct {
	base   string
	env    map[string]string
	tokens *auth.Tokens
}

func newAPI(t *testing.T) *api {
	t.Helper()
	return newAPIWith(t, testEnv(t))
}

// newAPIWith starts the server with env (testEnv plus what the test changes).
func newAPIWith(t *testing.T, env map[string]string) *api {
	t.Helper()
	base, _, _ := startServer(t, env)
	return &api{base: base, env: env, tokens: auth.NewTokens(env["JWT_SECRET_KEY"])}
}

// replica starts a second server on a's database and Redis: what one replica changes, the
// other must see.
func (a *api) replica(t *testing.T) *api {
	t.Helper()
	env := maps.Clone(a.env)
	env["PORT"] = strconv.Itoa(testenv.FreePort(t))
	return newAPIWith(t, env)
}

// testUser is a user created directly in the database, with an access token.
type testUser struct {
	ID    uint64
	Email string
	Role  auth.Role
	Token string
}

// createUser inserts a user with role and issues an access token for it, without going through
// the accounts routes (so domain tests do not depend on them).
func (a *api) createUser(t *testing.T, role auth.Role) testUser {
	t.Helper()
	id, email := testenv.InsertUser(t, testenv.DB(t), string(role))
	token, _, err := a.tokens.Issue(auth.Principal{UserID: id, Role: role})
	if err != nil {
		t.Fatal(err)
	}
	return testUser{ID: id, Email: email, Role: role, Token: token}
}

// response is an HTTP answer with its body.
type response struct {
	Status int
	Header http.Header
	Body   []byte
}

// JSON decodes the body as an object (fails the test otherwise).
func (r response) JSON(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.Body, &m); err != nil {
		t.Fatalf("body is not a JSON object: %v: %s", err, r.Body)
	}
	return m
}

// Decode decodes the body into v.
func (r response) Decode(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("decode %T: %v: %s", v, err, r.Body)
	}
}

// errorBody is the API's error shape.
type errorBody struct {
	Error struct {
		Code    string `json:"code"`
		Details struct {
			Fields map[string]string `json:"fields"`
		} `json:"details"`
	} `json:"error"`
}

// ErrorCode returns error.code of an error body ("" when absent).
func (r response) ErrorCode() string {
	var e errorBody
	_ = json.Unmarshal(r.Body, &e)
	return e.Error.Code
}

// wantFields checks that a validation error names a problem for each of fields.
func wantFields(fields ...string) func(t *testing.T, r response) {
	return func(t *testing.T, r response) {
		t.Helper()
		var e errorBody
		r.Decode(t, &e)
		for _, f := range fields {
			if e.Error.Details.Fields[f] == "" {
				t.Fatalf("no problem reported for field %q: %s", f, r.Body)
			}
		}
	}
}

// call sends body (nil, a string sent raw, or a value encoded as JSON) with an optional token.
func (a *api) call(t *testing.T, method, path, token string, body any) response {
	t.Helper()
	return a.callWith(t, nil, method, path, token, body)
}

// callWith is call with extra request headers (such as X-Forwarded-For).
func (a *api) callWith(t *testing.T, header http.Header, method, path, token string, body any) response {
	t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, a.base+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for name, values := range header {
		req.Header[name] = values
	}
	resp, err := apiClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return response{Status: resp.StatusCode, Header: resp.Header, Body: raw}
}

// apiCase is one row of a table-driven API test.
type apiCase struct {
	name   string
	method string
	path   string
	token  string
	body   any
	status int
	code   string // expected error.code for error statuses ("" = any)
	check  func(t *testing.T, r response)
}

// runCases runs each case as a subtest and checks status, error shape and the custom check.
func runCases(t *testing.T, a *api, cases []apiCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			checkCase(t, tc, a.call(t, tc.method, tc.path, tc.token, tc.body))
		})
	}
}

// checkCase checks r, the answer to tc: status, error shape and the custom check.
func checkCase(t *testing.T, tc apiCase, r response) {
	t.Helper()
	if r.Status != tc.status {
		t.Fatalf("%s %s: want %d, got %d: %s", tc.method, tc.path, tc.status, r.Status, r.Body)
	}
	if r.Status >= 400 {
		if r.ErrorCode() == "" {
			t.Fatalf("error answer without the JSON error shape: %s", r.Body)
		}
		if tc.code != "" && r.ErrorCode() != tc.code {
			t.Fatalf("want error code %q, got %q: %s", tc.code, r.ErrorCode(), r.Body)
		}
	}
	if tc.check != nil {
		tc.check(t, r)
	}
}

// listItems GETs a paged list, which must answer 200, and decodes its items.
func listItems[T any](t *testing.T, a *api, path, token string) []T {
	t.Helper()
	r := a.call(t, "GET", path, token, nil)
	if r.Status != 200 {
		t.Fatalf("GET %s: %d %s", path, r.Status, r.Body)
	}
	var l struct{ Items []T }
	r.Decode(t, &l)
	return l.Items
}

// idOf reads the numeric "id" of a JSON object answer.
func idOf(t *testing.T, r response) uint64 {
	t.Helper()
	v, ok := r.JSON(t)["id"].(float64)
	if !ok {
		t.Fatalf("answer has no numeric id: %s", r.Body)
	}
	return uint64(v)
}

func path(format string, args ...any) string { return fmt.Sprintf(format, args...) }

// createOneOfEachRole creates an admin, a trainer and a member: the cast most API tests need.
func (a *api) createOneOfEachRole(t *testing.T) (admin, trainer, member testUser) {
	t.Helper()
	return a.createUser(t, auth.RoleAdmin), a.createUser(t, auth.RoleTrainer), a.createUser(t, auth.RoleMember)
}

// refusedCases checks that each of users gets 403 from method path and an anonymous caller 401.
func refusedCases(method, path string, body any, users ...testUser) []apiCase {
	cases := make([]apiCase, 0, len(users)+1)
	for _, u := range users {
		cases = append(cases, apiCase{name: string(u.Role) + " refused", method: method, path: path, token: u.Token, body: body, status: 403})
	}
	return append(cases, apiCase{name: "anonymous refused", method: method, path: path, body: body, status: 401})
}

// raceAll runs f(0) … f(n-1) at the same moment (testenv.AllAtOnce) and reports every error.
func raceAll(t *testing.T, n int, f func(i int) error) {
	t.Helper()
	for _, err := range testenv.AllAtOnce(n, f) {
		if err != nil {
			t.Error(err)
		}
	}
}

// dbValue reads the one value query selects from the package's test database.
func dbValue[T any](t *testing.T, query string, args ...any) T {
	t.Helper()
	var v T
	if err := testenv.DB(t).Raw(query, args...).Scan(&v).Error; err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return v
}
