package auth

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/trainingclub/platform/backend/internal/testenv"
)

type callerIn struct {
	Name string `json:"name"`
}

type callerOut struct {
	By   uint64 `json:"by"`
	ID   uint64 `json:"id"`
	Name string `json:"name"`
}

func TestCallerMakers(t *testing.T) {
	handlers := map[string]echo.HandlerFunc{
		"CreateAs": CreateAs(func(ctx context.Context, caller Principal, in callerIn) (callerOut, error) {
			return callerOut{By: caller.UserID, Name: in.Name}, nil
		}),
		"UpdateByIDAs": UpdateByIDAs("id", func(ctx context.Context, caller Principal, id uint64, in callerIn) (callerOut, error) {
			return callerOut{By: caller.UserID, ID: id, Name: in.Name}, nil
		}),
	}
	for _, tc := range []struct {
		maker, id, body string
		status          int
		answer, errText string
	}{
		{maker: "CreateAs", body: `{"name":"a"}`, status: 201, answer: `{"by":42,"id":0,"name":"a"}`},
		{maker: "CreateAs", body: `{"nom":"a"}`, errText: `unknown field "nom"`},
		{maker: "UpdateByIDAs", id: "7", body: `{"name":"b"}`, status: 200, answer: `{"by":42,"id":7,"name":"b"}`},
		{maker: "UpdateByIDAs", id: "0", body: `{"name":"b"}`, errText: "id must be a positive integer"},
	} {
		t.Run(tc.maker+" "+tc.id+" "+tc.body, func(t *testing.T) {
			c, w := testenv.EchoContext(http.MethodPost, "/x", strings.NewReader(tc.body))
			c.SetParamNames("id")
			c.SetParamValues(tc.id)
			c.Set(principalKey, Principal{UserID: 42, Role: RoleAdmin})
			err := handlers[tc.maker](c)
			switch {
			case tc.errText != "":
				if err == nil || !strings.Contains(err.Error(), tc.errText) {
					t.Fatalf("error = %v, want %q", err, tc.errText)
				}
			case err != nil:
				t.Fatalf("error = %v", err)
			case w.Code != tc.status || strings.TrimSpace(w.Body.String()) != tc.answer:
				t.Errorf("answered %d %q, want %d %q", w.Code, w.Body.String(), tc.status, tc.answer)
			}
		})
	}
}
