package httpapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/trainingclub/platform/backend/internal/apperr"
	"github.com/trainingclub/platform/backend/internal/testenv"
)

func TestErrorHandlerShapes(t *testing.T) {
	var v apperr.Validation
	v.Add("email", "must be a valid address")
	tests := []struct {
		name   string
		err    error
		status int
		code   string
		leak   string
	}{
		{"validation", v.Err(), 422, "validation_failed", ""},
		{"wrapped not found", fmt.Errorf("load session 7: %w", apperr.NotFound("session")), 404, "not_found", ""},
		{"conflict", apperr.Conflict("session_full", "full"), 409, "session_full", ""},
		{"echo 405", echo.ErrMethodNotAllowed, 405, "method_not_allowed", ""},
		{"echo 413", echo.ErrStatusRequestEntityTooLarge, 413, "payload_too_large", ""},
		{"unknown error hides details", errors.New("dial tcp 10.0.0.1: secret-host refused"), 500, "internal", "secret-host"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, rec := testenv.EchoContext(http.MethodGet, "/", nil)
			errorHandler(testenv.Log)(tt.err, c)
			if rec.Code != tt.status {
				t.Fatalf("want %d, got %d", tt.status, rec.Code)
			}
			var body struct {
				Error struct {
					Code    string         `json:"code"`
					Message string         `json:"message"`
					Details map[string]any `json:"details"`
				} `json:"error"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
				t.Fatal(err)
			}
			if body.Error.Code != tt.code || body.Error.Message == "" || body.Error.Details == nil {
				t.Fatalf("bad body: %s", rec.Body)
			}
			if tt.leak != "" && strings.Contains(rec.Body.String(), tt.leak) {
				t.Fatalf("internal detail leaked: %s", rec.Body)
			}
			if tt.code == "validation_failed" && !strings.Contains(rec.Body.String(), `"email"`) {
				t.Fatalf("fields not listed: %s", rec.Body)
			}
		})
	}
}
