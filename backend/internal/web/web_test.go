package web

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/trainingclub/platform/backend/internal/apperr"
	"github.com/trainingclub/platform/backend/internal/testenv"
)

type sample struct {
	Name  string `json:"name"`
	Count int    `json:"count"`
}

func TestDecode(t *testing.T) {
	tests := []struct {
		name        string
		body        string
		contentType string
		limit       int64
		wantKind    apperr.Kind
		wantField   string
		ok          bool
	}{
		{name: "valid", body: `{"name":"yoga","count":3}`, ok: true},
		{name: "empty", body: ``, wantKind: apperr.KindInvalid},
		{name: "malformed", body: `{"name":`, wantKind: apperr.KindInvalid},
		{name: "not json", body: `name=yoga`, wantKind: apperr.KindInvalid},
		{name: "wrong type", body: `{"count":"three"}`, wantKind: apperr.KindInvalid, wantField: "count"},
		{name: "unknown field", body: `{"nam":"x"}`, wantKind: apperr.KindInvalid, wantField: "nam"},
		{name: "array instead of object", body: `[1,2]`, wantKind: apperr.KindInvalid},
		{name: "trailing data", body: `{"name":"a"}{"name":"b"}`, wantKind: apperr.KindInvalid},
		{name: "wrong content type", body: `{}`, contentType: "text/plain", wantKind: apperr.KindUnsupported},
		{name: "too large", body: `{"name":"` + strings.Repeat("x", 100) + `"}`, limit: 20, wantKind: apperr.KindTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, rec := testenv.EchoContext(http.MethodPost, "/", strings.NewReader(tt.body))
			req := c.Request()
			ct := tt.contentType
			if ct == "" {
				ct = "application/json; charset=utf-8"
			}
			req.Header.Set("Content-Type", ct)
			if tt.limit > 0 {
				req.Body = http.MaxBytesReader(rec, req.Body, tt.limit)
			}
			var dst sample
			err := Decode(c, &dst)
			if tt.ok {
				if err != nil || dst.Name != "yoga" || dst.Count != 3 {
					t.Fatalf("got %+v, %v", dst, err)
				}
				return
			}
			if err == nil || apperr.KindOf(err) != tt.wantKind {
				t.Fatalf("want kind %v, got %v", tt.wantKind, err)
			}
			if tt.wantField != "" {
				var ae *apperr.Error
				if !asErr(err, &ae) || ae.Fields[tt.wantField] == "" {
					t.Fatalf("want field %q named, got %+v", tt.wantField, err)
				}
			}
		})
	}
}

func asErr(err error, target **apperr.Error) bool {
	e, ok := err.(*apperr.Error)
	*target = e
	return ok
}

func TestPageParams(t *testing.T) {
	tests := []struct {
		query   string
		want    Page
		wantErr bool
	}{
		{"", Page{1, 20}, false},
		{"page=3&per_page=50", Page{3, 50}, false},
		{"page=0", Page{}, true},
		{"per_page=101", Page{}, true},
		{"page=abc", Page{}, true},
		{"page=100000", Page{100000, 20}, false},
		{"page=100001", Page{}, true},
		{"page=9223372036854775807", Page{}, true},
		{"page=99999999999999999999", Page{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			c, _ := testenv.EchoContext(http.MethodGet, "/?"+tt.query, nil)
			p, err := PageParams(c)
			if tt.wantErr {
				if apperr.KindOf(err) != apperr.KindValidation {
					t.Fatalf("want validation error, got %v", err)
				}
				return
			}
			if err != nil || p != tt.want {
				t.Fatalf("got %+v %v", p, err)
			}
			if p.Offset() != (p.Number-1)*p.PerPage {
				t.Fatal("offset")
			}
		})
	}
}

func TestIDParam(t *testing.T) {
	for _, tt := range []struct {
		raw string
		ok  bool
	}{{"1", true}, {"0", false}, {"-3", false}, {"abc", false}, {"99999999999999999999999", false}} {
		c, _ := testenv.EchoContext(http.MethodGet, "/", nil)
		c.SetParamNames("id")
		c.SetParamValues(tt.raw)
		_, err := IDParam(c, "id")
		if (err == nil) != tt.ok {
			t.Fatalf("%q: ok=%v err=%v", tt.raw, tt.ok, err)
		}
	}
}

// checkAnswer asserts a handler's outcome: the error wantErr, an error of kind wantKind, or else
// 200 with wantBody.
func checkAnswer(t *testing.T, rec *httptest.ResponseRecorder, err error, wantBody string, wantErr error, wantKind apperr.Kind) {
	t.Helper()
	switch {
	case wantErr != nil:
		if !errors.Is(err, wantErr) {
			t.Fatalf("want %v, got %v", wantErr, err)
		}
	case wantKind != apperr.KindInternal:
		if apperr.KindOf(err) != wantKind {
			t.Fatalf("want kind %v, got %v", wantKind, err)
		}
	default:
		if err != nil || rec.Code != http.StatusOK || strings.TrimSpace(rec.Body.String()) != wantBody {
			t.Fatalf("got %d %q %v, want 200 %s", rec.Code, rec.Body.String(), err, wantBody)
		}
	}
}

func TestGetByID(t *testing.T) {
	errGone := apperr.New(apperr.KindNotFound, "gone", "no such thing")
	get := func(_ context.Context, id uint64) (sample, error) {
		if id == 7 {
			return sample{}, errGone
		}
		return sample{Name: "item", Count: int(id)}, nil
	}
	for _, tt := range []struct {
		raw      string
		wantBody string
		wantErr  error
		wantKind apperr.Kind
	}{
		{raw: "3", wantBody: `{"name":"item","count":3}`},
		{raw: "7", wantErr: errGone},
		{raw: "0", wantKind: apperr.KindInvalid},
		{raw: "x", wantKind: apperr.KindInvalid},
	} {
		t.Run(tt.raw, func(t *testing.T) {
			c, rec := testenv.EchoContext(http.MethodGet, "/", nil)
			c.SetParamNames("thing_id")
			c.SetParamValues(tt.raw)
			err := GetByID("thing_id", get)(c)
			checkAnswer(t, rec, err, tt.wantBody, tt.wantErr, tt.wantKind)
		})
	}
}

func TestListPage(t *testing.T) {
	errDown := errors.New("store down")
	var called bool
	list := func(_ context.Context, p Page) ([]sample, int64, error) {
		called = true
		switch p.Number {
		case 2:
			return nil, 0, nil
		case 3:
			return nil, 0, errDown
		}
		return []sample{{Name: "a", Count: p.PerPage}}, 41, nil
	}
	for _, tt := range []struct {
		query      string
		wantBody   string
		wantErr    error
		wantKind   apperr.Kind
		wantCalled bool
	}{
		{query: "per_page=5", wantBody: `{"items":[{"name":"a","count":5}],"page":1,"per_page":5,"total":41}`, wantCalled: true},
		{query: "page=2", wantBody: `{"items":[],"page":2,"per_page":20,"total":0}`, wantCalled: true},
		{query: "page=3", wantErr: errDown, wantCalled: true},
		{query: "page=0", wantKind: apperr.KindValidation},
	} {
		t.Run(tt.query, func(t *testing.T) {
			called = false
			c, rec := testenv.EchoContext(http.MethodGet, "/?"+tt.query, nil)
			err := ListPage(list)(c)
			if called != tt.wantCalled {
				t.Fatalf("list called = %v, want %v", called, tt.wantCalled)
			}
			checkAnswer(t, rec, err, tt.wantBody, tt.wantErr, tt.wantKind)
		})
	}
}

func TestListPageWithReadsTheRequest(t *testing.T) {
	c, rec := testenv.EchoContext(http.MethodGet, "/?status=open&page=4", nil)
	err := ListPageWith(func(c echo.Context, p Page) ([]string, int64, error) {
		return []string{c.QueryParam("status")}, int64(p.Number), nil
	})(c)
	want := `{"items":["open"],"page":4,"per_page":20,"total":4}`
	checkAnswer(t, rec, err, want, nil, apperr.KindInternal)
}
