package web

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/trainingclub/platform/backend/internal/testenv"
)

type echoIn struct {
	Name string `json:"name"`
}

type echoOut struct {
	ID   uint64 `json:"id"`
	Name string `json:"name"`
}

var errService = errors.New("service failed")

func serve(t *testing.T, h echo.HandlerFunc, target, body string) (*httptest.ResponseRecorder, error) {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	c, w := testenv.EchoContext(http.MethodPost, target, r)
	c.SetParamNames("id")
	c.SetParamValues(strings.TrimPrefix(target, "/x/"))
	return w, h(c)
}

func TestHandlerMakers(t *testing.T) {
	out := func(id uint64, in echoIn) (echoOut, error) {
		if in.Name == "fail" {
			return echoOut{}, errService
		}
		return echoOut{ID: id, Name: in.Name}, nil
	}
	act := func(in echoIn) error {
		if in.Name == "fail" {
			return errService
		}
		return nil
	}
	handlers := map[string]echo.HandlerFunc{
		"Respond": Respond(http.StatusAccepted, func(c echo.Context) (echoOut, error) { return out(0, echoIn{Name: "x"}) }),
		"RespondByID": RespondByID("id", http.StatusOK, func(c echo.Context, id uint64) (echoOut, error) {
			return out(id, echoIn{Name: "x"})
		}),
		"Decoded":     Decoded(http.StatusCreated, func(c echo.Context, in echoIn) (echoOut, error) { return out(0, in) }),
		"DecodedByID": DecodedByID("id", http.StatusOK, func(c echo.Context, id uint64, in echoIn) (echoOut, error) { return out(id, in) }),
		"NoContent":   NoContent(func(c echo.Context) error { return nil }),
		"NoContentByID": NoContentByID("id", func(c echo.Context, id uint64) error {
			return nil
		}),
		"DecodedNoContent": DecodedNoContent(func(c echo.Context, in echoIn) error { return act(in) }),
		"Create":           Create(func(ctx context.Context, in echoIn) (echoOut, error) { return out(0, in) }),
		"UpdateByID":       UpdateByID("id", func(ctx context.Context, id uint64, in echoIn) (echoOut, error) { return out(id, in) }),
		"ListPageByID": ListPageByID("id", func(c echo.Context, id uint64, p Page) ([]echoOut, int64, error) {
			return []echoOut{{ID: id}}, 1, nil
		}),
	}
	for _, tc := range []struct {
		maker, target, body string
		status              int
		answer              string
		err                 error
		errText             string
	}{
		{maker: "Respond", target: "/x/", status: 202, answer: `{"id":0,"name":"x"}`},
		{maker: "RespondByID", target: "/x/7", status: 200, answer: `{"id":7,"name":"x"}`},
		{maker: "RespondByID", target: "/x/0", errText: "id must be a positive integer"},
		{maker: "Decoded", target: "/x/", body: `{"name":"a"}`, status: 201, answer: `{"id":0,"name":"a"}`},
		{maker: "Decoded", target: "/x/", body: `{"name":"fail"}`, err: errService},
		{maker: "Decoded", target: "/x/", body: `{"nom":"a"}`, errText: `unknown field "nom"`},
		{maker: "DecodedByID", target: "/x/3", body: `{"name":"b"}`, status: 200, answer: `{"id":3,"name":"b"}`},
		{maker: "DecodedByID", target: "/x/abc", body: `{"name":"b"}`, errText: "id must be a positive integer"},
		{maker: "NoContent", target: "/x/", status: 204},
		{maker: "NoContentByID", target: "/x/5", status: 204},
		{maker: "NoContentByID", target: "/x/-1", errText: "id must be a positive integer"},
		{maker: "DecodedNoContent", target: "/x/", body: `{"name":"a"}`, status: 204},
		{maker: "DecodedNoContent", target: "/x/", body: `{"name":"fail"}`, err: errService},
		{maker: "DecodedNoContent", target: "/x/", errText: "the body is empty"},
		{maker: "Create", target: "/x/", body: `{"name":"a"}`, status: 201, answer: `{"id":0,"name":"a"}`},
		{maker: "Create", target: "/x/", body: `{"name":"fail"}`, err: errService},
		{maker: "UpdateByID", target: "/x/4", body: `{"name":"c"}`, status: 200, answer: `{"id":4,"name":"c"}`},
		{maker: "UpdateByID", target: "/x/x", body: `{"name":"c"}`, errText: "id must be a positive integer"},
		{maker: "ListPageByID", target: "/x/9", status: 200, answer: `{"items":[{"id":9,"name":""}],"page":1,"per_page":20,"total":1}`},
		{maker: "ListPageByID", target: "/x/0", errText: "id must be a positive integer"},
	} {
		t.Run(tc.maker+" "+tc.target+" "+tc.body, func(t *testing.T) {
			w, err := serve(t, handlers[tc.maker], tc.target, tc.body)
			switch {
			case tc.err != nil || tc.errText != "":
				if err == nil || (tc.err != nil && !errors.Is(err, tc.err)) || !strings.Contains(err.Error(), tc.errText) {
					t.Fatalf("error = %v, want %v %q", err, tc.err, tc.errText)
				}
				if w.Body.Len() != 0 {
					t.Errorf("answered %q on error", w.Body.String())
				}
			case err != nil:
				t.Fatalf("error = %v", err)
			default:
				if w.Code != tc.status || strings.TrimSpace(w.Body.String()) != tc.answer {
					t.Errorf("answered %d %q, want %d %q", w.Code, w.Body.String(), tc.status, tc.answer)
				}
			}
		})
	}
}
